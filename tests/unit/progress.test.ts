/**
 * What a long build shows while it works (src/compiler/progress.ts): on a terminal, one
 * line rewritten in place with the count of the total, no oftener than it can be read,
 * and cleared at the end; anywhere else, one line per phase and no counts.
 */
import { describe, expect, it } from "vitest";
import { streamProgress } from "../../src/compiler/progress";

function recorder(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (text: string) => written.push(text) }, written };
}

describe("build progress", () => {
  it("counts in place on a terminal, at most every 100 ms and always at the last unit, and clears its line", () => {
    const { stream, written } = recorder(true);
    let now = 0;
    const progress = streamProgress(stream, "edgefeed: ", () => now);
    progress.phase("reading and rendering article files", 1500);
    progress.advance(1);
    now = 50;
    progress.advance(2);
    now = 150;
    progress.advance(700);
    progress.advance(1500);
    progress.phase("writing the index");
    progress.end();
    expect(written).toEqual([
      "\r\x1b[2Kedgefeed: reading and rendering article files 0/1,500",
      "\r\x1b[2Kedgefeed: reading and rendering article files 700/1,500",
      "\r\x1b[2Kedgefeed: reading and rendering article files 1,500/1,500",
      "\r\x1b[2Kedgefeed: writing the index",
      "\r\x1b[2K",
    ]);
  });

  it("writes one line per phase, with its total, to a pipe or a log", () => {
    const { stream, written } = recorder(false);
    const progress = streamProgress(stream);
    progress.phase("reading and rendering article files", 20_000);
    for (let done = 1; done <= 20_000; done++) progress.advance(done);
    progress.phase("nothing to read", 0);
    progress.phase("writing the index");
    progress.end();
    expect(written).toEqual([
      "edgefeed: reading and rendering article files (20,000)\n",
      "edgefeed: writing the index\n",
    ]);
  });
});
