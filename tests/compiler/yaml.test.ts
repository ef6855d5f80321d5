/**
 * Front matter in the plain shape is read by js-yaml, with lines taken from the text;
 * everything else by the yaml library, which knows every node's position. The plain
 * path is only an optimisation: whenever it reads a text, its values and the line of
 * every key and list item must be the general path's, for random front matter built
 * from the shapes and scalars where the two libraries or the two ways of finding lines
 * could part (numbers, quotes, escapes, comments, lists of every indent, nested maps,
 * block scalars, anchors), and for every YAML front matter of the fixtures.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Diagnostics } from "../../src/compiler/diagnostics";
import { type FieldPath, parseYaml, plainYaml } from "../../src/compiler/read/yaml";

const FIXTURES = join(import.meta.dirname, "../fixtures");

/** Both paths' values and lines for `text`, at the paths a reader of front matter asks for. */
function compare(text: string, offset: number) {
  const plain = plainYaml(text, offset);
  if (!plain) return undefined;
  const general = parseYaml(text, "f.md", new Diagnostics(), offset, { general: true });
  expect(general, text).toBeDefined();
  expect(plain.data, text).toEqual(general?.data);
  const keys = Object.keys((general?.data ?? {}) as object);
  const paths: FieldPath[] = [
    [],
    ["missing"],
    ["missing", 0],
    ...keys.flatMap((key) => [[key], [key, 0], [key, 1], [key, 5], [key, "x"], [key, 0, "x"]]),
  ];
  for (const path of paths)
    expect(plain.lineOf(path), `${JSON.stringify(path)} in\n${text}`).toBe(general?.lineOf(path));
  return plain;
}

const key = fc.constantFrom(
  "title",
  "date",
  "tags",
  "slug",
  "draft",
  "weight",
  "author",
  "summary",
  "aliases",
  "x-y",
  "_z",
  "null",
  "True",
  "2024",
);
/** Scalars both libraries read alike, and scalars that are tricky for one of them or for finding lines. */
const common = fc.constantFrom(
  "Plain words",
  "It's here",
  'say "hi"',
  "a #comment",
  "a#b",
  "https://example.com/a?b=c#d",
  "2026-01-01T00:00:00+00:00",
  "2023-06-01 09:15:00 +0200",
  "0",
  "12",
  "-3",
  "+12",
  "1.5",
  ".5",
  "1.",
  "1e5",
  "0x1F",
  "0o17",
  "true",
  "False",
  "yes",
  "~",
  "NULL",
  "~x",
  "=",
  '"double quoted"',
  '"with \\"escape\\" and \\u00e9"',
  "'single'",
  "'it''s'",
  "[a, b, c]",
  "[]",
  '["a, b", c]',
  "-word",
  "value   ",
);
const tricky = fc.constantFrom(
  "a: b",
  "09:15",
  "+.5",
  "-.5",
  "1_000",
  "0b101",
  "-0x1F",
  "012",
  ".inf",
  "-.inf",
  ".nan",
  "null",
  "@at",
  "`tick`",
  "%pct",
  '"bad \\q escape"',
  '"unclosed',
  "'unclosed",
  "&anchor value",
  "*alias",
  "!tag value",
  "!!str 12",
  "| ",
  "> ",
  "[1_000, 2]",
  "[a, [b]]",
  "{a: 1}",
  "- dash",
  "-5",
  "?q",
  ":colon",
  ",comma",
  "a\\tb",
);
const scalar = fc.oneof({ weight: 5, arbitrary: common }, { weight: 1, arbitrary: tricky });
const item = fc.oneof(scalar, fc.constantFrom("", "k: v", "[x]"));
const indent = fc.constantFrom("", " ", "  ", "    ");
const line = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(key, scalar).map(([k, v]) => `${k}: ${v}`) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(key, indent, fc.array(item, { minLength: 1, maxLength: 3 }))
      .map(([k, i, items]) => [`${k}:`, ...items.map((v) => `${i}- ${v}`)].join("\n")),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "",
      "# a comment",
      "  # indented comment",
      "key:",
      "key: ",
      "nested:\n  inner: 1",
      "block: |\n  text\n  more",
      "multi: first\n  second",
      "\tbad: tab",
      "a:b",
      "---",
      "- stray",
      "k: v\r",
    ),
  },
);
const document = fc.array(line, { minLength: 1, maxLength: 7 }).map((lines) => lines.join("\n"));

describe("the plain YAML path", () => {
  it("reads what the yaml library reads, values and lines, whenever it reads a text", () => {
    let plain = 0;
    let general = 0;
    fc.assert(
      fc.property(document, fc.constantFrom(0, 1), (text, offset) => {
        if (compare(text, offset)) plain++;
        else general++;
      }),
      { numRuns: 3000 },
    );
    // Both ways were taken, so the comparison above is not vacuous.
    expect(plain).toBeGreaterThan(300);
    expect(general).toBeGreaterThan(300);
  });

  it("reads every YAML front matter of the fixtures as the yaml library does", async () => {
    const files = (await readdir(FIXTURES, { recursive: true })).filter((file) => /\.(md|markdown)$/.test(file));
    let plain = 0;
    for (const file of files) {
      const front = /^---\n([\s\S]*?)\n---\n/.exec(await readFile(join(FIXTURES, file), "utf8"))?.[1];
      if (front !== undefined && compare(front, 1)) plain++;
    }
    expect(plain).toBeGreaterThan(10);
  });

  it("leaves to the yaml library what it alone explains: a value with a colon, a duplicate key", () => {
    const diagnostics = new Diagnostics();
    // The error is reported, and the value read as its right form says, so later checks see it.
    expect(parseYaml("title: Report: talks\n", "a.md", diagnostics)?.data).toEqual({ title: "Report: talks" });
    expect(diagnostics.list[0]?.message).toContain("put the title in quotes");
    expect(plainYaml("title: a\ntitle: b\n")).toBeUndefined();
    expect(plainYaml('title: "Report: talks"\ntags: [a, b]\n')?.data).toEqual({
      title: "Report: talks",
      tags: ["a", "b"],
    });
  });
});
