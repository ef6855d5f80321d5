/**
 * Fuzzing the Markdown bodies with fast-check: bodies built from the constructs that
 * trip Markdown libraries (lists and quotes nested in each other, deep and shallow,
 * runs of emphasis marks, code spans and fences, open and stray HTML tags, lazy
 * lines), each through the step every build thread runs on a file. Whatever the body,
 * the file is published, every warning names a line of the file, and the reader's
 * last-resort catch (an internal error) is never what answers.
 * `FUZZ_RUNS=600 npx vitest run --project node tests/compiler/markdown.fuzz.test.ts` runs a longer campaign.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { processFile } from "../../src/compiler/render/process";

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
/** Generous, and larger for longer campaigns: a hang guard, not a speed claim. */
const TIME_LIMIT_MS = 60_000 + RUNS * 500;

const FRONT_MATTER = "---\ntitle: Fuzz\ndate: 2024-01-01T00:00:00Z\n---\n";
const BODY_LINE = 5;

/** Mostly small counts, sometimes the thousands that exhaust a recursive parser. */
const count = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 8 }) }, fc.integer({ min: 50, max: 6_000 }));
/** Levels of nesting written one per line: a body of n levels holds n² characters, so fewer of them. */
const depth = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 8 }) }, fc.integer({ min: 50, max: 1_200 }));

const word = fc.constantFrom(
  "a",
  "text",
  "b-c",
  "1.",
  "&amp;",
  "&",
  "[link](https://example.com/)",
  "![p](p.png)",
  "\\*",
);
const words = fc.array(word, { minLength: 1, maxLength: 6 }).map((list) => list.join(" "));

const quote = count.map((n) => "> ".repeat(n));
const listMarker = fc.constantFrom("- ", "* ", "+ ", "1. ", "2) ");
const indent = fc
  .oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 8 }) }, fc.integer({ min: 50, max: 400 }))
  .map((n) => " ".repeat(n));
const run = fc.tuple(fc.constantFrom("*", "_", "~", "`"), count).map(([mark, n]) => mark.repeat(n));
const tag = fc.constantFrom("em", "b", "div", "a href='x'", "span", "table", "p", "blockquote", "ul", "li", "code");
const openTags = fc.tuple(tag, count).map(([name, n]) => `<${name}>`.repeat(n));
const closeTags = fc.tuple(tag, count).map(([name, n]) => `</${name.split(" ")[0]}>`.repeat(n));

/** One line: containers, then inline text with emphasis runs, code and HTML around it. */
const line = fc
  .tuple(
    indent,
    fc.array(fc.oneof(quote, listMarker), { maxLength: 4 }),
    fc.array(fc.oneof(words, run, openTags, closeTags, fc.constant("`code`")), { minLength: 1, maxLength: 4 }),
  )
  .map(([space, containers, inline]) => `${space}${containers.join("")}${inline.join("")}`);

/** A list or quote nested `n` deep, one level per line. */
const nested = fc
  .tuple(fc.constantFrom("list", "quote", "both"), depth, fc.integer({ min: 1, max: 3 }))
  .map(([kind, n, width]) =>
    Array.from({ length: n }, (_, i) => {
      if (kind === "list") return `${" ".repeat(i * width)}- item`;
      if (kind === "quote") return `${"> ".repeat(i + 1)}quoted`;
      return `${"> ".repeat(i)}- item`;
    }).join("\n"),
  );

const fence = fc.tuple(fc.constantFrom("```", "~~~", "````"), fc.array(line, { maxLength: 3 }), fc.boolean());
const block = fc.oneof(
  { weight: 5, arbitrary: fc.array(line, { minLength: 1, maxLength: 5 }).map((lines) => lines.join("\n")) },
  { weight: 2, arbitrary: nested },
  {
    weight: 1,
    arbitrary: fence.map(([mark, lines, closed]) => `${mark}\n${lines.join("\n")}${closed ? `\n${mark}` : ""}`),
  },
);
const body = fc
  .array(fc.tuple(block, fc.constantFrom("\n", "\n\n", "\n\n\n")), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.map(([text, gap]) => `${text}${gap}`).join(""));

describe("fuzzing the Markdown of article bodies", () => {
  it(
    "publishes every body, with warnings at lines of the file and never an internal error",
    () => {
      fc.assert(
        fc.property(body, (markdown) => {
          const text = `${FRONT_MATTER}${markdown}`;
          const lastLine = text.split("\n").length;
          const outcome = processFile("articles/fuzz.md", text, { timeZone: "UTC", bundleFiles: [] });
          for (const diagnostic of outcome.diagnostics) {
            expect(diagnostic.message).not.toMatch(/^could not be read/);
            expect(diagnostic.severity).toBe("warning");
            if (diagnostic.line !== undefined) {
              expect(diagnostic.line).toBeGreaterThanOrEqual(BODY_LINE);
              expect(diagnostic.line).toBeLessThanOrEqual(lastLine);
            }
          }
          expect(outcome.fields).toBeDefined();
        }),
        { numRuns: RUNS },
      );
    },
    TIME_LIMIT_MS,
  );
});
