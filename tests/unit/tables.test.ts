/**
 * The tables the worker reads instead of carrying every slug in its bundle
 * (src/model/tables.ts): every slug found in its bucket, nothing else found, and the
 * sitemap lists giving back each part's articles oldest first.
 */
import { describe, expect, it } from "vitest";
import {
  findSlug,
  readSitemapList,
  SITEMAP_PART,
  sitemapLists,
  slugBucket,
  slugBucketCount,
  slugTables,
} from "../../src/model/tables";

describe("slug tables", () => {
  const slugs = Array.from({ length: 5_000 }, (_, i) => (i % 3 === 0 ? `report-${i}` : `déclaration-${i}-ñ`));
  const tables = slugTables(slugs);

  it("find every slug in its own bucket, and its ordinal", () => {
    expect(tables).toHaveLength(slugBucketCount(slugs.length));
    slugs.forEach((slug, ordinal) => {
      expect(findSlug(tables[slugBucket(slug, tables.length)] ?? "", slug)).toBe(ordinal);
    });
  });

  it("find nothing for a slug that is not there, a prefix of one, or one that would read across lines", () => {
    const table = tables[slugBucket("report-30", tables.length)] ?? "";
    for (const slug of ["report-1", "eport-30", "report-300000", "", "report-30\t30", "x\nreport-30", "\treport"]) {
      expect(findSlug(table, slug)).toBeUndefined();
    }
  });
});

describe("sitemap lists", () => {
  it("give back each part's articles, oldest first, and only as many as asked", () => {
    const articles = Array.from({ length: SITEMAP_PART + 3 }, (_, ordinal) => ({
      slug: `article-${ordinal}`,
      updated: 1_000_000 - ordinal,
    }));
    const lists = sitemapLists(articles);
    expect([...lists.keys()]).toEqual([1, 2]);
    const first = readSitemapList(lists.get(1) ?? "", Infinity);
    expect(first).toHaveLength(SITEMAP_PART);
    expect(first[0]).toEqual({ slug: `article-${SITEMAP_PART + 2}`, updated: 1_000_000 - SITEMAP_PART - 2 });
    expect(readSitemapList(lists.get(2) ?? "", 2)).toEqual([
      { slug: "article-2", updated: 999_998 },
      { slug: "article-1", updated: 999_999 },
    ]);
  });
});
