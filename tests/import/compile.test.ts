/**
 * What the import writes is content the project's own compiler accepts: every fixture
 * imported into one content directory compiles without an error, each published item
 * keeps its old id, instant, title, authors and summary, drafts stay out, and the
 * compiled content still points at the old site's images.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileBundle } from "../../src/compiler/pipeline/compile";
import { formatDiagnostic } from "../../src/compiler/diagnostics";
import { fillTemplate } from "../../src/model/urls";
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
      const article = articles.find(
        (a) => a.id === (/^[a-z][a-z0-9+.-]*:/i.test(id) ? id : `tag:imported.example,2023-04-03:${id}`),
      );
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
});
