/**
 * Child processes for the scale benchmark: run a command with a time limit, keep its
 * output, and measure its wall time and peak resident memory. Peak RSS comes from
 * GNU time (`/usr/bin/time -f %M`, the kernel's own maximum) when it is installed,
 * else from polling the child's VmHWM in /proc, which can miss a peak in the last
 * poll interval; `rssSource` says which one a figure came from.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const GNU_TIME = "/usr/bin/time";

export type RssSource = "/usr/bin/time -f %M" | "/proc VmHWM polling (lower bound)";

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** Peak resident set of the command, MiB (null when it could not be read). */
  peakRssMiB: number | null;
  rssSource: RssSource;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** The command is killed after this long (default 10 minutes). */
  timeoutSeconds?: number;
}

/** Environment for wrangler: no network calls for `cf` data, no telemetry. */
export const OFFLINE_WRANGLER_ENV = { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };

function readVmHwmKiB(pid: number): Promise<number | null> {
  return readFile(`/proc/${pid}/status`, "utf8").then(
    (status) => Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1]) || null,
    () => null,
  );
}

/** Runs `command args` to completion (or its time limit) and measures it. */
export async function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  const gnuTime = existsSync(GNU_TIME);
  const scratch = gnuTime ? await mkdtemp(join(tmpdir(), "bench-time-")) : undefined;
  const rssFile = scratch ? join(scratch, "rss") : undefined;
  const [file, argv] = rssFile ? [GNU_TIME, ["-f", "%M", "-o", rssFile, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(file, argv, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so the time limit ends the command's children too (GNU time runs it as one).
    detached: true,
  });
  const limit = setTimeout(
    () => {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    },
    (options.timeoutSeconds ?? 600) * 1000,
  );
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));

  let polledKiB: number | null = null;
  const poll = rssFile
    ? undefined
    : setInterval(() => {
        if (child.pid === undefined) return;
        void readVmHwmKiB(child.pid).then((kib) => {
          if (kib !== null) polledKiB = Math.max(polledKiB ?? 0, kib);
        });
      }, 20);
  let code: number | null;
  try {
    code = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (exitCode) => resolve(exitCode));
    });
  } finally {
    // Even when the command could not start: a pending timer would keep the bench from exiting.
    clearTimeout(limit);
    if (poll) clearInterval(poll);
  }
  const seconds = (performance.now() - started) / 1000;

  let peakKiB: number | null = polledKiB;
  if (rssFile && scratch) {
    // GNU time writes "Command exited with non-zero status N" before the figure when the command fails.
    const lines = (await readFile(rssFile, "utf8").catch(() => "")).trim().split("\n");
    peakKiB = Number(lines.at(-1)) || null;
    await rm(scratch, { recursive: true, force: true });
  }
  return {
    code,
    stdout,
    stderr,
    seconds,
    peakRssMiB: peakKiB === null ? null : peakKiB / 1024,
    rssSource: rssFile ? "/usr/bin/time -f %M" : "/proc VmHWM polling (lower bound)",
  };
}

/** Runs a command that must succeed; a failure throws with the end of its output. */
export async function runChecked(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-25).join("\n");
    throw new Error(`${command} ${args.join(" ")} (in ${options.cwd}) exited with ${result.code}:\n${tail}`);
  }
  return result;
}

/** Whether an executable of this name is on PATH. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** A command-line number that must be a whole number from 1 (`fallback` when absent). */
export function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  const number = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
  return number;
}
