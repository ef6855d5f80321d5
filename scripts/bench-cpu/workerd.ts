/**
 * A bare workerd serving the `wrangler deploy --dry-run` bundle, and what one request
 * costs it in CPU. The config is written by hand (no Miniflare, no entry worker, no
 * assets router): our worker with ASSETS bound to the assets directory as a disk
 * service and SITE_URL as wrangler.toml sets it, beside a constant-string worker, each
 * on its own socket. CPU is the kernel's per-thread accounting of the workerd process
 * (`/proc/PID/task/* /schedstat`, first field: nanoseconds on a CPU), summed over its
 * threads and read before and after one request, once the process is idle, so V8's
 * background threads (compiler, collector) are counted with the request that caused
 * their work. Wall time on a shared machine is not CPU; this is.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { connect, createServer } from "node:net";
import { join, resolve } from "node:path";

export interface WorkerdSetup {
  /** The workerd binary (node_modules/workerd/bin/workerd), or a command that runs it. */
  binary: string;
  /** Arguments before workerd's own (when `binary` runs workerd, as `stdbuf` does). */
  prefix?: string[];
  /** The directory of the dry-run bundle (`worker.js`); the config is written there. */
  bundleDir: string;
  assets: string;
  compatibilityDate: string;
  compatibilityFlags: string[];
  vars: Record<string, string>;
  /** V8 flags for the whole process (for example `--trace-gc`, to see collections in the logs). */
  v8Flags?: string[];
}

/** The constant-string worker every figure is compared with. */
const CONSTANT_SCRIPT = 'export default { fetch() { return new Response("constant"); } };\n';

function capnpString(value: string): string {
  return JSON.stringify(value);
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? done(address.port) : fail(new Error("no port"))));
    });
  });
}

async function writeConfig(setup: WorkerdSetup, ours: number, constant: number): Promise<string> {
  const modules = (await readdir(setup.bundleDir)).filter((name) => /\.(m?js|wasm)$/.test(name));
  if (!modules.includes("worker.js")) throw new Error(`no worker.js in ${setup.bundleDir}`);
  const moduleList = ["worker.js", ...modules.filter((name) => name !== "worker.js")]
    .map((name) =>
      name.endsWith(".wasm")
        ? `(name = ${capnpString(name)}, wasm = embed ${capnpString(name)})`
        : `(name = ${capnpString(name)}, esModule = embed ${capnpString(name)})`,
    )
    .join(", ");
  const flags = setup.compatibilityFlags.map(capnpString).join(", ");
  const vars = Object.entries(setup.vars)
    .map(([name, value]) => `(name = ${capnpString(name)}, text = ${capnpString(value)})`)
    .join(", ");
  await writeFile(join(setup.bundleDir, "constant.js"), CONSTANT_SCRIPT);
  const v8Flags = (setup.v8Flags ?? []).map(capnpString).join(", ");
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  v8Flags = [${v8Flags}],
  services = [
    (name = "edgefeed", worker = .edgefeed),
    (name = "constant", worker = .constant),
    (name = "assets", disk = (path = ${capnpString(resolve(setup.assets))}, writable = false)),
  ],
  sockets = [
    (name = "edgefeed", address = "127.0.0.1:${ours}", http = (), service = "edgefeed"),
    (name = "constant", address = "127.0.0.1:${constant}", http = (), service = "constant"),
  ],
);
const edgefeed :Workerd.Worker = (
  modules = [${moduleList}],
  compatibilityDate = ${capnpString(setup.compatibilityDate)},
  compatibilityFlags = [${flags}],
  bindings = [(name = "ASSETS", service = "assets")${vars ? `, ${vars}` : ""}],
);
const constant :Workerd.Worker = (
  modules = [(name = "constant.js", esModule = embed "constant.js")],
  compatibilityDate = ${capnpString(setup.compatibilityDate)},
);
`;
  const path = join(setup.bundleDir, "bench-cpu.capnp");
  await writeFile(path, config);
  return path;
}

/** Nanoseconds the process's threads have spent on a CPU so far. */
export async function cpuNanos(pid: number): Promise<number> {
  const tasks = await readdir(`/proc/${pid}/task`);
  let total = 0;
  for (const task of tasks) {
    const text = await readFile(`/proc/${pid}/task/${task}/schedstat`, "utf8").catch(() => "0");
    total += Number(text.split(" ")[0]) || 0;
  }
  return total;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

export interface Answer {
  status: number;
  bytes: number;
  headers: Record<string, string | string[] | undefined>;
}

/** One request on a fresh connection, read to its end. */
export function send(port: number, path: string, headers: Record<string, string>, method = "GET"): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, path, method, headers: { Host: `localhost:${port}`, ...headers }, agent: false },
      (response) => {
        let bytes = 0;
        response.on("data", (chunk: Buffer) => (bytes += chunk.length));
        response.on("end", () => done({ status: response.statusCode ?? 0, bytes, headers: response.headers }));
        response.on("error", fail);
      },
    );
    req.on("error", fail);
    req.setTimeout(60_000, () => req.destroy(new Error(`${path}: no answer in 60 s`)));
    req.end();
  });
}

export interface Measured extends Answer {
  /** CPU the workerd process spent on the request, milliseconds. */
  cpuMs: number;
}

/** A running workerd with our worker and the constant one. */
export class Workerd {
  private constructor(
    private readonly child: ChildProcess,
    readonly ours: number,
    readonly constant: number,
    private readonly output: () => string,
  ) {}

  /** `inspector`: a port for the V8 inspector (the profiler), which then runs with it. */
  static async start(setup: WorkerdSetup, inspector?: number): Promise<Workerd> {
    const [ours, constant] = [await freePort(), await freePort()];
    const config = await writeConfig(setup, ours, constant);
    const inspect = inspector === undefined ? [] : [`--inspector-addr=127.0.0.1:${inspector}`];
    const child = spawn(setup.binary, [...(setup.prefix ?? []), "serve", config, "--experimental", ...inspect], {
      cwd: setup.bundleDir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const workerd = new Workerd(child, ours, constant, () => output);
    // Ready when both sockets accept: the modules have been compiled and evaluated by then.
    for (let waited = 0; !((await portOpen(ours)) && (await portOpen(constant))); waited += 20) {
      if (child.exitCode !== null || waited > 120_000) {
        throw new Error(`workerd did not start (exit ${child.exitCode}):\n${output.slice(-2000)}`);
      }
      await sleep(20);
    }
    await workerd.settle();
    return workerd;
  }

  /** Waits until the process has been idle for a while (background compilation and collection done). */
  async settle(): Promise<void> {
    const pid = this.child.pid ?? 0;
    let previous = await cpuNanos(pid);
    for (let i = 0; i < 100; i++) {
      await sleep(15);
      const current = await cpuNanos(pid);
      if (current - previous < 20_000) return;
      previous = current;
    }
  }

  /** One request to `port`, and the CPU workerd spent on it. */
  async measure(port: number, path: string, headers: Record<string, string>, method = "GET"): Promise<Measured> {
    const pid = this.child.pid ?? 0;
    await this.settle();
    const before = await cpuNanos(pid);
    const answer = await send(port, path, headers, method);
    await this.settle();
    const after = await cpuNanos(pid);
    return { ...answer, cpuMs: (after - before) / 1e6 };
  }

  /** A request whose cost is not measured (to warm the isolate). */
  fetch(port: number, path: string, headers: Record<string, string>): Promise<Answer> {
    return send(port, path, headers);
  }

  logs(): string {
    return this.output();
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((done) => this.child.once("exit", done));
    this.child.kill("SIGKILL");
    await exited;
  }
}
