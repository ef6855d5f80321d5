/**
 * What a long build says while it works. The build names each phase as it starts,
 * with how many units it has when that is known, and counts them as they are done; a
 * terminal shows the count of the total on one line rewritten in place, and anything
 * else (a pipe, a log file, CI) gets one line per phase, so a log is not flooded with
 * counts. Nothing is shown for a phase with nothing to do.
 */

export interface Progress {
  /** A phase starts: `total` units of work, when known. */
  phase(name: string, total?: number): void;
  /** `done` units of the phase's total are done. */
  advance(done: number): void;
  /** The work is over: a terminal's line is cleared. */
  end(): void;
}

/** How often a terminal's count is rewritten: often enough to look alive, seldom enough to cost nothing. */
const REDRAW_MS = 100;

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** Progress on `stream` (stderr, usually): counts in place on a terminal, a line per phase elsewhere. */
export function streamProgress(
  stream: ProgressStream,
  prefix = "edgefeed: ",
  clock = () => performance.now(),
): Progress {
  let name = "";
  let total: number | undefined;
  let drawnAt = -Infinity;
  let shown = false;
  const count = (done: number) =>
    total === undefined ? "" : ` ${done.toLocaleString("en")}/${total.toLocaleString("en")}`;
  const draw = (done: number) => {
    stream.write(`\r\x1b[2K${prefix}${name}${count(done)}`);
    shown = true;
    drawnAt = clock();
  };
  return {
    phase(next, size) {
      name = next;
      total = size;
      if (size === 0) return;
      if (stream.isTTY) draw(0);
      else stream.write(`${prefix}${name}${size === undefined ? "" : ` (${size.toLocaleString("en")})`}\n`);
    },
    advance(done) {
      if (!stream.isTTY || total === 0) return;
      if (done === total || clock() - drawnAt >= REDRAW_MS) draw(done);
    },
    end() {
      if (stream.isTTY && shown) stream.write("\r\x1b[2K");
      shown = false;
    },
  };
}
