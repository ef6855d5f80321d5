/**
 * Preloaded into a command that a test runs with its output held back (held-output.ts):
 * writes one line to file descriptor 3 the moment the command has decided to exit, by
 * calling process.exit() or by setting process.exitCode. The test reads the command's
 * output only from then on, so whatever the command leaves queued for its pipes when
 * it goes is lost for certain, as it would be behind a slow reader such as `| less`.
 *
 * That needs the command's stdout and stderr to stay non-blocking, as Node makes them:
 * a write the pipe cannot take is queued, and the command goes on to its decision. A
 * process started with stdout or stderr inherited (tsx starts esbuild so whenever its
 * cache misses, from the main thread, a build thread or its loader thread) turns them
 * blocking for the command too, since they share one open file and libuv makes a
 * child's stdio blocking. The command would then wait inside a write for a reader that
 * waits for its decision, for ever. So the probe makes them non-blocking again at once
 * (tsx started esbuild to load this very file) and at every tick of its poll: a command
 * prints its lines after its work, long after any such start.
 */
import { writeSync } from "node:fs";

const PROBE_FD = 3;
let told = false;

function tell(): void {
  if (told) return;
  told = true;
  writeSync(PROBE_FD, "decided\n");
}

/** The libuv handle under the main thread's stdout or stderr (a build thread has none). */
type StdioHandle = { setBlocking?(blocking: boolean): number } | undefined;

function keepNonBlocking(): void {
  for (const stream of [process.stdout, process.stderr]) {
    (stream as unknown as { _handle?: StdioHandle })._handle?.setBlocking?.(false);
  }
}
keepNonBlocking();

const exit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => {
  tell();
  return exit(code);
}) as typeof process.exit;

// process.exitCode cannot be intercepted (Node defines it as non-configurable): look at it
// often instead. The timer is unreferenced, so it never keeps the command alive.
const poll = setInterval(() => {
  keepNonBlocking();
  if (process.exitCode === undefined) return;
  clearInterval(poll);
  tell();
}, 1);
poll.unref();
