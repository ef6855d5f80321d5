/**
 * The article tables the worker reads from storage instead of carrying in its bundle,
 * so that no request decodes one list of every article: the slug table (which article
 * a URL names), split into buckets by a hash of the slug, one article a line; and
 * where the sitemap's lists of articles lie, in parts of SITEMAP_PART articles counted
 * from the oldest (a part never changes once all its articles are visible; its text
 * is the sitemap's own, feeds/sitemap.ts). The build writes them beside the packs.
 */
import { RECORDS_PREFIX } from "./packs";

/** Articles a sitemap lists in one part (sitemaps.org allows 50,000; smaller parts cost a request less). */
export const SITEMAP_PART = 1_000;

/** About this many slugs share a bucket: one small read per lookup, a few hundred files at a million articles. */
const SLUGS_PER_BUCKET = 2_000;

export function slugBucketCount(articles: number): number {
  return Math.max(1, Math.ceil(articles / SLUGS_PER_BUCKET));
}

/** FNV-1a over the slug's UTF-16 units: the same bucket at build time and in the worker. */
export function slugBucket(slug: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < slug.length; i++) {
    hash ^= slug.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % buckets;
}

export function slugBucketPath(bucket: number): string {
  return `${RECORDS_PREFIX}slugs/${bucket}.txt`;
}

export function sitemapListPath(part: number): string {
  return `${RECORDS_PREFIX}sitemap/${part}.txt`;
}

/** A slug a table can hold: the tables separate fields with tabs and lines with newlines. */
export function tableSafe(slug: string): boolean {
  return slug.length > 0 && !/[\t\n\r]/.test(slug);
}

/** The slug tables of an archive (slugs in ordinal order): bucket → text, lines of `slug<TAB>ordinal`. */
export function slugTables(slugs: readonly string[]): string[] {
  const buckets = slugBucketCount(slugs.length);
  const lines: string[][] = Array.from({ length: buckets }, () => []);
  slugs.forEach((slug, ordinal) => lines[slugBucket(slug, buckets)]?.push(`${slug}\t${ordinal}`));
  return lines.map((bucket) => (bucket.length > 0 ? `${bucket.join("\n")}\n` : ""));
}

/** The ordinal `slug` has in its bucket's text, if it is there. */
export function findSlug(table: string, slug: string): number | undefined {
  if (!tableSafe(slug)) return undefined;
  const line = `${slug}\t`;
  let start = line.length;
  if (!table.startsWith(line)) {
    const at = table.indexOf(`\n${line}`);
    if (at < 0) return undefined;
    start += at + 1;
  }
  const ordinal = Number(table.slice(start, table.indexOf("\n", start)));
  return Number.isInteger(ordinal) && ordinal >= 0 ? ordinal : undefined;
}

/** The slug tables of an archive (slugs in ordinal order): path → text. */
export function slugTableFiles(slugs: readonly string[]): Map<string, string> {
  return new Map(slugTables(slugs).map((text, bucket) => [slugBucketPath(bucket), text]));
}
