/**
 * JSON Feed 1.0 and 1.1 imported: ids kept (a number as its string), the feed's author
 * inherited, 1.1 `authors`, `date_modified` as updated, plain `content_text` kept as
 * text (never read as Markdown), and relative `url`s resolved against `home_page_url`.
 */
import { readFile } from "node:fs/promises";
import { extractFromJson } from "@extractus/feed-extractor";
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

describe.each(["jsonfeed-1.0.json", "jsonfeed-1.1.json"])("%s", (name) => {
  it("keeps every item's id, title and instant as another feed parser reads them", async () => {
    const dir = await tempDir();
    const report = await importInto(dir, fixture(name));
    expect(report.errors).toEqual([]);
    const feed = extractFromJson(JSON.parse(await readFile(fixture(name), "utf8")) as Record<string, unknown>);
    const records = await writtenRecords(dir);
    expect(records).toHaveLength(feed.entries?.length ?? -1);
    for (const entry of feed.entries ?? []) {
      const record = records.find((r) => r.fields.id === entry.id);
      expect(instant(record?.fields.date)).toBe(Date.parse(String(entry.published)));
      // feed-extractor leaves entities in a JSON title; the import decodes them.
      if (entry.title) expect(record?.fields.title).toBe(entry.title.replace("&amp;", "&"));
    }
  });
});

describe("JSON Feed 1.0", () => {
  it("inherits the feed's author, decodes the title, deduplicates tags and resolves relative URLs against the item", async () => {
    const dir = await tempDir();
    await importInto(dir, fixture("jsonfeed-1.0.json"));
    const record = await recordById(dir, "https://micro.example/2023/04/02/spring-rain.html");
    expect(record.fields).toMatchObject({
      title: "Spring & rain",
      date: "2023-04-02T11:00:00Z",
      authors: ["Sam Okafor"],
      tags: ["weather", "Spring"],
      summary: "It rained all week.",
      aliases: ["/2023/04/02/spring-rain.html"],
    });
    expect(bodyUrls(record.body)).toEqual({
      links: ["https://micro.example/2023/04/03/puddles.html"],
      images: ["https://micro.example/uploads/2023/rain.jpg"],
    });
  });

  it("keeps a numeric id as its string, names an untitled item by its text, and keeps content_text literal", async () => {
    const dir = await tempDir();
    await importInto(dir, fixture("jsonfeed-1.0.json"));
    const record = await recordById(dir, "1234");
    expect(record.fields.title).toMatch(/^A note without a title\./);
    const document = bodyDocument(record.body);
    const paragraphs = DomUtils.findAll((element) => element.name === "p", document.children).map((p) =>
      DomUtils.textContent(p),
    );
    expect(paragraphs).toEqual([
      "A note without a title.",
      "Second paragraph with *stars*, 1. a number and <b>angle brackets</b>.",
    ]);
    expect(DomUtils.findAll((element) => ["em", "b", "ol"].includes(element.name), document.children)).toEqual([]);
  });
});

describe("JSON Feed 1.1", () => {
  it("reads authors, date_modified as updated, and a url relative to home_page_url", async () => {
    const dir = await tempDir();
    await importInto(dir, fixture("jsonfeed-1.1.json"));
    const record = await recordById(dir, "tag:kitchen.example,2022:bread");
    expect(record.file).toBe("articles/sourdough-basics.md");
    expect(record.fields).toMatchObject({
      title: "Sourdough basics",
      date: "2022-11-05T07:30:00Z",
      updated: "2022-11-20T10:00:00Z",
      authors: ["Priya Nair", "Lena Vogt"],
      tags: ["bread", "baking"],
      summary: "Feed the starter the night before; bake in the morning.",
      aliases: ["/blog/posts/sourdough-basics/"],
    });
    expect(bodyUrls(record.body)).toEqual({
      links: ["https://kitchen.example/blog/posts/flour/"],
      images: ["https://kitchen.example/blog/posts/sourdough-basics/img/starter.jpg"],
    });
    const soup = await recordById(dir, "tag:kitchen.example,2022:soup");
    expect(soup.fields.summary).toBeUndefined();
    expect(soup.fields.authors).toEqual(["The Kitchen Table"]);
    expect(bodyText(soup.body)).toBe("Leeks, potatoes, time.");
  });
});
