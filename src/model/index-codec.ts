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
import type {
  Article,
  Author,
  ContentBundle,
  ContentIndex,
  EncodedColumns,
  EncodedIndex,
  EncodedInstants,
  EncodedPostings,
  Instants,
  PostingsSummary,
  Tag,
} from "./types";

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

/** `count` values (or every value in `text` when absent) of varint bytes in base64, each made from the one before and its delta. */
function decodeVarints<T extends Float64Array | Int32Array>(
  text: string,
  count: number | undefined,
  into: new (length: number) => T,
  accumulate: (previous: number, delta: number) => number,
): T {
  const binary = atob(text);
  let length = count ?? 0;
  // Without a count, each value is the bytes up to one without the continuation bit.
  if (count === undefined) for (let i = 0; i < binary.length; i++) if (binary.charCodeAt(i) < 0x80) length++;
  const values = new into(length);
  let position = 0;
  let previous = 0;
  for (let i = 0; i < length; i++) {
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

/** Ascending ordinals: the first as it is, then the gap to each next one. */
export function encodeOrdinals(ordinals: ArrayLike<number>): string {
  return encodeVarints(Array.from(ordinals, (value, i) => (i === 0 ? value : value - (ordinals[i - 1] ?? 0))));
}

export function decodeOrdinals(text: string, count: number): Int32Array {
  return decodeVarints(text, count, Int32Array, (previous, delta) => previous + delta);
}

/**
 * Instants per block of the coded instants. A block decodes in microseconds, so even a
 * combination's first page, whose twenty articles may lie in twenty blocks, costs
 * nothing worth counting, and start-up decodes none: at 1,000,000 articles decoding
 * them all took tens of milliseconds of start-up. Each block costs the module about
 * ten bytes.
 */
export const INSTANT_BLOCK = 256;

/** Whether every instant is a whole number of `unit` milliseconds. */
function whole(instants: Iterable<number>, unit: number): boolean {
  for (const instant of instants) if (instant % unit !== 0) return false;
  return true;
}

/** Newest-first instants (non-increasing), coded in blocks; `also` are other instants the unit must divide. */
export function encodeInstants(instants: ArrayLike<number>, also: Iterable<number> = []): EncodedInstants {
  const all = Array.from(instants);
  const unit = whole(all, 1000) && whole(also, 1000) ? 1000 : 1;
  const base = all[all.length - 1] ?? 0;
  const blocks: string[] = [];
  for (let from = 0; from < all.length; from += INSTANT_BLOCK) {
    const block = all.slice(from, from + INSTANT_BLOCK);
    blocks.push(encodeVarints(block.map((value, i) => (i === 0 ? value - base : (block[i - 1] ?? 0) - value) / unit)));
  }
  return { unit, base, block: INSTANT_BLOCK, blocks };
}

/** Instants decoded block by block, as they are read; `decode` makes a block's values. */
class BlockedInstants implements Instants {
  private readonly decoded: (Float64Array | undefined)[] = [];

  constructor(
    readonly length: number,
    private readonly block: number,
    private readonly decode: (block: number) => Float64Array,
  ) {}

  at(ordinal: number): number | undefined {
    if (!(ordinal >= 0 && ordinal < this.length)) return undefined;
    const block = Math.floor(ordinal / this.block);
    const values = (this.decoded[block] ??= this.decode(block));
    return values[ordinal - block * this.block];
  }
}

/** The block `block` of coded instants, of `count` instants in all, in milliseconds. */
function decodeInstantBlock(encoded: EncodedInstants, count: number, block: number): Float64Array {
  const { unit, base } = encoded;
  const values = decodeVarints(
    encoded.blocks[block] ?? "",
    Math.min(encoded.block, count - block * encoded.block),
    Float64Array,
    (previous, delta) => previous - delta,
  );
  for (let i = 0; i < values.length; i++) values[i] = base + (values[i] ?? 0) * unit;
  return values;
}

export function decodeInstants(encoded: EncodedInstants, count: number): Instants {
  return new BlockedInstants(count, encoded.block, (block) => decodeInstantBlock(encoded, count, block));
}

/**
 * The articles whose `updated` is later than `published`, sparse, in the instants'
 * blocks: for each block, pairs of the ordinal's gap from the one before (the first
 * from the block's start) and how many units after publication it was updated.
 * No block at all when no article was updated.
 */
export function encodeRevisions(
  articles: readonly Pick<Article, "published" | "updated">[],
  unit: number,
): EncodedIndex["revisions"] {
  const blocks: number[][] = [];
  let count = 0;
  let lastOrdinal = 0;
  articles.forEach((article, ordinal) => {
    if (article.updated === article.published) return;
    const block = Math.floor(ordinal / INSTANT_BLOCK);
    while (blocks.length <= block) blocks.push([]);
    const pairs = blocks[block] ?? [];
    const previous = pairs.length === 0 ? block * INSTANT_BLOCK : lastOrdinal;
    // The compiler keeps `updated` at or after `published`, so the amount is never negative.
    pairs.push(ordinal - previous, (article.updated - article.published) / unit);
    lastOrdinal = ordinal;
    count++;
  });
  return { count, blocks: count === 0 ? [] : blocks.map(encodeVarints) };
}

/** Every article's `updated`: its publication instant, moved on where a revision of its block says so. */
export function decodeUpdated(encoded: EncodedInstants, count: number, revisions: EncodedIndex["revisions"]): Instants {
  return new BlockedInstants(count, encoded.block, (block) => {
    const values = decodeInstantBlock(encoded, count, block);
    const text = revisions.blocks[block] ?? "";
    if (text === "") return values;
    const pairs = decodeVarints(text, undefined, Float64Array, (_, delta) => delta);
    let at = 0;
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      at += pairs[i] ?? 0;
      values[at] = (values[at] ?? 0) + (pairs[i + 1] ?? 0) * encoded.unit;
    }
    return values;
  });
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
  const published = encodeInstants(
    articles.map((article) => article.published),
    articles.map((article) => article.updated),
  );
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
    published,
    revisions: encodeRevisions(articles, published.unit),
    scheduled,
    slugBuckets: slugBucketCount(articles.length),
    sitemapChanges,
    tags: encodeColumns(bundle.tags.map(summed)),
    tagLookup: encodeLookup(bundle.tagLookup),
    retired: bundle.retired,
    merged: bundle.merged,
    authors: encodeColumns(bundle.authors.map(summed)),
    authorLookup: encodeLookup(bundle.authorLookup),
    // The build refuses an old path the site answers itself; dropping one here keeps the worker safe regardless.
    redirects: Object.fromEntries(
      articles.flatMap((article, ordinal) =>
        (article.aliases ?? []).filter((path) => !isSitePath(path)).map((path) => [path, [ordinal, article.slug]]),
      ),
    ),
  };
}

