/**
 * Bad sources: each gets one clear error naming the source and the place (line, item
 * position and title), every bad item is reported in the same run, and nothing is
 * written, not even the good items of the same source.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, importInto, snapshot, tempDir } from "./support";

/** Writes a variant of a fixture to a temporary file and imports it into a fresh content directory. */
async function importText(name: string, text: string | Uint8Array) {
  const dir = await tempDir();
  const source = join(dir, name);
  await writeFile(source, text);
  const content = join(dir, "content");
  const report = await importInto(content, source);
  return { report, source, written: await snapshot(content) };
}

/** The 1-based line on which `needle` first occurs, counted here, not by the importer. */
function lineOf(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`${needle} not found`);
  return text.slice(0, at).split("\n").length;
}

describe("a truncated file", () => {
  it("writes nothing, not even its complete items, and names the line where it breaks off", async () => {
    const dir = await tempDir();
    const source = fixture("truncated.xml");
    const lines = (await readFile(source, "utf8")).split("\n").length;
    const report = await importInto(dir, source);
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([
      `${source}: line ${lines}: not well-formed XML: unclosed tag: item (the file looks cut short: download or export it again)`,
    ]);
    expect((await snapshot(dir)).size).toBe(0);
  });

  it("leaves an existing content directory exactly as it was", async () => {
    const dir = await tempDir();
    await importInto(dir, fixture("jekyll-feed.xml"));
    await mkdir(join(dir, "articles"), { recursive: true });
    const before = await snapshot(dir);
    const report = await importInto(dir, fixture("truncated.xml"));
    expect(report.ok).toBe(false);
    expect(await snapshot(dir)).toEqual(before);
  });

  it("names the line of a JSON Feed cut short", async () => {
    const text = await readFile(fixture("jsonfeed-1.1.json"), "utf8");
    const cut = text.slice(0, text.indexOf('"title": "Winter soup"'));
    const { report, source, written } = await importText("cut.json", cut);
    expect(report.errors).toEqual([
      expect.stringMatching(
        new RegExp(`^${source}: line ${cut.split("\n").length}: not valid JSON: .*\\(the file looks cut short`),
      ),
    ]);
    expect(written.size).toBe(0);
  });
});

describe("a document that is not a feed", () => {
  it.each([
    [
      "page.html",
      "<!DOCTYPE html>\n<html><head><title>Blog</title></head><body><p>Hi</p></body></html>",
      /is an HTML page, not a feed/,
    ],
    [
      "note.xml",
      '<?xml version="1.0"?>\n<note><to>Tove</to></note>',
      /: line 2: is not an RSS 2.0, Atom or JSON Feed document.*root element is <note>/,
    ],
    ["rss1.xml", '<rss version="0.91"><channel></channel></rss>', /: line 1: is RSS 0\.91; only RSS 2\.0 is read/],
    ["notes.txt", "Just some notes.\n", /: line 1: is not an RSS 2\.0, Atom or JSON Feed document/],
    ["empty.xml", "  \n", /is empty; expected an RSS 2\.0/],
    [
      "data.json",
      '{ "name": "not a feed" }',
      /not a valid JSON Feed: version: must be "https:\/\/jsonfeed\.org\/version\/1\.1"/,
    ],
    [
      "latin.xml",
      '<?xml version="1.0" encoding="x-unknown"?><rss/>',
      /line 1: declares the encoding "x-unknown", which is not known/,
    ],
  ])("%s gets a clear error and nothing is written", async (name, text, message) => {
    const { report, source, written } = await importText(name, text);
    expect(report.ok).toBe(false);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatch(new RegExp(`^${source.replace(/[.]/g, "\\.")}`));
    expect(report.errors[0]).toMatch(message);
    expect(written.size).toBe(0);
  });

  it("names a file that does not exist", async () => {
    const dir = await tempDir();
    const report = await importInto(dir, join(dir, "missing.xml"));
    expect(report.errors).toEqual([`${join(dir, "missing.xml")}: cannot be read: no such file`]);
  });

  it("names the line of a byte that is not valid UTF-8", async () => {
    const text = await readFile(fixture("wordpress-rss.xml"), "utf8");
    const at = text.indexOf("Ferry timetable");
    const bytes = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xff]), Buffer.from(text.slice(at))]);
    const { report, written } = await importText("bad-bytes.xml", bytes);
    expect(report.errors).toEqual([
      expect.stringMatching(
        new RegExp(`: line ${lineOf(text, "Ferry timetable")}: holds bytes that are not valid utf-8`),
      ),
    ]);
    expect(written.size).toBe(0);
  });
});

