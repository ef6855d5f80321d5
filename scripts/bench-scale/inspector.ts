/**
 * Reads a worker isolate's V8 heap through workerd's inspector (the Chrome DevTools
 * protocol that Miniflare exposes on `inspectorPort`): the target list at `/json`,
 * then over the target's WebSocket a full garbage collection and `Runtime.getHeapUsage`,
 * so the figure is what the isolate keeps, not garbage waiting to be collected.
 * workerd runs a queued collection (and answers it) only when the isolate next runs,
 * so the caller passes a request that wakes it; it is sent again every half second
 * until the collection is answered, since a wake that arrives before the inspector
 * has queued the collection does not run it.
 */

export interface HeapFigure {
  usedMiB: number;
  totalMiB: number;
  /** The inspector target that was read. */
  target: string;
}

interface InspectorTarget {
  id: string;
  title?: string;
  webSocketDebuggerUrl?: string;
}

const MiB = 1024 * 1024;

export async function findTarget(
  inspector: URL,
  workerName: string,
): Promise<InspectorTarget & { webSocketDebuggerUrl: string }> {
  const listUrl = new URL("/json", `http://${inspector.host}`);
  const targets = (await (await fetch(listUrl, { signal: AbortSignal.timeout(10_000) })).json()) as InspectorTarget[];
  const target = targets.find(
    (t) => t.id === workerName || t.id === `core:user:${workerName}` || t.id.endsWith(`:${workerName}`),
  );
  if (!target?.webSocketDebuggerUrl) {
    throw new Error(
      `no inspector target for worker ${workerName} at ${listUrl}: ${targets.map((t) => t.id).join(", ")}`,
    );
  }
  return { ...target, webSocketDebuggerUrl: target.webSocketDebuggerUrl };
}

/** Sends DevTools commands one after another over one socket; each answer must come within the time limit. */
export async function devtoolsSession<T>(
  url: string,
  use: (send: (method: string, params?: Record<string, unknown>) => Promise<unknown>) => Promise<T>,
): Promise<T> {
  const socket = new WebSocket(url);
  const pending = new Map<number, (result: unknown) => void>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error(`cannot open ${url}`)), { once: true });
  });
  let nextId = 1;
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`${method}: no answer from the inspector in 30 s`)), 30_000);
      pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    return await use(send);
  } finally {
    socket.close();
  }
}

export async function isolateHeap(inspector: URL, workerName: string, wake: () => Promise<void>): Promise<HeapFigure> {
  const target = await findTarget(inspector, workerName);
  return devtoolsSession(target.webSocketDebuggerUrl, async (send) => {
    const collected = send("HeapProfiler.collectGarbage");
    let answered = false;
    const settled = collected.then(
      () => (answered = true),
      () => (answered = true),
    );
    while (!answered) {
      await wake();
      await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 500))]);
    }
    await collected;
    const usage = (await send("Runtime.getHeapUsage")) as { usedSize: number; totalSize: number };
    return { usedMiB: usage.usedSize / MiB, totalMiB: usage.totalSize / MiB, target: target.id };
  });
}
