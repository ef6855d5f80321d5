/**
 * What the Markdown library is given, and what becomes of what it cannot take. marked
 * recurses once per level of nested quotes and list items and once per mark of an
 * emphasis run, and slows down with the square of both: a body nested a few thousand
 * deep overflows the stack, and an exception inside the library would fail the whole
 * file. Inside a list item it also looks for a heading underline from every line of a
 * paragraph to its end, which costs the square of the paragraph's length. So a body is first cut into blocks (runs of lines between blank lines, a
 * fenced code block whole), and a block nested or marked beyond anything real writing
 * does is not given to the library. What is given is rendered whole when it can be;
 * when the renderer throws, the body is rendered in halves until the block it throws
 * on is found. A block left out either way is published as plain text, with a problem
 * at its offset for the build to warn about, so every body publishes.
 */
import { escapeText } from "../../text/escape";

/** Quote and list levels on one line (list levels also counted by indentation). */
export const MAX_BLOCK_NESTING = 100;
/** `*` or `_` marks in one run. */
export const MAX_EMPHASIS_RUN = 200;
/** Lines of one paragraph that may belong to a list item (one written without blank lines). */
export const MAX_LIST_PARAGRAPH_LINES = 1000;

/** Something in a body that is published as plain text instead of rendered. */
export interface BodyProblem {
  /** Offset in the Markdown of the block it concerns. */
  offset: number;
  message: string;
}

/** Thrown by a renderer for a part it refuses, with the reason to give the publisher. */
export class PartRefused extends Error {}

interface Block {
  start: number;
  end: number;
  /** A fenced code block: nothing in it is Markdown. */
  fenced: boolean;
}

const FENCE_OPENER = /^ {0,3}(`{3,}|~{3,})/;
const BLANK = /^[ \t\r]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t\r]*$/;
const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t\r]|$)/;

/** The body's blocks, in order; together they cover it entirely. */
function splitBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let start = 0;
  /** What closes the open fence: the same mark, at least as long, alone on its line. */
  let closer: RegExp | undefined;
  for (let lineStart = 0; lineStart < markdown.length;) {
    const newline = markdown.indexOf("\n", lineStart);
    const lineEnd = newline < 0 ? markdown.length : newline + 1;
    const line = markdown.slice(lineStart, newline < 0 ? markdown.length : newline);
    if (closer !== undefined) {
      if (closer.test(line)) {
        blocks.push({ start, end: lineEnd, fenced: true });
        start = lineEnd;
        closer = undefined;
      }
    } else if (BLANK.test(line)) {
      if (lineStart > start) blocks.push({ start, end: lineStart, fenced: false });
      start = lineEnd;
    } else {
      const opener = FENCE_OPENER.exec(line)?.[1];
      if (
        opener !== undefined &&
        !(opener[0] === "`" && line.slice(line.indexOf(opener) + opener.length).includes("`"))
      ) {
        // A fence makes a block of its own, so the code's blank lines stay inside it.
        if (lineStart > start) blocks.push({ start, end: lineStart, fenced: false });
        start = lineStart;
        closer = new RegExp(`^ {0,3}${opener[0] === "`" ? "`" : "~"}{${opener.length},}[ \\t\\r]*$`);
      }
    }
    lineStart = lineEnd;
  }
  if (markdown.length > start) blocks.push({ start, end: markdown.length, fenced: closer !== undefined });
  return blocks;
}

/**
 * Quote and list levels a line opens: its markers, and list levels implied by its
 * indentation; and whether one of its markers opens a list item.
 */
function containersOf(line: string): { nesting: number; listItem: boolean } {
  let at = 0;
  let columns = 0;
  for (; at < line.length && (line[at] === " " || line[at] === "\t"); at++) columns += line[at] === "\t" ? 4 : 1;
  let markers = 0;
  let listItem = false;
  for (;;) {
    while (line[at] === " " || line[at] === "\t") at++;
    if (line[at] === ">") {
      markers++;
      at++;
      continue;
    }
    const marker = LIST_MARKER.exec(line.slice(at, at + 11))?.[0];
    if (marker === undefined) break;
    markers++;
    listItem = true;
    at += marker.length;
  }
  // A nested list item is indented by its parent's marker width, two columns at the least.
  return { nesting: markers > 0 ? markers + Math.floor(columns / 2) : 0, listItem };
}

/** The longest run of one emphasis mark in a line: its length and where it starts. */
function longestRun(line: string): { length: number; at: number } {
  let best = { length: 0, at: 0 };
  for (let at = 0; at < line.length;) {
    const mark = line[at];
    if (mark !== "*" && mark !== "_") {
      at++;
      continue;
    }
    let end = at + 1;
    while (line[end] === mark) end++;
    if (end - at > best.length) best = { length: end - at, at };
    at = end;
  }
  return best;
}

/** Why a block must not be given to the library, or undefined when it may. */
function refusal(markdown: string, block: Block): BodyProblem | undefined {
  if (block.fenced) return undefined;
  // An indented block may continue a list item above it; a list marker starts one.
  let itemLines = /^[ \t]/.test(markdown.slice(block.start, block.start + 1)) ? 0 : -1;
  for (let lineStart = block.start; lineStart < block.end;) {
    const newline = markdown.indexOf("\n", lineStart);
    const lineEnd = newline < 0 || newline >= block.end ? block.end : newline + 1;
    const line = markdown.slice(lineStart, lineEnd).replace(/\r?\n$/, "");
    if (!THEMATIC_BREAK.test(line)) {
      const { nesting, listItem } = containersOf(line);
      if (listItem) itemLines = 0;
      if (itemLines >= 0 && ++itemLines > MAX_LIST_PARAGRAPH_LINES) {
        return {
          offset: lineStart,
          message: `a list item's paragraph runs more than ${MAX_LIST_PARAGRAPH_LINES} lines here without a blank line, and at most ${MAX_LIST_PARAGRAPH_LINES} are rendered: the block is published as plain text`,
        };
      }
      if (nesting > MAX_BLOCK_NESTING) {
        return {
          offset: lineStart,
          message: `quotes and lists nest ${nesting} levels deep here, and at most ${MAX_BLOCK_NESTING} are rendered: the block is published as plain text`,
        };
      }
      const run = longestRun(line);
      if (run.length > MAX_EMPHASIS_RUN) {
        return {
          offset: lineStart + run.at,
          message: `a run of ${run.length} ${line[run.at]} marks here is more emphasis than can be rendered (at most ${MAX_EMPHASIS_RUN}): the block is published as plain text; escape the marks (\\${line[run.at]}) to show them`,
        };
      }
    }
    lineStart = lineEnd;
  }
  return undefined;
}