describe("items without an id or a date", () => {
  it("reports every such item of an RSS feed at once, by line, position and title, and writes none of the good ones", async () => {
    const original = await readFile(fixture("wordpress-rss.xml"), "utf8");
    const text = original
      .replace('<guid isPermaLink="false">https://harbour.example/?p=101</guid>', "")
      .replace("<pubDate>Sat, 20 May 2023 06:30:00 -0400</pubDate>", "<pubDate>20/05/2023</pubDate>")
      .replace("<pubDate>Mon, 15 May 2023 17:00:00 EST</pubDate>", "");
    const { report, source, written } = await importText("feed.xml", text);
    const item = (n: number) => [...text.matchAll(/<item>/g)].map((m) => lineOf(text, "<item>", m.index))[n - 1];
    expect(report.errors).toEqual([
      `${source}: line ${item(1)}: item 1 "Tides, timetables & the new pier": has no id, and an imported item must keep its old one so readers do not show it twice; add <guid isPermaLink="false">…</guid>`,
      `${source}: line ${item(2)}: item 2 "Ferry timetable: summer ’23": <pubDate>: "20/05/2023" is not an RFC 822 date such as Thu, 01 Jun 2023 07:15:00 +0000`,
      `${source}: line ${item(3)}: item 3 "A short note": has no <pubDate>; write e.g. <pubDate>Thu, 01 Jun 2023 07:15:00 +0000</pubDate>`,
    ]);
    expect(written.size).toBe(0);
  });

  it("reports an Atom entry without an id and one with a date lacking its offset", async () => {
    const original = await readFile(fixture("jekyll-feed.xml"), "utf8");
    const text = original
      .replace("<id>https://fieldnotes.example/2023/05/04/maps-and-birds</id>", "")
      .replace("<updated>2023-04-28T09:00:00+02:00</updated>", "<updated>2023-04-28T09:00:00</updated>");
    const { report, source, written } = await importText("feed.atom", text);
    expect(report.errors).toEqual([
      expect.stringMatching(
        new RegExp(`^${source}: line 1: entry 1 "Maps, birds & a broken compass": has no id.*add <id>`),
      ),
      `${source}: line ${lineOf(text, "<entry>", text.indexOf("<entry>") + 1)}: entry 2 "Hello, world": <updated>: "2023-04-28T09:00:00" has no UTC offset; add Z or +hh:mm`,
    ]);
    expect(written.size).toBe(0);
  });

  it("reports a JSON Feed item without an id, one with a bad date and one of the wrong shape", async () => {
    const feed = JSON.parse(await readFile(fixture("jsonfeed-1.1.json"), "utf8")) as {
      items: Record<string, unknown>[];
    };
    delete feed.items[0]?.id;
    feed.items[1] = { ...feed.items[1], date_published: "yesterday" };
    feed.items.push({ id: "x", title: "Tagged wrongly", tags: "soup", date_published: "2022-12-02T00:00:00Z" });
    const { report, source, written } = await importText("feed.json", JSON.stringify(feed, null, 2));
    expect(report.errors).toEqual([
      `${source}: item 1 "Sourdough basics": has no id, and an imported item must keep its old one so readers do not show it twice; add "id": "https://example.org/2023/06/post"`,
      `${source}: item 2 "Winter soup": date_published: "yesterday" is not an ISO 8601 timestamp such as 2024-01-02T15:04:05Z`,
      `${source}: item 3 "Tagged wrongly": is not a JSON Feed item: tags: must be a list`,
    ]);
    expect(written.size).toBe(0);
  });

  it("refuses an id the compiler could not keep, rather than changing it", async () => {
    const feed = JSON.parse(await readFile(fixture("jsonfeed-1.1.json"), "utf8")) as {
      items: Record<string, unknown>[];
    };
    feed.items[1] = { ...feed.items[1], id: "soup\u0007bell" };
    const { report, source, written } = await importText("feed.json", JSON.stringify(feed));
    expect(report.errors).toEqual([
      `${source}: item 2 "Winter soup": cannot be kept as a record: its id "soup\\u0007bell" holds characters no feed can carry`,
    ]);
    expect(written.size).toBe(0);
  });

  it("reports content nested too deeply to convert, naming the item", async () => {
    const feed = JSON.parse(await readFile(fixture("jsonfeed-1.1.json"), "utf8")) as {
      items: Record<string, unknown>[];
    };
    feed.items[1] = {
      ...feed.items[1],
      content_html: `${"<blockquote>".repeat(300)}deep${"</blockquote>".repeat(300)}`,
    };
    const { report, source, written } = await importText("feed.json", JSON.stringify(feed));
    expect(report.errors).toEqual([
      `${source}: item 2 "Winter soup": its content could not be converted to Markdown: its HTML nests more than 100 elements deep, and at most 100 levels can be converted`,
    ]);
    expect(written.size).toBe(0);
  });
});
