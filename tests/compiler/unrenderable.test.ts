/**
 * Bodies and front matter that the libraries reading them cannot take: marked throws on
 * some ordinary Markdown and runs out of stack on deep nesting, and parsers of nested
 * values recurse too. Whatever a file holds, the build publishes it or names the file
 * and the line of the problem: never an internal error, never line 1 for a problem
 * further down, on the main thread and on the build's worker threads alike.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type CompileOptions } from "../../src/compiler/pipeline/compile";
import { article, compile, removeScratchContent } from "./scratch-content";

afterEach(removeScratchContent);

/** `article()` writes `---`, these two lines and `---`: the body starts on line 5, its construct on line 7. */
const FIELDS = "title: Crash\ndate: 2024-01-01T00:00:00Z";

/**
 * Markdown the library cannot render as it is: a piece of its text that must still be
 * published, and the line of the construct the warning names (where nesting goes too
 * deep, for the nested ones).
 */
const UNRENDERABLE: [string, string, string, number][] = [
  ["a quote in a list item followed by a lazy line", "- a\n  > -\nb", "&gt; -", 7],
  ["2,000 nested quotes", `${"> ".repeat(2_000)}deep`, "deep", 7],
  ["an emphasis run of 5,000 marks on each side", `${"_".repeat(5_000)}a${"_".repeat(5_000)}`, "_a_", 7],
  [
    "1,000 nested list items",
    Array.from({ length: 1_000 }, (_, i) => `${"  ".repeat(i)}- item ${i}`).join("\n"),
    "item 999",
    7 + 100,
  ],
  [
    "lists inside 1,000 nested quotes",
    Array.from({ length: 1_000 }, (_, i) => `${"> ".repeat(i)}- q${i}`).join("\n"),
    "q999",
    7 + 100,
  ],
  [
    "a list item whose paragraph runs 5,000 lines",
    `- item\n${"  line\n".repeat(4_998)}  last line`,
    "last line",
    7 + 1_000,
  ],
  ["HTML nested 4,000 deep", `${"<em>".repeat(4_000)}x${"</em>".repeat(4_000)}`, "&lt;em&gt;x&lt;/em&gt;", 7],
  [
    "20,000 open tags closed by stray end tags",
    `${"<b>".repeat(20_000)}x${"</i>".repeat(20_000)}`,
    "&lt;b&gt;x&lt;/i&gt;",
    7,
  ],
];

function bodyAround(construct: string): string {
  return `First paragraph.\n\n${construct}\n\nLast *paragraph*.`;
}

describe("a body the Markdown library cannot render", () => {
  it.each(UNRENDERABLE)("%s is published as text, with a warning at its line", async (_, construct, kept, line) => {
    const { bundle, lines } = await compile({ "articles/crash.md": article(FIELDS, bodyAround(construct)) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^warning: articles/crash\\.md:${line}: .*published as plain text`));
    const html = bundle?.articles[0]?.content.join("") ?? "";
    expect(html.startsWith("<p>First paragraph.</p>")).toBe(true);
    expect(html.endsWith("<p>Last <em>paragraph</em>.</p>")).toBe(true);
    expect(html).toContain(kept);
  });

  it("names the line of each such block, and renders what lies between them", async () => {
    const body = ["Intro.", "- a\n  > -\nb", "Middle with a [link](https://example.com/).", "> ".repeat(3_000)].join(
      "\n\n",
    );
    const { bundle, lines } = await compile({ "articles/twice.md": article(FIELDS, body) });
    expect(
      lines.map((line) =>
        line
          .replace(/: [^:]*$/, "")
          .split(":")
          .slice(0, 3)
          .join(":"),
      ),
    ).toEqual(["warning: articles/twice.md:7", "warning: articles/twice.md:13"]);
    expect(bundle?.articles[0]?.content.join("")).toContain(
      '<p>Middle with a <a href="https://example.com/" rel="noopener">link</a>.</p>',
    );
  });

  it("is published the same way by the build's worker threads", { timeout: 120_000 }, async () => {
    // Enough files for the build to use its threads (see pool.ts); the bodies go to every thread.
    const quick = UNRENDERABLE.slice(0, 3);
    const files: Record<string, string> = {};
    for (let i = 0; i < 420; i++) {
      const [, construct] = quick[i % quick.length] as (typeof quick)[number];
      files[`articles/a${i}.md`] = article(`title: A${i}\ndate: 2024-01-01T00:00:00Z`, bodyAround(construct));
    }
    const options: CompileOptions = { threads: 2 };
    const { bundle, lines } = await compile(files, options);
    expect(bundle?.articles).toHaveLength(420);
    expect(lines).toHaveLength(420);
    for (const line of lines) expect(line).toMatch(/^warning: articles\/a\d+\.md:7: .*published as plain text/);
  });
});

describe("front matter nested deeper than its parser can follow", () => {
  const deep = 20_000;

  it.each([
    ["JSON", `{"title": "Deep", "date": "2024-01-01", "extra": ${"[".repeat(deep)}${"]".repeat(deep)}}\nBody.\n`],
    [
      "TOML dotted keys",
      `+++\ntitle = "Deep"\ndate = 2024-01-01\n${Array(deep).fill("k").join(".")} = 1\n+++\nBody.\n`,
    ],
  ])("in %s is read like any other value", async (_, text) => {
    const { bundle, lines } = await compile({ "articles/deep.md": text });
    expect(bundle?.articles.map((a) => a.title)).toEqual(["Deep"]);
    expect(lines.filter((line) => line.startsWith("error:"))).toEqual([]);
  });

  it.each([
    ["a YAML flow list", `${FIELDS}\nextra: ${"[".repeat(deep)}${"]".repeat(deep)}`, 4],
    [
      "YAML block mappings",
      `${FIELDS}\nextra:\n${Array.from({ length: 5_000 }, (_, i) => `${" ".repeat(i + 1)}k:`).join("\n")} 1`,
      undefined,
    ],
  ])("in %s is an error saying so at its line", async (_, fields, line) => {
    const { bundle, lines } = await compile({ "articles/deep.md": article(fields) });
    expect(bundle).toBeUndefined();
    expect(lines).toHaveLength(1);
    const [, at] = /^error: articles\/deep\.md:(\d+): nested too deeply to be read/.exec(lines[0] ?? "") ?? [];
    // Where the parser gave up inside the nesting, when the nesting spans many lines.
    if (line === undefined) expect(Number(at)).toBeGreaterThan(4);
    else expect(Number(at)).toBe(line);
  });
});
