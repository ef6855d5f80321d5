/**
 * Bodies take one of two paths: plain Markdown is written from marked's tokens alone,
 * anything else goes through sanitize-html. The plain path is only an optimisation, so
 * its output must be the general path's, byte for byte, for every body it takes:
 * random Markdown built from the constructs and characters that differ between the
 * two (quotes, brackets, every kind of URL, headings of every level, task lists,
 * tables, code), and every body of the fixtures.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/compiler/render/markdown";

const FIXTURES = join(import.meta.dirname, "../fixtures");

function bothPaths(markdown: string, base: string) {
  const either = renderMarkdown(markdown, base);
  const general = renderMarkdown(markdown, base, { general: true });
  const view = (body: typeof either) => ({
    content: body.content,
    firstParagraph: body.firstParagraph,
    text: body.text,
    localImages: body.localImages,
  });
  return { path: either.path, either: view(either), general: view(general) };
}

const word = fc.constantFrom(
  "talks",
  "Kyiv",
  "it's",
  'a "quote"',
  "x<y",
  "a > b",
  "1*2",
  "snake_case",
  "C++",
  "€",
  "😀",
);
const url = fc.constantFrom(
  "https://example.com/a?b=1#c",
  "http://example.com/",
  "//cdn.example.com/x.png",
  "../other-article",
  "/img/photo one.jpg",
  "photo.png",
  "#section",
  "%zz",
  "a(b)",
  "javascript:alert(1)",
  "JAVASCRIPT:alert(1)",
  "mailto:press@example.com",
  "data:text/html,hi",
  "ftp://example.com/f",
  "<https://example.com/with space>",
  'https://example.com/"quoted"',
  "https://example.com/it's",
);
const title = fc.constantFrom("", ' "A title"', " 'single'", ' "with \\"escaped\\" quotes"', " (paren's)");
const inline = fc.oneof(
  word,
  word.map((w) => `*${w}*`),
  word.map((w) => `**${w}**`),
  word.map((w) => `~~${w}~~`),
  word.map((w) => `\`${w}\``),
  fc.constantFrom(
    "`` a ` b ``",
    "\\*not em\\*",
    "\\<b\\>",
    "line  \nbreak",
    "trailing\\\nbreak",
    "<b>raw</b>",
    "&amp;",
    "&copy;",
  ),
  fc.tuple(word, url, title).map(([w, u, t]) => `[${w}](${u}${t})`),
  fc.tuple(word, url, title).map(([w, u, t]) => `![${w}](${u}${t})`),
  fc.constantFrom(
    "![](empty-alt.png)",
    "[empty]()",
    "<https://example.com/auto_link>",
    "www.example.com/path",
    "https://bare.example.com/x.",
    "press@example.com",
    "[ref link][ref]",
    "![ref image][pic]",
  ),
);
const line = fc.array(inline, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(" "));
const block = fc.oneof(
  line,
  fc.tuple(fc.integer({ min: 1, max: 6 }), line).map(([level, text]) => `${"#".repeat(level)} ${text}`),
  line.map((text) => `${text}\n===`),
  fc.array(line, { minLength: 1, maxLength: 3 }).map((items) => items.map((item) => `- ${item}`).join("\n")),
  fc.array(line, { minLength: 1, maxLength: 3 }).map((items) => items.map((item, i) => `${i + 3}. ${item}`).join("\n")),
  fc
    .array(fc.tuple(fc.boolean(), line), { minLength: 1, maxLength: 3 })
    .map((items) => items.map(([done, item]) => `- [${done ? "x" : " "}] ${item}`).join("\n")),
  line.map((text) => `> ${text}\n>\n> > nested ${text}`),
  fc
    .tuple(fc.constantFrom("", "js", "html", 'a"b'), word)
    .map(([lang, code]) => `\`\`\`${lang}\n${code} <tag> 'q' "d"\n\`\`\``),
  word.map((code) => `    indented ${code} <i>`),
  fc.tuple(line, line).map(([a, b]) => `| ${a} | b |\n|:--|--:|\n| ${b} | \`c|d\` |`),
  fc.constantFrom(
    "---",
    "***",
    '[ref]: https://example.com/ref "Ref"',
    "[pic]: /img/ref.png",
    "<div>block html</div>",
    "<!-- a comment -->",
  ),
);
const markdown = fc.array(block, { minLength: 1, maxLength: 8 }).map((blocks) => blocks.join("\n\n"));
const base = fc.constantFrom("/articles/some-slug", "/articles/bundle/");

describe("the plain path", () => {
  // 3,000 renders take about four seconds on a quiet 2-core machine: 5 s is too tight on a busy one.
  it("writes what the general path writes, byte for byte, for random Markdown", () => {
    const paths = { plain: 0, sanitized: 0 };
    fc.assert(
      fc.property(markdown, base, (text, page) => {
        const { path, either, general } = bothPaths(text, page);
        paths[path]++;
        expect(either).toEqual(general);
      }),
      { numRuns: 1500 },
    );
    // Both paths were exercised: the comparison above is not vacuous.
    expect(paths.plain).toBeGreaterThan(150);
    expect(paths.sanitized).toBeGreaterThan(150);
  }, 30_000);

  it("writes what the general path writes for every body of the fixtures", async () => {
    const files = (await readdir(FIXTURES, { recursive: true })).filter((file) => /\.(md|markdown)$/.test(file));
    let plain = 0;
    for (const file of files) {
      const text = await readFile(join(FIXTURES, file), "utf8");
      const body = text.replace(/^(---|\+\+\+)\n[\s\S]*?\n\1\n/, "");
      const { path, either, general } = bothPaths(body, "/articles/fixture");
      if (path === "plain") plain++;
      expect(either, file).toEqual(general);
    }
    expect(files.length).toBeGreaterThan(20);
    expect(plain).toBeGreaterThan(0);
  });

  it("is taken by plain prose, links and pictures, and not by raw HTML or entities", () => {
    expect(renderMarkdown("It's a *plain* [link](https://example.com) and ![a](p.png).", "/articles/a").path).toBe(
      "plain",
    );
    expect(renderMarkdown("Some <b>raw</b> HTML.", "/articles/a").path).toBe("sanitized");
    expect(renderMarkdown("AT&amp;T", "/articles/a").path).toBe("sanitized");
    expect(renderMarkdown("[mail](mailto:a@example.com)", "/articles/a").path).toBe("sanitized");
    expect(renderMarkdown("[x](javascript:alert(1))", "/articles/a").path).toBe("sanitized");
  });
});
