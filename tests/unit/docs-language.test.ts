/**
 * The README and docs/ speak to a publisher about the product: they must not send a
 * newcomer to documents they do not have (the project's issues, design notes, review
 * contracts), and a page says each thing under one heading. Each finding names its file
 * and line.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const PAGES = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** Words that point at the project's own history or papers, not at the product. */
const INTERNAL = [
  /\bissue #?\d+/i,
  /READER-CONTRACT/i,
  /\breader contract\b/i,
  /\bDESIGN\.md\b/,
  /deviations? from the design/i,
];

function linesOf(page: string): string[] {
  return readFileSync(join(ROOT, page), "utf8").split("\n");
}

it("the README and docs/ name no issue, design note or contract a reader does not have", () => {
  const found = PAGES.flatMap((page) =>
    linesOf(page).flatMap((line, i) =>
      INTERNAL.filter((pattern) => pattern.test(line)).map((pattern) => `${page}:${i + 1}: ${pattern.exec(line)?.[0]}`),
    ),
  );
  expect(found).toEqual([]);
});

it("no page has two sections with the same heading", () => {
  const repeated = PAGES.flatMap((page) => {
    const seen = new Map<string, number>();
    let fenced = false;
    return linesOf(page).flatMap((line, i) => {
      if (line.startsWith("```")) fenced = !fenced;
      if (fenced || !/^#{1,3} /.test(line)) return [];
      const first = seen.get(line);
      if (first === undefined) seen.set(line, i + 1);
      return first === undefined ? [] : [`${page}:${i + 1}: "${line}" again (first at line ${first})`];
    });
  });
  expect(repeated).toEqual([]);
});
