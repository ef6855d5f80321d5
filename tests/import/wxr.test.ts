/**
 * A WordPress export (WXR 1.2) imported: only posts become records, drafts stay drafts,
 * logins become display names, and a classic-editor post's blank-line paragraphs,
 * [caption] shortcode and <!--more--> teaser come out as WordPress served them, while
 * block-editor comments and scripts do not come out at all.
 */
import { DomUtils } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { bodyDocument, bodyText, bodyUrls, fixture, importInto, recordById, tempDir, writtenRecords } from "./support";

const SOURCE = fixture("wordpress-export.xml");

function paragraphs(markdown: string): string[] {
  const document = bodyDocument(markdown);
  return DomUtils.findAll((element) => element.name === "p", document.children).map((p) =>
    DomUtils.getInnerHTML(p).replace(/<br>\s*/g, "<br>"),
  );
}

describe("a WordPress export", () => {
  it("imports posts and drafts, leaves out pages, attachments and menu items, and says how many", async () => {
    const dir = await tempDir();
    const report = await importInto(dir, SOURCE);
    expect(report.errors).toEqual([]);
    const records = await writtenRecords(dir);
    expect(records.map((r) => r.fields.id).sort()).toEqual([
      "https://harbour.example/?p=105",
      "https://harbour.example/?p=110",
      "https://harbour.example/?p=12",
      "https://harbour.example/?p=90",
    ]);
    expect(report.lines.at(-1)).toMatch(
      /4 created.*\(WordPress export \(WXR\)\); left out of the source: 1 page, 1 attachment, 2 navigation menu items$/,
    );
    const titles = records.map((r) => r.fields.title);
    expect(titles).not.toContain("About the harbour");
    expect(titles).not.toContain("Home");
  });

  it("marks draft and private posts as drafts; a draft's local post_date stands in for its missing GMT date, with a note", async () => {
    const dir = await tempDir();
    const report = await importInto(dir, SOURCE);
    const draft = await recordById(dir, "https://harbour.example/?p=110");
    expect(draft.fields).toMatchObject({ draft: true, date: "2023-06-01T18:00:00Z", title: "Winter moorings (draft)" });
    expect(draft.fields.aliases).toBeUndefined();
    expect(report.lines).toContainEqual(
      expect.stringMatching(/line \d+: item 3 "Winter moorings \(draft\)": has no wp:post_date_gmt/),
    );
    expect((await recordById(dir, "https://harbour.example/?p=90")).fields.draft).toBe(true);
    expect((await recordById(dir, "https://harbour.example/?p=12")).fields.draft).toBeUndefined();
  });

  it("resolves author logins to display names, keeps categories and tags but not post formats, and takes the teaser as summary", async () => {
    const dir = await tempDir();
    await importInto(dir, SOURCE);
    const record = await recordById(dir, "https://harbour.example/?p=12");
    expect(record.file).toBe("articles/lighthouse-keepers-log.md");
    expect(record.fields).toMatchObject({
      title: "The lighthouse keeper’s log",
      date: "2021-03-14T10:05:00Z",
      updated: "2021-04-01T07:00:00Z",
      authors: ["Tomás Ferreira"],
      tags: ["Harbour", "History", "Lighthouse"],
      aliases: ["/2021/03/14/lighthouse-keepers-log/"],
    });
    expect(record.fields.summary).toBe(
      "The keeper wrote every evening, for forty years. A page from the 1952 log. Some entries are one line long. Others run to pages.",
    );
  });

  it("turns blank-line separated text into paragraphs, single newlines into breaks, and [caption] into a figure", async () => {
    const dir = await tempDir();
    await importInto(dir, SOURCE);
    const { body } = await recordById(dir, "https://harbour.example/?p=12");
    expect(paragraphs(body)).toEqual([
      "The keeper wrote every evening, for forty years.",
      "Some entries are one line long.<br>Others run to pages.",
      'The <a href="https://harbour.example/2020/11/02/the-old-lamp/">old lamp</a> gets a mention in every winter entry.',
      "Rock &amp; roll came later.",
    ]);
    const document = bodyDocument(body);
    const caption = DomUtils.findOne((element) => element.name === "figcaption", document.children);
    expect(caption && DomUtils.textContent(caption)).toBe("A page from the 1952 log.");
    expect(bodyUrls(body).images).toEqual(["https://harbour.example/wp-content/uploads/2021/03/log.jpg"]);
    const code = DomUtils.findOne((element) => element.name === "code", document.children);
    expect(code && DomUtils.textContent(code)).toBe("wind: NW 6\nvisibility: poor\n\nlamp: lit 16:40\n");
    expect(body).not.toMatch(/\[\/?caption/);
  });

  it("drops block-editor comments and scripts, and takes the excerpt as summary", async () => {
    const dir = await tempDir();
    await importInto(dir, SOURCE);
    const record = await recordById(dir, "https://harbour.example/?p=105");
    expect(record.fields.summary).toBe("Moorings move while the channel is dredged.");
    expect(record.fields.authors).toEqual(["Mara Quinn"]);
    expect(record.body).not.toMatch(/wp:|<!--|dredge = true|script/);
    expect(bodyText(record.body)).toBe(
      "The channel will be dredged from 5 June. Moorings B1–B9 move The slipway stays open",
    );
    expect(bodyUrls(record.body).images).toEqual(["https://harbour.example/wp-content/uploads/2023/05/dredger.jpg"]);
  });
});
