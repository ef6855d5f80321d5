/**
 * Runs one of the project's commands with its stdout and stderr read only once the
 * command has decided to exit (see exit-probe.ts): what a command prints must reach
 * a pipe whatever the reader's pace, so nothing may be lost when the reader is late.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { resolve } from "node:path";
import type { Readable } from "node:stream";

const ROOT = resolve(import.meta.dirname, "../..");
const PROBE = resolve(import.meta.dirname, "exit-probe.ts");

export interface HeldRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function collect(stream: Readable): Promise<string> {
  let text = "";
  stream.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
  // A stream paused on purpose stays paused when a listener comes: resume it.
  stream.resume();
  return once(stream, "end").then(() => text);
}

/** `script` (relative to the repository) run by Node with tsx, as npm runs it. */
export async function runWithHeldOutput(script: string, args: string[]): Promise<HeldRun> {
  const child = spawn(process.execPath, ["--import", "tsx", "--import", PROBE, resolve(ROOT, script), ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe", "pipe"],
  });
  const [stdout, stderr, probe] = child.stdio.slice(1) as [Readable, Readable, Readable];
  stdout.pause();
  stderr.pause();
  const exited = once(child, "close");
  // The probe's line, or its end if the command died before deciding anything.
  await new Promise((decided) => {
    probe.once("data", decided);
    probe.once("end", decided);
  });
  const [out, err] = await Promise.all([collect(stdout), collect(stderr)]);
  const [code] = (await exited) as [number | null];
  return { code, stdout: out, stderr: err };
}
