/** Unit tests for the storage layout's pure parts: the index's delta coding, pack geometry and the byte-bounded cache. */
import { describe, expect, it } from "vitest";
import { ByteLru } from "../../src/cache/byte-lru";
import {
  decodeIndex,
  decodeInstants,
  decodeOrdinals,
  encodeIndex,
  encodeInstants,
  encodeOrdinals,
  INSTANT_BLOCK,
  packSizeOf,
} from "../../src/model/index-codec";
import type { Instants } from "../../src/model/types";
import { syntheticBundle } from "../support/synthetic-bundle";
import { packLength, packSizeFor, packsFor } from "../../src/model/packs";

/** The synthetic bundle's articles, each of `revised` (ordinal → milliseconds) updated that long after publication. */
function revise(bundle: ReturnType<typeof syntheticBundle>, revised: Map<number, number>) {
  return bundle.articles.map((article, ordinal) => ({
    ...article,
    updated: article.published + (revised.get(ordinal) ?? 0),
  }));
}

/** Every instant of a coded column, in order. */
function all(instants: Instants): (number | undefined)[] {
  return Array.from({ length: instants.length }, (_, i) => instants.at(i));
}

describe("index coding", () => {
  it("round-trips descending instants and ascending ordinals exactly", () => {
    const instants = [1_767_225_600_000, 1_767_222_000_000, 1_767_222_000_000, 946_684_800_001, 0];
    expect(all(decodeInstants(encodeInstants(instants), instants.length))).toEqual(instants);
    const ordinals = [0, 3, 4, 127, 128, 16_384, 99_999];
    expect(Array.from(decodeOrdinals(encodeOrdinals(ordinals), ordinals.length))).toEqual(ordinals);
    expect(decodeOrdinals(encodeOrdinals([]), 0).length).toBe(0);
    expect(() => encodeInstants([1, 2])).toThrow(RangeError);
  });

  it("codes whole seconds in seconds, block by block, before 1970 too, and reads nothing outside the list", () => {
    const HOUR = 3_600_000;
    const hourly = Array.from({ length: 3 * INSTANT_BLOCK + 5 }, (_, i) => 100 * HOUR - i * HOUR);
    const coded = encodeInstants(hourly);
    expect(coded.unit).toBe(1000);
    expect(coded.blocks).toHaveLength(4);
    // An hour is 3,600 seconds: two varint bytes, where milliseconds took four.
    expect(coded.blocks[1]?.length).toBeLessThanOrEqual(Math.ceil((2 * INSTANT_BLOCK + 3) / 3) * 4);
    const decoded = decodeInstants(JSON.parse(JSON.stringify(coded)), hourly.length);
    expect(all(decoded)).toEqual(hourly);
    for (const outside of [-1, hourly.length, Number.NaN]) expect(decoded.at(outside)).toBeUndefined();
    // A millisecond anywhere keeps milliseconds, and so does an update that is not a whole second.
    expect(encodeInstants([...hourly.slice(0, -1), (hourly.at(-1) ?? 0) - 1]).unit).toBe(1);
    expect(encodeInstants(hourly, [hourly[0] ?? 0, 1_500]).unit).toBe(1);
    expect(all(decodeInstants(encodeInstants(hourly, [1_500]), hourly.length))).toEqual(hourly);
  });

  it("gives back the bundle's instants and postings, and no slug", () => {
    const bundle = syntheticBundle({ articles: 300, tags: 7 });
    const encoded = encodeIndex(bundle);
    const index = decodeIndex(JSON.parse(JSON.stringify(encoded)));
    expect(all(index.published)).toEqual(bundle.articles.map((article) => article.published));
    expect(index.tags.map((tag) => [tag.slug, tag.count, [...tag.articles]])).toEqual(
      bundle.tags.map((tag) => [tag.slug, tag.articles.length, tag.articles]),
    );
    // Slugs live in tables beside the packs (model/tables.ts), not in the bundle.
    expect(JSON.stringify(encoded)).not.toContain(bundle.articles[10]?.slug);
    expect(decodeIndex(encodeIndex({ ...bundle, articles: [], tags: [] })).published).toHaveLength(0);
  });

  it("gives back tags, authors and lookups from their columns, with the fields each had", () => {
    const bundle = syntheticBundle({ articles: 50, tags: 4, authors: 2 });
    const tags = bundle.tags.map((tag, i) => ({
      ...tag,
      // A field only some tags have, and a text that cannot be joined (the build never keeps U+0000; the codec copes).
      ...(i === 1 ? { description: "About one" } : {}),
      ...(i === 2 ? { name: "Odd\u0000name" } : {}),
    }));
    // A computed "__proto__" is an own key, as a spelling in tags.yaml may be.
    const tagLookup = { ...bundle.tagLookup, ["__proto__"]: "t-0", constructor: "t-1", "t 2": "t-2" };
    const index = decodeIndex(JSON.parse(JSON.stringify(encodeIndex({ ...bundle, tags, tagLookup }))));
    expect(index.tags.map(({ slug, name, description, declared }) => ({ slug, name, description, declared }))).toEqual(
      tags.map(({ slug, name, description, declared }) => ({ slug, name, description, declared })),
    );
    expect(index.tags.filter((tag) => "description" in tag).map((tag) => tag.slug)).toEqual([tags[1]?.slug]);
    expect(index.authors).toHaveLength(2);
    expect(index.authors.map((author) => [author.slug, author.name, author.count, [...author.articles]])).toEqual(
      bundle.authors.map((author) => [author.slug, author.name, author.articles.length, author.articles]),
    );
    expect(new Map(index.tagLookup)).toEqual(new Map(Object.entries(tagLookup)));
    expect(index.tagLookup.get("__proto__")).toBe("t-0");
    expect(index.tagLookup.get("toString")).toBeUndefined();
    expect(new Map(index.authorLookup)).toEqual(new Map(Object.entries(bundle.authorLookup)));
    const empty = decodeIndex(encodeIndex({ ...bundle, articles: [], tags: [], authors: [], tagLookup: {} }));
    expect([empty.tags, empty.authors, [...empty.tagLookup]]).toEqual([[], [], []]);
  });

  it("sums up each tag as of the build's clock: what is scheduled, and when its page last changed", () => {
    const bundle = syntheticBundle({ articles: 300, tags: 7 });
    const clock = bundle.articles[20]?.published ?? 0;
    const index = decodeIndex(encodeIndex(bundle, clock));
    expect(index.scheduled).toBe(bundle.articles.filter((article) => article.published > clock).length);
    for (const tag of index.tags) {
      const original = bundle.tags.find((other) => other.slug === tag.slug)?.articles ?? [];
      const visible = original.filter((ordinal) => ordinal >= index.scheduled);
      expect(tag.scheduled).toEqual(original.filter((ordinal) => ordinal < index.scheduled));
      const listed = visible.slice(0, 50).map((ordinal) => bundle.articles[ordinal]?.updated ?? 0);
      // A page that lists nothing yet is dated at the site's fixed day, like an empty feed.
      expect(tag.changed).toBe(
        listed.length > 0 ? Math.max(...listed) : Date.parse(`${bundle.site.established}T00:00:00Z`),
      );
    }
  });

  it("keeps only the updated articles' revisions, and gives back every article's updated instant", () => {
    const bundle = syntheticBundle({ articles: 300, tags: 7 });
    const untouched = encodeIndex(bundle).revisions;
    expect(untouched).toEqual({ count: 0, blocks: [] });
    const articles = revise(
      bundle,
      new Map([
        [0, 1],
        [7, 86_400_000],
        [299, 40 * 86_400_000],
      ]),
    );
    const encoded = encodeIndex({ ...bundle, articles });
    expect(encoded.revisions.count).toBe(3);
    // A revision of one millisecond keeps every instant in milliseconds.
    expect(encoded.published.unit).toBe(1);
    const index = decodeIndex(JSON.parse(JSON.stringify(encoded)));
    expect(all(index.updated)).toEqual(articles.map((article) => article.updated));
  });

  it("finds each revision in its own block, the first and the last of a block too", () => {
    const bundle = syntheticBundle({ articles: 2 * INSTANT_BLOCK + 10, tags: 3 });
    const ordinals = [1, INSTANT_BLOCK - 1, INSTANT_BLOCK, INSTANT_BLOCK + 2, 2 * INSTANT_BLOCK + 9];
    const articles = revise(bundle, new Map(ordinals.map((ordinal, i) => [ordinal, (i + 1) * 60_000])));
    const encoded = encodeIndex({ ...bundle, articles });
    expect(encoded.published.unit).toBe(1000);
    expect(encoded.revisions.blocks).toHaveLength(3);
    const index = decodeIndex(JSON.parse(JSON.stringify(encoded)));
    expect(all(index.updated)).toEqual(articles.map((article) => article.updated));
    expect(all(index.published)).toEqual(bundle.articles.map((article) => article.published));
  });
});

