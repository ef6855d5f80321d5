/**
 * Sources built to exhaust the import: nesting a hundred thousand levels deep (as XML
 * elements, as HTML inside a description, as XHTML content), end tags that close
 * nothing, and the long runs that make pattern-based code retry from every character
 * (parentheses in an author, unclosed tags in a title, line breaks and shortcodes in a
 * WordPress post, whitespace in code). Each gets an import or a clear error naming the
 * source and the place; none may hang (the test's own time limit is the guard).
 */
import { readFile, truncate, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_DOCUMENT_BYTES } from "../../src/import/load";
import { fileFor, scanArticles } from "../../src/import/names";
import type { SourceItem } from "../../src/import/source-item";
import { importInto, snapshot, tempDir, writtenRecords } from "./support";

const DEEP = 100_000;

const escape = (html: string) => html.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function rss(items: string): string {
  return `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Hostile</title><link>https://hostile.example/</link>
${items}
</channel></rss>
`;
}

function item(fields: string, { title = "Deep", description = "x" } = {}): string {
  return `<item><guid>https://hostile.example/1</guid><title>${title}</title><pubDate>Thu, 01 Jun 2023 07:15:00 +0000</pubDate>${fields}<description>${description}</description></item>`;
}

function wxr(content: string): string {
  return `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>W</title><link>https://hostile.example/</link><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Stored</title><link>https://hostile.example/stored/</link><guid isPermaLink="false">https://hostile.example/?p=1</guid>
<dc:creator>admin</dc:creator><wp:post_date_gmt>2023-06-01 07:15:00</wp:post_date_gmt><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
<content:encoded>${escape(content)}</content:encoded></item>
</channel></rss>
`;
}

async function importText(name: string, text: string) {
  const dir = await tempDir();
  const source = join(dir, name);
  await writeFile(source, text);
  const content = join(dir, "content");
  const report = await importInto(content, source);
  return { report, source, content };
}

/** The line of the document on which `needle` first occurs. */
function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split("\n").length;
}

// Generous limits for a busy machine: a step that is linear takes well under a second here,
// while the quadratic steps these sources were built against take minutes.
const LIMIT = { timeout: 30_000 };

describe("XML nested deeper than any feed", LIMIT, () => {
  it.each([
    ["elements in a description", rss(item("", { description: `${"<b>".repeat(DEEP)}x${"</b>".repeat(DEEP)}` }))],
    ["elements that are never closed", rss(item("", { description: "<b>".repeat(DEEP) }))],
    [
      "XHTML content",
      `<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>tag:hostile.example,2023:f</id><updated>2023-06-01T00:00:00Z</updated>
<entry><id>tag:hostile.example,2023:1</id><title>x</title><updated>2023-06-01T00:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${"<span>".repeat(DEEP)}x${"</span>".repeat(DEEP)}</div></content></entry></feed>`,
    ],
  ])("%s is an error at its line, and nothing is written", async (_, text) => {
    const { report, source, content } = await importText("deep.xml", text);
    expect(report.errors).toEqual([
      `${source}: line ${lineOf(text, "<b>".repeat(300)) || lineOf(text, "<span>")}: elements nest more than 256 deep here; the import reads documents nested at most 256 levels (a feed needs a handful)`,
    ]);
    expect((await snapshot(content)).size).toBe(0);
  });
});

describe("HTML nested too deeply to convert", LIMIT, () => {
  it.each([
    ["nested tags in a description", `${"<b>".repeat(DEEP)}x${"</b>".repeat(DEEP)}`],
    ["open tags closed by end tags that match none", `${"<b>".repeat(DEEP)}x${"</i>".repeat(DEEP)}`],
  ])("%s is that item's error", async (_, html) => {
    const text = rss(item("", { description: escape(html) }));
    const { report, source } = await importText("deep.xml", text);
    expect(report.errors).toEqual([
      `${source}: line 4: item 1 "Deep": its content could not be converted to Markdown: its HTML nests more than 100 elements deep, and at most 100 levels can be converted`,
    ]);
  });

  it("in an excerpt beside the content is that item's error too, and the other items are still read", async () => {
    const deep = item(`<content:encoded>${escape(`${"<i>".repeat(DEEP)}x`)}</content:encoded>`);
    const text = rss(`${deep}\n${item("", { title: "Fine" }).replace("/1<", "/2<")}`);
    const { report, source } = await importText("deep.xml", text);
    expect(report.errors).toEqual([
      `${source}: line 4: item 1 "Deep": its HTML nests more than 100 elements deep, and at most 100 levels can be converted`,
    ]);
  });
});

