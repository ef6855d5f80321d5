/**
 * The tables the worker reads instead of carrying every slug in its bundle
 * (src/model/tables.ts): every slug found in its bucket, nothing else found, and the
 * sitemap lists giving back each part's articles oldest first.
 */
import { describe, expect, it } from "vitest";
import { listedArticles, sitemapLists } from "../../src/feeds/sitemap";
import { findSlug, SITEMAP_PART, slugBucket, slugBucketCount, slugTables } from "../../src/model/tables";

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
  it("hold each part's articles as the sitemap writes them, oldest first, and give back as many as asked", () => {
    const articles = Array.from({ length: SITEMAP_PART + 3 }, (_, ordinal) => ({
      slug: `article-${ordinal}`,
      updated: Date.UTC(2026, 0, 1) - ordinal * 60_000,
    }));
    const lists = sitemapLists(articles);
    expect([...lists.keys()]).toEqual([1, 2]);
    const locs = (text: string) => Array.from(text.matchAll(/<loc>([^<]*)<\/loc>/g), (match) => match[1]);
    const first = listedArticles(lists.get(1) ?? "", Infinity, "https://a.example");
    expect(locs(first)).toHaveLength(SITEMAP_PART);
    expect(locs(first)[0]).toBe(`https://a.example/articles/article-${SITEMAP_PART + 2}`);
    const second = listedArticles(lists.get(2) ?? "", 2, "https://b.example");
    expect(locs(second)).toEqual(["https://b.example/articles/article-2", "https://b.example/articles/article-1"]);
    expect(second).toContain("<lastmod>2025-12-31T23:58:00Z</lastmod>");
    expect(second.endsWith("</url>")).toBe(true);
  });
});
