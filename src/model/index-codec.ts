/**
 * The bundled index's wire form, shaped for a fast start-up (Workers allow 1 s of
 * global scope; we aim far below it at 100,000 articles). The long monotone number
 * lists (publication instants, tag and author postings) are varint-coded differences
 * in base64: decoding them is one pass over a binary string, with no per-number
 * strings or objects. Instants are decoded at start-up into a typed array; a tag's or
 * an author's postings only when a document about it is made. What lists of every
 * tag and author need (counts, which articles may still appear, when a page last
 * changed) is summed up at build time, so no request decodes every tag. Slugs are not
 * here at all: they are in tables beside the packs (model/tables.ts).
 */
import { packSizeFor } from "./packs";
import { PAGE_SIZE } from "./scope";
import { SITEMAP_PART, slugBucketCount } from "./tables";
import { isSitePath } from "./urls";
import type { Article, ContentBundle, ContentIndex, EncodedIndex, EncodedPostings, PostingsSummary } from "./types";

/** Varint bytes (7 bits each, low first) of non-negative integers up to 2^53, as a base64 string. */
function encodeVarints(values: Iterable<number>): string {
  let binary = "";
  for (let value of values) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`cannot encode ${value}`);
    while (value >= 0x80) {
      binary += String.fromCharCode((value % 0x80) | 0x80);
      value = Math.floor(value / 0x80);
    }
    binary += String.fromCharCode(value);
  }
  return btoa(binary);
}

function decodeVarints<T extends Float64Array | Int32Array>(
  text: string,
  count: number,
  into: new (length: number) => T,
  accumulate: (previous: number, delta: number) => number,
): T {
  const binary = atob(text);
  const values = new into(count);
  let position = 0;
  let previous = 0;
  for (let i = 0; i < count; i++) {
    let delta = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = binary.charCodeAt(position++);
      delta += (byte & 0x7f) * scale;
      scale *= 0x80;
    } while (byte & 0x80);
    previous = i === 0 ? delta : accumulate(previous, delta);
    values[i] = previous;
  }
  return values;
}

/** Newest-first instants: the first as it is, then how much earlier each is than the one before. */
export function encodeInstants(instants: ArrayLike<number>): string {
  return encodeVarints(Array.from(instants, (value, i) => (i === 0 ? value : (instants[i - 1] ?? 0) - value)));
}

export function decodeInstants(text: string, count: number): Float64Array {
  return decodeVarints(text, count, Float64Array, (previous, delta) => previous - delta);
}

/** Ascending ordinals: the first as it is, then the gap to each next one. */
export function encodeOrdinals(ordinals: ArrayLike<number>): string {
  return encodeVarints(Array.from(ordinals, (value, i) => (i === 0 ? value : value - (ordinals[i - 1] ?? 0))));
}

export function decodeOrdinals(text: string, count: number): Int32Array {
  return decodeVarints(text, count, Int32Array, (previous, delta) => previous + delta);
}

/** Amounts of milliseconds, each as it is. */
function decodeAmounts(text: string, count: number): Float64Array {
  return decodeVarints(text, count, Float64Array, (_, delta) => delta);
}

/** The articles whose `updated` is later than `published`: their ordinals, and by how much. */
export function encodeRevisions(
  articles: readonly Pick<Article, "published" | "updated">[],
): EncodedIndex["revisions"] {
  const ordinals: number[] = [];
  const after: number[] = [];
  articles.forEach((article, ordinal) => {
    if (article.updated === article.published) return;
    ordinals.push(ordinal);
    // The compiler keeps `updated` at or after `published`, so the amount is never negative.
    after.push(article.updated - article.published);
  });
  return { count: ordinals.length, ordinals: encodeOrdinals(ordinals), after: encodeVarints(after) };
}

/** Every article's `updated`: its publication instant, moved on where a revision says so. */
export function decodeUpdated(published: Float64Array, revisions: EncodedIndex["revisions"]): Float64Array {
  const updated = published.slice();
  const ordinals = decodeOrdinals(revisions.ordinals, revisions.count);
  const after = decodeAmounts(revisions.after, revisions.count);
  ordinals.forEach((ordinal, i) => {
    updated[ordinal] = (published[ordinal] ?? 0) + (after[i] ?? 0);
  });
  return updated;
}

/**
 * Pack files the free plan's 20,000 asset files leave room for, beside the tables,
 * the lists and the site's own files.
 */
const PACK_FILES_FREE = 18_000;

/**
 * Records per pack for an archive: the feed size's packs (model/packs.ts), or twice
 * their size when that is what keeps the packs within the free plan's files. Every
 * article is in the site's packs and once per tag and author, so at 1,000,000
 * articles and 10,000 tags packs of 40 would be 105,000 files, past even the paid
 * plan's 100,000; packs of 80 are 52,500. Larger packs would be fewer files still,
 * but a first render reads and parses a whole pack's header.
 */