describe("long runs that patterns would retry from every character", LIMIT, () => {
  it("imports an author made of parentheses and a title made of unclosed tags", async () => {
    const text = rss(item(`<author>${"(".repeat(DEEP)}</author>`, { title: escape("<a ".repeat(DEEP)) }));
    const { report, content } = await importText("runs.xml", text);
    expect(report.errors).toEqual([]);
    const [record] = await writtenRecords(content);
    expect(String(record?.fields.title).startsWith("<a <a")).toBe(true);
    expect(record?.fields.authors).toEqual(["(".repeat(DEEP)]);
  });

  it("imports a WordPress post of line breaks, unclosed captions and embeds, keeping its text", async () => {
    const post = `Before${"<br>".repeat(DEEP)}after [caption]${"[caption]".repeat(DEEP / 10)}${"[embed]".repeat(DEEP / 10)}${"x".repeat(DEEP)}`;
    const { report, content } = await importText("wxr.xml", wxr(post));
    expect(report.errors).toEqual([]);
    const [record] = await writtenRecords(content);
    expect(record?.body).toMatch(/^Before {2}\n/);
    expect(record?.body).toContain(`after \\[caption\\]\\[caption\\]`);
  });

  it("keeps every space of code and every no-break space", async () => {
    const code = `a${" ".repeat(DEEP)}b\n${"\t".repeat(DEEP)}c`;
    const html = `<pre>${escape(code)}</pre><p>x${"\u00a0".repeat(DEEP)}y</p>`;
    const { report, content } = await importText("space.xml", rss(item("", { description: escape(html) })));
    expect(report.errors).toEqual([]);
    const body = (await writtenRecords(content))[0]?.body ?? "";
    // Compared as booleans: a failing comparison of such long strings would spend minutes on its diff.
    expect(body.includes(`\`\`\`\n${code}\n\`\`\``)).toBe(true);
    expect(body.includes(`x${"\u00a0".repeat(DEEP)}y`)).toBe(true);
  });

  it("imports an item with 40,000 categories", async () => {
    const categories = Array.from({ length: 40_000 }, (_, i) => `<category>topic ${i}</category>`).join("");
    const { report, content } = await importText("tags.xml", rss(item(categories)));
    expect(report.errors).toEqual([]);
    expect((await writtenRecords(content))[0]?.fields.tags).toHaveLength(40_000);
  });

  it("imports a list item of 5,000 lines", async () => {
    const html = `<ul><li>${"line<br>".repeat(5_000)}</li></ul>`;
    const { report, content } = await importText("list.xml", rss(item("", { description: escape(html) })));
    expect(report.errors).toEqual([]);
    expect((await readFile(join(content, "articles/deep.md"), "utf8")).split("line").length).toBe(5_001);
  });
});

describe("many items named alike", LIMIT, () => {
  it("each get the next free number, without trying every number taken before", async () => {
    const existing = await scanArticles(await tempDir());
    const named = (n: number): SourceItem => ({
      place: { source: "s", position: n, noun: "item" },
      id: `id-${n}`,
      title: "Same",
      published: 0,
      authors: [],
      tags: [],
      html: "",
    });
    const files = Array.from({ length: 100_000 }, (_, n) => fileFor(named(n), "Same", existing));
    expect(files.slice(0, 3)).toEqual(["articles/same.md", "articles/same-2.md", "articles/same-3.md"]);
    expect(new Set(files).size).toBe(100_000);
    expect(files.at(-1)).toBe("articles/same-100000.md");
  });
});

describe("documents larger than the import reads", LIMIT, () => {
  const tooLarge = /is larger than 100 MiB, the most the import reads at once: export or fetch it in parts/;

  it("a file is refused before it is read", async () => {
    const dir = await tempDir();
    const source = join(dir, "huge.xml");
    await writeFile(source, "");
    // A sparse file: as large as it says, without writing its bytes.
    await truncate(source, MAX_DOCUMENT_BYTES + 1);
    const report = await importInto(join(dir, "content"), source);
    expect(report.errors).toEqual([expect.stringMatching(tooLarge)]);
  });

  it("a server that never stops sending is cut off", async () => {
    const chunk = Buffer.alloc(1024 * 1024, "a");
    const server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/xml" });
      const send = () => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once("drain", send);
      };
      send();
    });
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/endless.xml`;
      const report = await importInto(await tempDir(), url);
      expect(report.errors).toEqual([expect.stringMatching(tooLarge)]);
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });
});
