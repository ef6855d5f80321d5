/**
 * Where a request's CPU goes: the V8 inspector's sampling profiler around one request
 * to a fresh workerd (the same bare setup as the CPU figures), summed by function.
 * `npm run bench:cpu -- N --profile PATH` prints the heaviest functions of PATH's cold
 * request and writes the whole profile beside the run (open it in Chrome's DevTools).
 */
import { writeFile } from "node:fs/promises";
import { devtoolsSession, findTarget } from "../bench-scale/inspector";
import { freePort, send, Workerd, type WorkerdSetup } from "./workerd";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Profiles `path` as the first request of a fresh workerd (or after `warm` requests); returns the top functions. */
export async function profileRequest(
  setup: WorkerdSetup,
  path: string,
  headers: Record<string, string>,
  out: string,
  warm: string[] = [],
): Promise<string[]> {
  const inspector = await freePort();
  const workerd = await Workerd.start(setup, inspector);
  try {
    for (const warmPath of warm) await send(workerd.ours, warmPath, headers);
    const target = await findTarget(new URL(`http://127.0.0.1:${inspector}`), "edgefeed");
    const profile = await devtoolsSession(target.webSocketDebuggerUrl, async (call) => {
      await call("Profiler.enable");
      await call("Profiler.setSamplingInterval", { interval: 25 });
      await call("Profiler.start");
      await send(workerd.ours, path, headers);
      return ((await call("Profiler.stop")) as { profile: CpuProfile }).profile;
    });
    await writeFile(out, JSON.stringify(profile));
    return summarize(profile);
  } finally {
    await workerd.stop();
  }
}

function summarize(profile: CpuProfile): string[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byNode.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || "(anonymous)"} ${url.split("/").pop() ?? ""}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  });
  const total = [...self.entries()].filter(([k]) => !k.startsWith("(idle)")).reduce((sum, [, us]) => sum + us, 0);
  return [
    `sampled, not idle: ${(total / 1000).toFixed(2)} ms`,
    ...[...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 30)
      .map(([key, us]) => `${(us / 1000).toFixed(2).padStart(7)} ms  ${key}`),
  ];
}
