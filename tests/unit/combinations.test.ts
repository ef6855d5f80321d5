/**
 * The pure parts of tag combinations: set operations on postings (fuzzed against a
 * plain Set), which packs a scattered read picks, and the names a combination goes by.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { combinationPhrase, scopeKey, scopeName, scopeTitle } from "../../src/model/scope";
import type { CombinationScope, SiteConfig, Tag } from "../../src/model/types";
import { planPackReads, type WantedRecord } from "../../src/providers/records";
import { indexOfSorted, intersect, union } from "../../src/query/postings";

/** An ascending list of distinct ordinals, as a tag's postings are. */
const postings = fc.uniqueArray(fc.nat({ max: 300 }), { maxLength: 60 }).map((list) => list.sort((a, b) => a - b));

describe("postings", () => {
  it("intersect keeps exactly the ordinals every list holds, ascending", () => {
    fc.assert(
      fc.property(fc.array(postings, { minLength: 1, maxLength: 4 }), (lists) => {
        const expected = (lists[0] ?? []).filter((value) => lists.every((list) => list.includes(value)));
        expect(intersect(lists)).toEqual(expected);
      }),
    );
  });

  it("union keeps every ordinal any list holds, once, ascending", () => {
    fc.assert(
      fc.property(fc.array(postings, { maxLength: 4 }), (lists) => {
        const expected = [...new Set(lists.flat())].sort((a, b) => a - b);
        expect(union(lists)).toEqual(expected);
      }),
    );
  });

  it("indexOfSorted finds a present ordinal and answers -1 for an absent one", () => {
    fc.assert(
      fc.property(postings, fc.nat({ max: 300 }), (list, value) => {
        expect(indexOfSorted(list, value)).toBe(list.indexOf(value));
      }),
    );
  });
});

describe("planning a scattered read", () => {
  const PACK = 40;
  const site = (ordinal: number) => ({ scope: "site" as const, total: 4_000, position: 3_999 - ordinal });
  const tag = (slug: string, total: number, position: number) => ({
    scope: `tags/${slug}` as const,
    total,
    position,
  });

  it("takes every record from a place that holds it, exactly once", () => {
    const wanted: WantedRecord[] = [0, 150, 300, 3_000].map((ordinal, i) => ({
      ordinal,
      places: [site(ordinal), tag("a", 10, 9 - i)],
    }));
    const reads = planPackReads(wanted, PACK, () => false);
    const taken = [...reads.values()].flatMap((read) => read.take.map((take) => take.ordinal));
    expect(taken.sort((a, b) => a - b)).toEqual([0, 150, 300, 3_000]);
    // All four are in tag a's one pack, where the site would need four.
    expect([...reads.keys()]).toEqual(["/_records/tags/a/0.json"]);
    expect(reads.get("/_records/tags/a/0.json")?.take).toEqual([
      { ordinal: 0, index: 9 },
      { ordinal: 150, index: 8 },
      { ordinal: 300, index: 7 },
      { ordinal: 3_000, index: 6 },
    ]);
  });

  it("uses a pack already held before reading another, even one that holds more", () => {
    const wanted: WantedRecord[] = [5, 6, 7].map((ordinal, i) => ({
      ordinal,
      places: [site(ordinal), tag("b", 3, 2 - i)],
    }));
    const held = "/_records/site/99.json";
    const reads = planPackReads(wanted, PACK, (path) => path === held);
    expect([...reads.keys()]).toEqual([held]);
  });

  it("reads the tags' own packs when they cover the records in fewer reads than the site's newest pack first", () => {
    // Ordinals 0-3 are in the site's newest pack; 0, 1, 4, 5 are tag c's and 2, 3, 6, 7 tag d's,
    // and 4-7 are in older site packs. Greedy over every place takes the site pack first (it
    // holds as many as either tag's) and then c's and d's packs anyway: three reads for two.
    const wanted: WantedRecord[] = [0, 1, 2, 3, 4, 5, 6, 7].map((ordinal) => ({
      ordinal,
      places: [ordinal < 4 ? site(ordinal) : site(ordinal + 100), tag(ordinal % 4 < 2 ? "c" : "d", 8, ordinal)],
    }));
    const reads = planPackReads(wanted, PACK, () => false);
    expect([...reads.keys()].sort()).toEqual(["/_records/tags/c/0.json", "/_records/tags/d/0.json"]);
    // A held site pack still costs nothing, so it is used.
    const held = "/_records/site/99.json";
    expect([...planPackReads(wanted, PACK, (path) => path === held).keys()]).toContain(held);
  });

  it("covers records that share no pack with one pack each, never more", () => {
    const wanted: WantedRecord[] = [0, 100, 200].map((ordinal) => ({ ordinal, places: [site(ordinal)] }));
    expect(planPackReads(wanted, PACK, () => false).size).toBe(3);
  });
});

describe("what a combination is called", () => {
  const site = { title: "Diplomacy Wire" } as SiteConfig;
  const tags = ["NATO", "Russia", "Ukraine"].map((name): Tag => ({
    slug: name.toLowerCase(),
    name,
    declared: true,
    articles: [],
  }));
  const scope = (mode: "all" | "any", count: number): CombinationScope => ({
    kind: "combination",
    mode,
    tags: tags.slice(0, count),
  });

  it("names the tags in the order given, joined by + or or", () => {
    expect(scopeTitle(site, scope("all", 2))).toBe("Diplomacy Wire: NATO + Russia");
    expect(scopeTitle(site, scope("any", 2))).toBe("Diplomacy Wire: NATO or Russia");
    expect(scopeName(site, scope("all", 3))).toBe("NATO + Russia + Ukraine");
    expect(scopeKey(scope("any", 3))).toBe("tags/nato,russia,ukraine");
  });

  it("words the tags in a sentence for two or more", () => {
    expect(combinationPhrase("all", ["A", "B"])).toBe("both A and B");
    expect(combinationPhrase("all", ["A", "B", "C"])).toBe("all of A, B and C");
    expect(combinationPhrase("any", ["A", "B"])).toBe("A or B");
    expect(combinationPhrase("any", ["A", "B", "C", "D"])).toBe("any of A, B, C or D");
  });
});
