/**
 * Unit tests for where private objects lie (model/storage.ts) and for reading a
 * page-bundle file's address (model/urls.ts): the key goes into exactly one place of a
 * private path, and no address can name a file outside its article's bundle.
 */
import { describe, expect, it } from "vitest";
import { packPath } from "../../src/model/packs";
import { heldFilePath, isStorageKey, MANIFEST_PATH, newStorageKey, storedPath } from "../../src/model/storage";
import { bundleFileAddress } from "../../src/model/urls";

const KEY = "0123456789abcdef0123456789abcdef";

describe("the storage key", () => {
  it("is 128 random bits in lowercase hex, different every time", () => {
    const keys = new Set(Array.from({ length: 50 }, newStorageKey));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(isStorageKey(key)).toBe(true);
    expect(isStorageKey(KEY.toUpperCase())).toBe(false);
    expect(isStorageKey(`${KEY}0`)).toBe(false);
  });

  it("goes into a private path right after /_records/, and only into private paths", () => {
    expect(storedPath(KEY, packPath("tags/acme", 3))).toBe(`/_records/${KEY}/tags/acme/3.json`);
    expect(storedPath(KEY, MANIFEST_PATH)).toBe(`/_records/${KEY}/manifest.json`);
    expect(storedPath(KEY, heldFilePath("embargoed", "docs/a b.txt"))).toBe(
      `/_records/${KEY}/files/embargoed/docs/a b.txt`,
    );
    expect(storedPath(undefined, packPath("site", 0))).toBe("/_records/site/0.json");
    expect(() => storedPath(KEY, "/articles/x/cover.png")).toThrow(/not a private path/);
  });
});

describe("a page-bundle file's address", () => {
  it.each([
    ["/articles/embargoed/cover.png", { slug: "embargoed", file: "cover.png" }],
    ["/articles/embargoed/docs/terms%20of%20sale.txt", { slug: "embargoed", file: "docs/terms of sale.txt" }],
    ["/articles/embargoed/%2Ehidden", { slug: "embargoed", file: ".hidden" }],
  ])("%s names a file of the bundle", (path, address) => {
    expect(bundleFileAddress(path)).toEqual(address);
  });

  it.each([
    "/articles/embargoed",
    "/articles/embargoed/",
    "/articles//cover.png",
    "/articles/embargoed//cover.png",
    "/articles/embargoed/%2e%2e/%2e%2e/site/0.json",
    "/articles/embargoed/./cover.png",
    "/articles/embargoed/a%2F..%2F..%2Fsite%2F0.json",
    "/articles/embargoed/..%5Csite",
    "/articles/embargoed/%E0%A4%A",
    "/tags/embargoed/cover.png",
  ])("%s names none", (path) => {
    expect(bundleFileAddress(path)).toBeUndefined();
  });
});
