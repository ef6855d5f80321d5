/**
 * A jekyll-feed Atom file imported: `published` (else `updated`) as the date, a later
 * `updated` kept, the feed's author inherited, categories deduplicated, and relative
 * references resolved against the `xml:base` jekyll-feed puts on each content element.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { extractFromXml } from "@extractus/feed-extractor";
import { DomUtils } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { bodyDocument, bodyUrls, fixture, importInto, instant, recordById, tempDir, writtenRecords } from "./support";

const SOURCE = fixture("jekyll-feed.xml");
const FIRST = "https://fieldnotes.example/2023/05/04/maps-and-birds";
const SECOND = "https://fieldnotes.example/2023/04/28/hello-world";

describe("a jekyll-feed Atom file", () => {
  it("keeps every entry's id and title as another feed parser reads them", async () => {
    const dir = await tempDir();
    const report = await importInto(dir, SOURCE);
    expect(report.errors).toEqual([]);
    const feed = extractFromXml(await readFile(SOURCE, "utf8"), { normalization: true });
    const records = await writtenRecords(dir);
    expect(records.map((r) => [r.fields.id, r.fields.title]).sort()).toEqual(
      (feed.entries ?? []).map((entry) => [entry.id, entry.title]).sort(),
    );
  });

  it("dates an entry by <published>, keeps a later <updated>, and carries author, tags, summary and old path", async () => {
    const dir = await tempDir();
    await importInto(dir, SOURCE);
    const record = await recordById(dir, FIRST);
    expect(record.file).toBe("articles/maps-and-birds.md");
    expect(instant(record.fields.date)).toBe(Date.parse("2023-05-04T10:00:00+02:00"));
    expect(instant(record.fields.updated)).toBe(Date.parse("2023-05-06T08:30:00+02:00"));
    expect(record.fields).toMatchObject({
      title: "Maps, birds & a broken compass",
      authors: ["Ada Lindqvist"],
      tags: ["walks", "maps"],
      summary: "The compass broke on the first morning, so the maps had to do.",
      aliases: ["/2023/05/04/maps-and-birds.html"],
    });
  });

  it("dates an entry without <published> by its <updated>, and writes no updated then", async () => {
    const dir = await tempDir();
    await importInto(dir, SOURCE);
    const record = await recordById(dir, SECOND);
    expect(instant(record.fields.date)).toBe(Date.parse("2023-04-28T09:00:00+02:00"));
    expect(record.fields.updated).toBeUndefined();
    expect(bodyUrls(record.body).links).toEqual(["https://fieldnotes.example/about/"]);
  });

  it("resolves relative links and images against xml:base and keeps in-page anchors", async () => {
    const dir = await tempDir();
    await importInto(dir, SOURCE);
    const { body } = await recordById(dir, FIRST);
    expect(bodyUrls(body)).toEqual({
      links: ["https://fieldnotes.example/maps/", "https://fieldnotes.example/2023/05/04/birds.html#day-1", "#notes"],
      images: ["https://fieldnotes.example/2023/05/04/images/route.png"],
    });
    const document = bodyDocument(body);
    const code = DomUtils.findOne((element) => element.name === "code", document.children);
    expect(code && DomUtils.textContent(code)).toBe("heading: 270\ndistance: 14 km\n");
    const heading = DomUtils.findOne((element) => element.name === "h2", document.children);
    expect(heading && DomUtils.textContent(heading)).toBe("Notes");
  });

  it("prefers xml:base to the entry's link, as RFC 4287 says", async () => {
    const dir = await tempDir();
    const moved = (await readFile(SOURCE, "utf8")).replace(
      'xml:base="https://fieldnotes.example/2023/05/04/maps-and-birds.html"',
      'xml:base="https://cdn.fieldnotes.example/posts/"',
    );
    const source = join(dir, "moved.xml");
    await writeFile(source, moved);
    await importInto(join(dir, "content"), source);
    const { body } = await recordById(join(dir, "content"), FIRST);
    expect(bodyUrls(body).images).toEqual(["https://cdn.fieldnotes.example/posts/images/route.png"]);
  });
});