export function packSizeOf(source: {
  site: Pick<IndexSource["site"], "feedSize">;
  articles: { length: number };
  tags: readonly { articles: { length: number } }[];
  authors: readonly { articles: { length: number } }[];
}): number {
  const base = packSizeFor(source.site.feedSize);
  const files = (size: number) => {
    let total = Math.ceil(source.articles.length / size);
    for (const scope of [...source.tags, ...source.authors]) total += Math.ceil(scope.articles.length / size);
    return total;
  };
  return files(base) <= PACK_FILES_FREE ? base : base * 2;
}

/** What the index is made of: a compiled build, or a bundle held in memory. */
export type IndexSource = Omit<ContentBundle, "articles"> & {
  articles: readonly Pick<Article, "published" | "updated" | "slug" | "aliases">[];
};

/** The newest change among `ordinals` (ascending), or the site's fixed day when there are none. */
function newestChange(articles: IndexSource["articles"], ordinals: Iterable<number>, established: string): number {
  let newest = -Infinity;
  for (const ordinal of ordinals) newest = Math.max(newest, articles[ordinal]?.updated ?? -Infinity);
  return Number.isFinite(newest) ? newest : Date.parse(`${established}T00:00:00Z`);
}

/**
 * The index of a compiled archive, in its wire form: no titles, summaries, bodies or
 * slugs. `now` is the build's clock: what is scheduled then is what may still appear,
 * and everything summed up here (counts, pages' last changes) is as of then. An index
 * made without a clock counts every article as scheduled, which is always right and
 * only slower.
 */
export function encodeIndex(bundle: IndexSource, now = -Infinity): EncodedIndex {
  const { articles, site } = bundle;
  // Newest first: the scheduled articles are the first ones.
  let scheduled = 0;
  while (scheduled < articles.length && (articles[scheduled]?.published ?? 0) > now) scheduled++;
  const summed = <T extends { articles: number[] }>({ articles: ordinals, ...rest }: T): EncodedPostings<T> => {
    let hidden = 0;
    while (hidden < ordinals.length && (ordinals[hidden] ?? 0) < scheduled) hidden++;
    return {
      ...rest,
      count: ordinals.length,
      articles: encodeOrdinals(ordinals),
      scheduled: ordinals.slice(0, hidden),
      changed: newestChange(articles, ordinals.slice(hidden, hidden + PAGE_SIZE), site.established),
    } as EncodedPostings<T>;
  };
  const sitemapChanges: number[] = [];
  for (let from = 0; from < articles.length - scheduled; from += SITEMAP_PART) {
    // Part positions count from the oldest article; ordinals from the newest.
    const last = articles.length - 1 - from;
    const ordinals = function* () {
      for (let ordinal = last; ordinal > last - SITEMAP_PART && ordinal >= scheduled; ordinal--) yield ordinal;
    };
    sitemapChanges.push(newestChange(articles, ordinals(), site.established));
  }
  return {
    site,
    packSize: packSizeOf(bundle),
    count: articles.length,
    published: encodeInstants(articles.map((article) => article.published)),
    revisions: encodeRevisions(articles),
    scheduled,
    slugBuckets: slugBucketCount(articles.length),
    sitemapChanges,
    tags: bundle.tags.map(summed),
    tagLookup: bundle.tagLookup,
    retired: bundle.retired,
    merged: bundle.merged,
    authors: bundle.authors.map(summed),
    authorLookup: bundle.authorLookup,
    // The build refuses an old path the site answers itself; dropping one here keeps the worker safe regardless.
    redirects: Object.fromEntries(
      articles.flatMap((article, ordinal) =>
        (article.aliases ?? []).filter((path) => !isSitePath(path)).map((path) => [path, [ordinal, article.slug]]),
      ),
    ),
  };
}

/** A tag or an author whose postings are decoded the first time they are read. */
function lazyPostings<T extends { articles: number[] }>({
  articles: encoded,
  ...rest
}: EncodedPostings<T>): T & PostingsSummary {
  let decoded: number[] | undefined;
  return Object.defineProperty({ ...rest, articles: [] as number[] }, "articles", {
    enumerable: true,
    get: () => (decoded ??= Array.from(decodeOrdinals(encoded, rest.count))),
  }) as unknown as T & PostingsSummary;
}

export function decodeIndex(encoded: EncodedIndex): ContentIndex {
  let updated: Float64Array | undefined;
  const published = decodeInstants(encoded.published, encoded.count);
  return {
    site: encoded.site,
    packSize: encoded.packSize,
    published,
    get updated() {
      updated ??= decodeUpdated(published, encoded.revisions);
      return updated;
    },
    scheduled: encoded.scheduled,
    slugBuckets: encoded.slugBuckets,
    sitemapChanges: encoded.sitemapChanges,
    tags: encoded.tags.map(lazyPostings),
    tagLookup: encoded.tagLookup,
    retired: encoded.retired,
    merged: encoded.merged,
    authors: encoded.authors.map(lazyPostings),
    authorLookup: encoded.authorLookup,
    redirects: encoded.redirects,
  };
}