/** What joins a column of strings: U+0000, which no text of the build keeps. */
const SEPARATOR = "\u0000";

/** Records of one shape as columns (see EncodedColumns). */
export function encodeColumns(rows: readonly object[]): EncodedColumns {
  const keys = new Set(rows.flatMap((row) => Object.keys(row)));
  const columns: EncodedColumns = { count: rows.length, joined: {}, values: {} };
  for (const key of keys) {
    const column = rows.map((row) => (row as Record<string, unknown>)[key]);
    if (column.every((value) => typeof value === "string" && !value.includes(SEPARATOR))) {
      columns.joined[key] = column.join(SEPARATOR);
    } else {
      columns.values[key] = column.map((value) => value ?? null);
    }
  }
  return columns;
}

/** The values of one column, one per record (undefined where a record has none). */
function columnOf(encoded: EncodedColumns, key: string): unknown[] {
  const joined = encoded.joined[key];
  if (joined !== undefined) return encoded.count === 0 ? [] : joined.split(SEPARATOR);
  return (encoded.values[key] ?? []).map((value) => value ?? undefined);
}

/** The records of `encoded`, each made by `make` and given every field but `omit`. */
function decodeColumns<T extends object>(encoded: EncodedColumns, make: (row: number) => T, omit?: string): T[] {
  const rows = Array.from({ length: encoded.count }, (_, row) => make(row));
  for (const key of [...Object.keys(encoded.joined), ...Object.keys(encoded.values)]) {
    if (key === omit) continue;
    const column = columnOf(encoded, key);
    for (let row = 0; row < rows.length; row++) {
      if (column[row] !== undefined) (rows[row] as Record<string, unknown>)[key] = column[row];
    }
  }
  return rows;
}

/** A lookup table (spelling → slug) as `key` and `value` columns. */
function encodeLookup(lookup: Readonly<Record<string, string>>): EncodedColumns {
  return encodeColumns(Object.entries(lookup).map(([key, value]) => ({ key, value })));
}

function decodeLookup(encoded: EncodedColumns): Map<string, string> {
  const keys = columnOf(encoded, "key") as string[];
  const values = columnOf(encoded, "value") as string[];
  const lookup = new Map<string, string>();
  for (let i = 0; i < keys.length; i++) lookup.set(keys[i] ?? "", values[i] ?? "");
  return lookup;
}

/**
 * A tag or an author, its fields and summary set from the columns, its postings
 * decoded the first time they are read. The getter is the class's, not each object's
 * own: defining a property on each of 10,000 tags cost start-up over ten milliseconds.
 */
class IndexedPostings {
  #encoded: string;
  #decoded: number[] | undefined;
  declare count: number;

  constructor(encoded: string) {
    this.#encoded = encoded;
  }

  get articles(): number[] {
    return (this.#decoded ??= Array.from(decodeOrdinals(this.#encoded, this.count)));
  }
}

/** The tags or the authors of the index, each decoding its postings when they are first read. */
function decodePostings<T extends { articles: number[] }>(encoded: EncodedColumns): (T & PostingsSummary)[] {
  const postings = columnOf(encoded, "articles");
  return decodeColumns(
    encoded,
    (row) => new IndexedPostings(String(postings[row] ?? "")) as unknown as T & PostingsSummary,
    "articles",
  );
}

export function decodeIndex(encoded: EncodedIndex): ContentIndex {
  let updated: Instants | undefined;
  return {
    site: encoded.site,
    packSize: encoded.packSize,
    published: decodeInstants(encoded.published, encoded.count),
    get updated() {
      return (updated ??= decodeUpdated(encoded.published, encoded.count, encoded.revisions));
    },
    scheduled: encoded.scheduled,
    slugBuckets: encoded.slugBuckets,
    sitemapChanges: encoded.sitemapChanges,
    tags: decodePostings<Tag>(encoded.tags),
    tagLookup: decodeLookup(encoded.tagLookup),
    retired: encoded.retired,
    merged: encoded.merged,
    authors: decodePostings<Author>(encoded.authors),
    authorLookup: decodeLookup(encoded.authorLookup),
    redirects: encoded.redirects,
  };
}
