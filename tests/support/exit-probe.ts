/**
 * Preloaded into a command that a test runs with its output held back (held-output.ts):
 * writes one line to file descriptor 3 the moment the command has decided to exit, by
 * calling process.exit() or by setting process.exitCode. The test reads the command's
 * output only from then on, so whatever the command leaves queued for its pipes when
 * it goes is lost for certain, as it would be behind a slow reader such as `| less`.
 */
import { writeSync } from "node:fs";

const PROBE_FD = 3;
let told = false;

function tell(): void {
  if (told) return;
  told = true;
  writeSync(PROBE_FD, "decided\n");
}

const exit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => {
  tell();
  return exit(code);
}) as typeof process.exit;

// process.exitCode cannot be intercepted (Node defines it as non-configurable): look at it
// often instead. The timer is unreferenced, so it never keeps the command alive.
const poll = setInterval(() => {
  if (process.exitCode === undefined) return;
  clearInterval(poll);
  tell();
}, 1);
poll.unref();
