/**
 * A WordPress RSS 2.0 feed imported into an empty content directory: ids, instants,
 * titles, authors, tags, excerpts and old paths as the feed has them (checked also
 * against @extractus/feed-extractor's reading of the same file), and bodies whose
 * relative links point at the old site and from which scripts, styles and frames are gone.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { extractFromXml } from "@extractus/feed-extractor";
import { DomUtils } from "htmlparser2";
import { describe, expect, it } from "vitest";
import {
  bodyDocument,
  bodyText,
  bodyUrls,
  fixture,
  importInto,
  instant,
  recordById,
  tempDir,
  writtenRecords,
} from "./support";

const SOURCE = fixture("wordpress-rss.xml");

describe("a WordPress RSS feed", () => {
  it("becomes one record per item, each keeping the id, title and instant another feed parser reads", async () => {
    const dir = await tempDir();
    const report = await importInto(dir, SOURCE);
    expect(report.errors).toEqual([]);
    expect(report.lines.filter((line) => line.startsWith("created "))).toHaveLength(3);
    expect(report.lines.at(-1)).toMatch(
      /^import: 3 created, 0 overwritten, 0 unchanged, 0 skipped from .*\(RSS 2\.0\)$/,
    );

    const feed = extractFromXml(await readFile(SOURCE, "utf8"), { normalization: true });
    const records = await writtenRecords(dir);
    expect(records).toHaveLength(feed.entries?.length ?? -1);
    for (const entry of feed.entries ?? []) {
      const record = records.find((r) => r.fields.id === entry.id);
      expect(record?.fields.title).toBe(entry.title);
      expect(instant(record?.fields.date)).toBe(Date.parse(String(entry.published)));
    }
  });

  it("keeps the first item's metadata: decoded title, creator, deduplicated categories, the excerpt without its 'Continue reading' link, the old path", async () => {
    const dir = await tempDir();
    await importInto(dir, SOURCE);
    const record = await recordById(dir, "https://harbour.example/?p=101");
    expect(record.file).toBe("articles/tides-and-the-new-pier.md");
    expect(Object.keys(record.fields)).toEqual(["title", "id", "date", "authors", "tags", "summary", "aliases"]);
    expect(record.fields).toMatchObject({
      title: "Tides, timetables & the new pier",
      date: "2023-06-01T07:15:00Z",
      authors: ["Mara Quinn"],
      tags: ["Harbour", "Piers"],
      summary: "The new pier opens on Monday, and the ferry timetable changes with it …",
      aliases: ["/2023/06/01/tides-and-the-new-pier/"],
    });
  });

  it("resolves relative links and images against the old item's URL and keeps in-body text that looks like HTML as text", async () => {
    const dir = await tempDir();
    await importInto(dir, SOURCE);
    const { body } = await recordById(dir, "https://harbour.example/?p=101");
    const { links, images } = bodyUrls(body);
    expect(images).toEqual(["https://harbour.example/wp-content/uploads/2023/06/pier.jpg"]);
    expect(links).toEqual([
      "https://harbour.example/2023/05/20/ferry-timetable/",
      "https://harbour.example/2023/06/01/tides-and-the-new-pier/timetable.pdf",
      "https://www.youtube.com/embed/pier123",
      "mailto:office@harbour.example",
    ]);
    expect(bodyText(body)).toContain("the sign reads <b>closed</b> & nobody knows why.");
    expect(bodyText(body)).toContain("The pier at dawn.");
  });

  it("removes scripts, styles, frames and event handlers", async () => {
    const dir = await tempDir();
    await importInto(dir, SOURCE);
    const { body } = await recordById(dir, "https://harbour.example/?p=101");
    const document = bodyDocument(body);
    const names = DomUtils.findAll(() => true, document.children).map((element) => element.name);
    expect(names).not.toContain("script");
    expect(names).not.toContain("style");
    expect(names).not.toContain("iframe");
    expect(body).not.toMatch(/trackVisitor|color: red|onclick|steal/);
  });

  it("reads several dc:creator, a numeric zone, tables and code blocks", async () => {
    const dir = await tempDir();
    await importInto(dir, SOURCE);
    const record = await recordById(dir, "https://harbour.example/?p=98");
    expect(record.fields.authors).toEqual(["Tomás Ferreira", "Mara Quinn"]);
    expect(instant(record.fields.date)).toBe(Date.UTC(2023, 4, 20, 10, 30));
    expect(record.fields.title).toBe("Ferry timetable: summer ’23");
    const document = bodyDocument(record.body);
    const cells = DomUtils.findAll((element) => element.name === "td", document.children).map((cell) =>
      DomUtils.textContent(cell),
    );
    expect(cells).toEqual(["Harbour – Isle", "06:40"]);
    const code = DomUtils.findOne((element) => element.name === "code", document.children);
    expect(code && DomUtils.textContent(code)).toBe("route: harbour-isle\nfirst: 06:40\n");
    expect(DomUtils.findAll((element) => element.name === "li", document.children)).toHaveLength(2);
  });

  it("takes the name from <author> and the body from <description> when there is no content:encoded", async () => {
    const dir = await tempDir();
    await importInto(dir, SOURCE);
    const record = await recordById(dir, "https://harbour.example/notes/short-note.html");
    expect(record.file).toBe("articles/short-note.md");
    expect(record.fields.authors).toEqual(["Harbour Office"]);
    expect(record.fields.summary).toBeUndefined();
    expect(instant(record.fields.date)).toBe(Date.UTC(2023, 4, 15, 22, 0));
    expect(bodyUrls(record.body).links).toEqual(["https://harbour.example/opening-hours/"]);
    expect(bodyText(record.body)).toBe("The office is closed on Friday. See opening hours.");
  });

  it("reads inline HTML in a title as HTML, other angle brackets as text, and drops a description that repeats the content", async () => {
    const original = await readFile(SOURCE, "utf8");
    const text = original
      .replace(
        "<title>Tides, timetables &#038; the new pier</title>",
        "<title>&lt;em&gt;Tides&lt;/em&gt; &amp;amp; piers</title>",
      )
      .replace("<title>Ferry timetable: summer &#8217;23</title>", "<title>Fares: adults &lt;children&gt; dogs</title>")
      .replace(
        "<description><![CDATA[Summer sailings start on 1 June.]]></description>",
        "<description><![CDATA[<h2>Sailings</h2> Route First Harbour – Isle 06:40 Bikes travel free Dogs on a lead Check the board on the day. route: harbour-isle first: 06:40]]></description>",
      );
    const dir = await tempDir();
    const source = join(dir, "feed.xml");
    await writeFile(source, text);
    await importInto(join(dir, "content"), source);
    expect((await recordById(join(dir, "content"), "https://harbour.example/?p=101")).fields.title).toBe(
      "Tides & piers",
    );
    const ferry = await recordById(join(dir, "content"), "https://harbour.example/?p=98");
    expect(ferry.fields.title).toBe("Fares: adults <children> dogs");
    expect(ferry.fields.summary).toBeUndefined();
  });
});