describe("pack geometry", () => {
  it("makes packs a multiple of the feed size holding at least 40 records", () => {
    expect(packSizeFor(20)).toBe(40);
    expect(packSizeFor(1)).toBe(40);
    expect(packSizeFor(30)).toBe(60);
    expect(packSizeFor(500)).toBe(1000);
  });

  it("doubles the packs of an archive whose packs of the feed size would pass the free plan's files", () => {
    const archive = (articles: number, tags: number, perTag: number) => ({
      site: { feedSize: 20 },
      articles: { length: articles },
      tags: Array.from({ length: tags }, () => ({ articles: { length: perTag } })),
      authors: [],
    });
    // 100,000 articles, 1,000 tags of 300: 2,500 + 8,000 packs of 40.
    expect(packSizeOf(archive(100_000, 1_000, 300))).toBe(40);
    // 1,000,000 articles, 10,000 tags of 300: 25,000 + 80,000 packs of 40, past the paid plan's 100,000 files.
    expect(packSizeOf(archive(1_000_000, 10_000, 300))).toBe(80);
    expect(packSizeOf({ ...archive(1_000_000, 0, 0), site: { feedSize: 50 } })).toBe(100);
    expect(packSizeOf({ ...archive(2_000_000, 0, 0), site: { feedSize: 50 } })).toBe(200);
  });

  it("splits a range of oldest-first positions into pack slices", () => {
    expect(packsFor(30, 95, 40)).toEqual([
      { pack: 0, start: 30, end: 40 },
      { pack: 1, start: 0, end: 40 },
      { pack: 2, start: 0, end: 15 },
    ]);
    expect(packsFor(5, 5, 40)).toEqual([]);
    expect(packLength(2, 95, 40)).toBe(15);
    expect(packLength(3, 95, 40)).toBe(0);
  });

  it("keeps a subscription document within two packs and an archive page within one", () => {
    const size = packSizeFor(20);
    for (let count = 0; count < 400; count++) {
      expect(packsFor(Math.max(0, count - 20), count, size).length).toBeLessThanOrEqual(2);
      for (let page = 1; page * 20 <= count; page++) {
        expect(packsFor((page - 1) * 20, page * 20, size)).toHaveLength(1);
      }
    }
  });
});

describe("ByteLru", () => {
  const lru = () => new ByteLru<string>(10, (value) => value.length);

  it("evicts the least recently used entries to stay within its bytes", () => {
    const cache = lru();
    cache.set("a", "aaaa");
    cache.set("b", "bbbb");
    cache.get("a");
    cache.set("c", "cccc");
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe("aaaa");
    expect(cache.bytes).toBe(8);
  });

  it("does not keep a value larger than its whole budget", () => {
    const cache = lru();
    cache.set("a", "aaaa");
    cache.set("huge", "x".repeat(11));
    expect(cache.get("huge")).toBeUndefined();
    expect(cache.get("a")).toBe("aaaa");
  });

  it("shares a load in flight and forgets a failed one", async () => {
    const cache = lru();
    let loads = 0;
    const load = () => {
      loads++;
      return Promise.resolve("v");
    };
    await Promise.all([cache.getOrLoad("k", load), cache.getOrLoad("k", load)]);
    expect(loads).toBe(1);
    await expect(cache.getOrLoad("bad", () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    expect(await cache.getOrLoad("bad", () => Promise.resolve("ok"))).toBe("ok");
  });
});
