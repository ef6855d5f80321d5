/**
 * Child processes the tests start and must stop: servers on a free loopback port, in
 * a process group of their own so that stopping one also stops what it started
 * (wrangler's workerd and esbuild), with their output kept to explain a failure.
 */
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export const HOST = "127.0.0.1";
const STOP_GRACE_MS = 5_000;
/** Enough of a server's output to explain a failed start. */
const OUTPUT_LIMIT = 20_000;

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? done(address.port) : fail(new Error("no port"))));
    });
  });
}

/** The last part of everything `child` wrote to stdout and stderr (spawned with pipes). */
export function collectOutput(child: ChildProcess): () => string {
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  return () => output;
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Signals the process group `child` leads (it must have been spawned `detached`). */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || hasExited(child)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** SIGTERM to the group, then SIGKILL if the leader has not exited within the grace period. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  const exited = hasExited(child) ? Promise.resolve() : once(child, "exit");
  signalGroup(child, "SIGTERM");
  // An unreferenced timer: once the group is gone, nothing should keep Vitest waiting.
  const grace = sleep(STOP_GRACE_MS, false, { ref: false });
  const stopped = await Promise.race([exited.then(() => true), grace]);
  if (!stopped) signalGroup(child, "SIGKILL");
}

/** Polls `url` until it answers 200 and returns the body; fails when `child` exits or `timeoutMs` passes. */
export async function waitUntilServing(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (hasExited(child)) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before serving:\n${output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      const body = await response.text();
      if (response.status === 200) return body;
      last = `GET ${url} answered ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await sleep(250);
  }
  throw new Error(`nothing served ${url} within ${timeoutMs / 1000} s (${last}):\n${output()}`);
}
