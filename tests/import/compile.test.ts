/**
 * What the import writes is content the project's own compiler accepts: every fixture
 * imported into one content directory compiles without an error, each published item
 * keeps its old id, instant, title, authors and summary, drafts stay out, and the
 * compiled content still points at the old site's images.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileBundle } from "../../src/compiler/pipeline/compile";
import { formatDiagnostic } from "../../src/compiler/diagnostics";
import { fillTemplate } from "../../src/model/urls";
import { feedIdsOf } from "../support/feed-ids";
import { fixture, importInto, instant, tempDir, writtenRecords, ALL_SOURCES } from "./support";

const SITE = `title: Imported
description: Everything the fixtures hold.
language: en
domain: imported.example
authors: [Desk]
copyright: © Imported
`;

describe("imported records", () => {
  it("compile with the project's compiler, keeping each item's identity and metadata", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "site.yaml"), SITE);
    for (const name of ALL_SOURCES) expect((await importInto(dir, fixture(name))).errors).toEqual([]);
    const records = await writtenRecords(dir);

    const result = await compileBundle(dir, { now: Date.UTC(2024, 0, 1) });
    const problems = result.diagnostics
      .map(formatDiagnostic)
      // The compiler may not know the new `aliases` field yet; that warning, and those
      // for tags and authors the import cannot declare, are all that is expected.
      .filter(
        (line) =>
          !/: aliases: unknown field, ignored$/.test(line) && !/is not declared in (tags|authors)\.yaml/.test(line),
      );
    expect(problems).toEqual([]);
    expect(result.drafts).toBe(2);

    const articles = result.bundle?.articles ?? [];
    const published = records.filter((record) => record.fields.draft !== true);
    expect(articles).toHaveLength(published.length);
    for (const record of published) {
      const id = String(record.fields.id);
      // RSS and JSON Feed carry the old id exactly: the guid when the id is no URI, else the id.
      const article = articles.find((a) => (a.guid ?? a.id) === id);
      expect(article, `article for ${id}`).toBeDefined();
      expect(article?.title).toBe(record.fields.title);
      expect(article?.published).toBe(instant(record.fields.date));
      expect(article?.authors.map((person) => person.name)).toEqual(record.fields.authors ?? []);
      if (record.fields.summary) expect(article?.summary).toBe(record.fields.summary);
    }
    const pier = articles.find((a) => a.id === "https://harbour.example/?p=101");
    expect(fillTemplate(pier?.content ?? [], "https://new.example")).toContain(
      'src="https://harbour.example/wp-content/uploads/2023/06/pier.jpg"',
    );
    expect(articles.map((a) => a.title)).not.toContain("Winter moorings (draft)");
  });

  it("keep an old id that is no URI exactly in RSS and JSON Feed, and give Atom a tag: URI of it", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "site.yaml"), `${SITE}established: 2024-01-01\n`);
    const rss = (await readFile(fixture("wordpress-rss.xml"), "utf8"))
      .replace(">https://harbour.example/?p=101<", ">oldblog-post-1234<")
      .replace(">https://harbour.example/?p=98<", ">post 98 (harbour)<");
    await writeFile(join(dir, "old.xml"), rss);
    const report = await importInto(dir, join(dir, "old.xml"));
    expect(report.errors).toEqual([]);
    expect(report.lines).toContainEqual(expect.stringMatching(/^note: 2 id\(s\) are not URIs .*Atom/));

    const ids = await feedIdsOf(dir, Date.UTC(2024, 0, 1));
    expect(ids.rss).toEqual([
      { guid: "oldblog-post-1234", isPermaLink: "false" },
      { guid: "post 98 (harbour)", isPermaLink: "false" },
      // A permalink guid stays what it was: the old page's URL.
      { guid: "https://harbour.example/notes/short-note.html", isPermaLink: "false" },
    ]);
    expect(ids.json).toEqual(ids.rss.map((item) => item.guid));
    expect(ids.atom).toEqual([
      "tag:imported.example,2024-01-01:oldblog-post-1234",
      "tag:imported.example,2024-01-01:post%2098%20(harbour)",
      "https://harbour.example/notes/short-note.html",
    ]);
  });

  it("keep a JSON Feed's numeric id as its string", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "site.yaml"), SITE);
    expect((await importInto(dir, fixture("jsonfeed-1.0.json"))).errors).toEqual([]);
    const ids = await feedIdsOf(dir, Date.UTC(2024, 0, 1));
    expect(ids.json).toContain("1234");
    expect(ids.rss.map((item) => item.guid)).toContain("1234");
  });
});
