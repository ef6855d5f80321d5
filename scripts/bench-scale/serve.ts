/**
 * Runs the dry-run bundle in workerd through Miniflare, two ways:
 * - as deployed: the ASSETS binding and router built from wrangler.toml's `[assets]`
 *   (run_worker_first included), behind Miniflare's entry, like `wrangler dev`; the
 *   mixed set, the record-path check and the heap are measured here;
 * - bare, beside a constant-string worker in the same workerd, each on its own direct
 *   socket (no entry worker, no assets router, ASSETS a plain directory): the serving
 *   ratio compares the two workers' own code, as a bare workerd config would.
 */
import { Miniflare, type WorkerOptions } from "miniflare";
import type { WranglerConfig } from "./deploy";

export const WORKER = "edgefeed";
export const BARE_WORKER = "edgefeed-bare";

function scriptOptions(bundle: string, config: WranglerConfig) {
  return {
    modules: true,
    scriptPath: bundle,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags ?? [],
    bindings: config.vars ?? {},
  } satisfies WorkerOptions;
}

/** wrangler.toml's `run_worker_first` as the assets router takes it (what `wrangler dev` passes). */
function routerConfig(runWorkerFirst: WranglerConfig["assets"]["run_worker_first"]) {
  if (runWorkerFirst === undefined) return { has_user_worker: true };
  if (typeof runWorkerFirst === "boolean") {
    return { has_user_worker: true, invoke_user_worker_ahead_of_assets: runWorkerFirst };
  }
  const negated = runWorkerFirst.filter((rule) => rule.startsWith("!"));
  return {
    has_user_worker: true,
    static_routing: {
      user_worker: runWorkerFirst.filter((rule) => !rule.startsWith("!")),
      ...(negated.length > 0 ? { asset_worker: negated.map((rule) => rule.slice(1)) } : {}),
    },
  };
}

/** The worker as deployed, with the inspector open for the heap figure. */
export function deployedWorker(bundle: string, assets: string, config: WranglerConfig): Miniflare {
  const { binding, run_worker_first, html_handling, not_found_handling } = config.assets;
  return new Miniflare({
    host: "127.0.0.1",
    port: 0,
    inspectorPort: 0,
    workers: [
      {
        name: WORKER,
        ...scriptOptions(bundle, config),
        assets: {
          directory: assets,
          binding,
          routerConfig: routerConfig(run_worker_first),
          assetConfig: { html_handling, not_found_handling },
        },
      },
    ],
  });
}

export interface ConstantBody {
  body: string;
  contentType: string;
  /** The headers our 304 carries, for the constant 304 that carries them too. */
  notModifiedHeaders: [string, string][];
}

/**
 * The constant workers: every request answered with the same body (a bare 304 to a
 * conditional one). "string" is the constant-string worker of issue 7, which encodes
 * its string on every response; "bytes" encodes it once, the runtime's ceiling;
 * "headers" answers its 304 with our 304's headers (a Headers object built once), so
 * that what the reader contract's headers cost the runtime is told apart from our code.
 */
export type ConstantForm = "string" | "bytes" | "headers";

export function constantWorker(form: ConstantForm): string {
  return `constant-${form}`;
}

function constantScript({ body, contentType, notModifiedHeaders }: ConstantBody, form: ConstantForm): string {
  const literal = JSON.stringify(body);
  const notModified = form === "headers" ? `{ status: 304, headers: NOT_MODIFIED }` : "{ status: 304 }";
  return [
    `const BODY = ${form === "bytes" ? `new TextEncoder().encode(${literal})` : literal};`,
    `const HEADERS = { "content-type": ${JSON.stringify(contentType)} };`,
    `const NOT_MODIFIED = new Headers(${JSON.stringify(notModifiedHeaders)});`,
    "export default {",
    "  fetch(request) {",
    `    if (request.headers.has("if-none-match")) return new Response(null, ${notModified});`,
    "    return new Response(BODY, { headers: HEADERS });",
    "  },",
    "};",
  ].join("\n");
}

/** Our bundle (ASSETS read straight from the directory) and the constant workers, each on a direct socket. */
export function bareWorkers(bundle: string, assets: string, config: WranglerConfig, constant: ConstantBody): Miniflare {
  const directSocket = [{ host: "127.0.0.1", port: 0 }];
  const constants = (["string", "bytes", "headers"] as const).map((form) => ({
    name: constantWorker(form),
    modules: true,
    script: constantScript(constant, form),
    compatibilityDate: config.compatibility_date,
    unsafeDirectSockets: directSocket,
  }));
  return new Miniflare({
    host: "127.0.0.1",
    port: 0,
    workers: [
      {
        name: BARE_WORKER,
        ...scriptOptions(bundle, config),
        serviceBindings: { [config.assets.binding]: { disk: { path: assets, writable: false } } },
        unsafeDirectSockets: directSocket,
      },
      ...constants,
    ],
  });
}

export interface MixedSetFigure {
  requests: number;
  ok: number;
  failures: { path: string; status: number | string }[];
  seconds: number;
  slowest: { path: string; ms: number };
}

const PARALLEL = 4;
const REQUEST_TIMEOUT_MS = 60_000;

/** GETs every path (a few at a time, each within a time limit) and counts the answers that are not 200. */
export async function serveMixedSet(origin: URL, paths: string[]): Promise<MixedSetFigure> {
  const figure: MixedSetFigure = { requests: 0, ok: 0, failures: [], seconds: 0, slowest: { path: "", ms: 0 } };
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < paths.length) {
      const path = paths[next++] ?? "/";
      const sent = performance.now();
      let status: number | string;
      try {
        const response = await fetch(new URL(path, origin), { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        await response.arrayBuffer();
        status = response.status;
      } catch (error) {
        status = error instanceof Error ? error.message : String(error);
      }
      const ms = performance.now() - sent;
      figure.requests++;
      if (status === 200) figure.ok++;
      else figure.failures.push({ path, status });
      if (ms > figure.slowest.ms) figure.slowest = { path, ms };
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, lane));
  figure.seconds = (performance.now() - started) / 1000;
  return figure;
}
