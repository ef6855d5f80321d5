/**
 * Fuzzing the import with nested and oversized sources: RSS, Atom, WordPress and JSON
 * Feed documents whose fields hold elements nested from a few levels to a hundred
 * thousand (as XML, as escaped HTML, as CDATA, as XHTML), closed, left open or "closed"
 * by end tags that match nothing, and long runs of the characters that make
 * pattern-based code retry from every position (whitespace, parentheses, brackets,
 * shortcodes, line breaks, emphasis marks). Every import ends within a generous bound,
 * a guard against hanging and no claim about speed, with records or with clean errors
 * naming the source, and nothing is written after an error.
 * `FUZZ_RUNS=200 npx vitest run --project node tests/import/nesting.fuzz.test.ts` runs a longer campaign.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { importInto, snapshot, writtenRecords } from "./support";

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
/** No import of these sources may take longer: the quadratic steps they target take minutes. */
const HANG_GUARD_MS = 20_000;

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const depth = fc.oneof(
  fc.integer({ min: 0, max: 8 }),
  fc.integer({ min: 90, max: 300 }),
  fc.integer({ min: 1_000, max: 120_000 }),
);
const tag = fc.constantFrom("b", "div", "blockquote", "ul", "li", "span", "p", "em", "a", "pre", "table");
const closing = fc.constantFrom("matched", "open", "stray");

/** Elements nested `levels` deep around a word. */
const nested = fc.tuple(depth, tag, closing).map(([levels, name, close]) => {
  const open = `<${name}>`.repeat(levels);
  if (close === "open") return `${open}deep`;
  return `${open}deep${(close === "matched" ? `</${name}>` : "</i>").repeat(levels)}`;
});

/** A long run of one troublesome piece of text. */
const run = fc
  .tuple(
    fc.constantFrom(
      " ",
      "\n",
      "\u00a0",
      "\t",
      "(",
      "[",
      "[caption]",
      "[embed]",
      "<br>",
      "*",
      "_",
      "`",
      "<a ",
      "&amp;",
      "> ",
      "- ",
    ),
    fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1_000, max: 100_000 })),
  )
  .map(([piece, times]) => piece.repeat(times));

/** What a field holds: words, nesting and runs in any order. */
const payload = fc
  .array(fc.oneof(nested, run, fc.constantFrom("text", "more words", "&lt;b&gt;", "x")), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(""));

/** How the payload is written into XML: as elements, as escaped HTML, or as CDATA. */
const written = fc.constantFrom("elements", "escaped", "cdata");

function inXml(text: string, how: string): string {
  if (how === "escaped") return escapeXml(text);
  if (how === "cdata") return `<![CDATA[${text.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
  return text;
}

interface Item {
  title: string;
  body: string;
  author: string;
  how: string;
}

const itemArb: fc.Arbitrary<Item> = fc.record({
  title: fc.oneof(fc.constant("A title"), payload),
  body: payload,
  author: fc.oneof(fc.constant("Jane (Jane Doe)"), run),
  how: written,
});

function rss(items: Item[]): string {
  const entries = items.map(
    (item, i) => `<item><guid>https://fuzz.example/${i}</guid><title>${inXml(item.title, item.how)}</title>
<pubDate>Thu, 01 Jun 2023 07:15:00 +0000</pubDate><author>${escapeXml(item.author)}</author>
<description>${inXml(item.body, item.how)}</description>
<content:encoded>${inXml(item.body, item.how === "elements" ? "escaped" : item.how)}</content:encoded></item>`,
  );
  return `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Fuzz</title><link>https://fuzz.example/</link>
${entries.join("\n")}
</channel></rss>`;
}

function atom(items: Item[]): string {
  const entries = items.map(
    (item, i) => `<entry><id>tag:fuzz.example,2023:${i}</id><title type="html">${inXml(item.title, "escaped")}</title>
<updated>2023-06-01T07:15:00Z</updated><author><name>${escapeXml(item.author)}</name></author>
${
  item.how === "elements"
    ? `<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${item.body}</div></content>`
    : `<content type="html">${inXml(item.body, item.how)}</content>`
}</entry>`,
  );
  return `<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Fuzz</title><id>tag:fuzz.example,2023:feed</id><updated>2023-06-01T07:15:00Z</updated>
${entries.join("\n")}
</feed>`;
}

function wxr(items: Item[]): string {
  const posts = items.map(
    (item, i) => `<item><title>${inXml(item.title, item.how)}</title><link>https://fuzz.example/p${i}/</link>
<guid isPermaLink="false">https://fuzz.example/?p=${i}</guid><dc:creator>${escapeXml(item.author)}</dc:creator>
<wp:post_date_gmt>2023-06-01 07:15:00</wp:post_date_gmt><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
<content:encoded>${inXml(item.body, item.how === "elements" ? "escaped" : item.how)}</content:encoded></item>`,
  );
  return `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Fuzz</title><link>https://fuzz.example/</link><wp:wxr_version>1.2</wp:wxr_version>
${posts.join("\n")}
</channel></rss>`;
}

function jsonFeed(items: Item[]): string {
  return JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title: "Fuzz",
    items: items.map((item, i) => ({
      id: `https://fuzz.example/${i}`,
      title: item.title,
      authors: [{ name: item.author }],
      date_published: "2023-06-01T07:15:00Z",
      ...(item.how === "cdata" ? { content_text: item.body } : { content_html: item.body }),
    })),
  });
}

const KINDS = { "feed.xml": rss, "atom.xml": atom, "export.xml": wxr, "feed.json": jsonFeed };
const documentArb = fc.tuple(
  fc.constantFrom(...(Object.keys(KINDS) as (keyof typeof KINDS)[])),
  fc.array(itemArb, { minLength: 1, maxLength: 3 }),
);

describe("fuzzing the import with nested and oversized sources", () => {
  it(
    "imports or reports every source within the hang guard, and writes nothing after an error",
    async () => {
      await fc.assert(
        fc.asyncProperty(documentArb, async ([name, items]) => {
          const dir = await mkdtemp(join(tmpdir(), "edgefeed-nesting-"));
          try {
            const source = join(dir, name);
            await writeFile(source, KINDS[name](items));
            const content = join(dir, "content");
            const started = performance.now();
            const report = await importInto(content, source);
            expect(performance.now() - started).toBeLessThan(HANG_GUARD_MS);
            if (report.ok) {
              for (const record of await writtenRecords(content)) expect(typeof record.fields.id).toBe("string");
            } else {
              for (const error of report.errors) expect(error.startsWith(source)).toBe(true);
              expect((await snapshot(content)).size).toBe(0);
            }
          } finally {
            await rm(dir, { recursive: true, force: true });
          }
        }),
        { numRuns: RUNS },
      );
    },
    60_000 + RUNS * HANG_GUARD_MS,
  );
});