/** A block as plain text: escaped, its lines kept apart. */
function asText(markdown: string): string {
  const lines = markdown.trimEnd().split(/\r?\n/).map(escapeText);
  return `<p>${lines.join("<br />\n")}</p>\n`;
}

function libraryFailure(error: unknown): string {
  if (error instanceof PartRefused) return `${error.message}: the block is published as plain text`;
  return "the Markdown library could not render the block that starts here: it is published as plain text (rewriting the block, often a list or quote nested in an unusual way, lets it render)";
}

/**
 * The HTML of a body, rendered by `render` where it can be and published as text where
 * not, with a problem for each block published as text. `render` takes Markdown and
 * returns its HTML, or throws.
 */
export function renderGuarded(
  markdown: string,
  render: (markdown: string) => string,
): { html: string; problems: BodyProblem[] } {
  const blocks = splitBlocks(markdown);
  const problems: BodyProblem[] = [];
  const out: string[] = [];
  const text = (from: number, to: number) => markdown.slice(blocks[from]?.start, blocks[to - 1]?.end);

  /** Blocks [from, to) rendered together; on failure, each half on its own. */
  const renderBlocks = (from: number, to: number): void => {
    try {
      out.push(render(text(from, to)));
      return;
    } catch (error) {
      if (to - from === 1) {
        problems.push({ offset: (blocks[from] as Block).start, message: libraryFailure(error) });
        out.push(asText(text(from, to)));
        return;
      }
    }
    const middle = (from + to) >> 1;
    const failures = problems.length;
    renderBlocks(from, middle);
    renderBlocks(middle, to);
    // Each half rendered alone: what failed was their combination, which no longer exists.
    if (problems.length === failures) {
      problems.push({
        offset: (blocks[middle] as Block).start,
        message:
          "the Markdown library could not render the text around here as a whole: it is rendered in parts, which may show lists or links differently",
      });
    }
  };

  let from = 0;
  blocks.forEach((block, index) => {
    const refused = refusal(markdown, block);
    if (!refused) return;
    if (index > from) renderBlocks(from, index);
    problems.push(refused);
    out.push(asText(text(index, index + 1)));
    from = index + 1;
  });
  if (blocks.length > from) renderBlocks(from, blocks.length);
  return { html: out.join(""), problems };
}
