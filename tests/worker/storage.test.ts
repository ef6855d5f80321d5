/**
 * The archive's storage: records live in packs beside the bundled index, read through
 * the ASSETS binding. These tests hold the promises of that layout: no record is
 * readable by URL, the first render of any document reads at most six packs whatever
 * the archive's size, a failed or corrupt read is a 503 that nothing remembers, and
 * the hot path answers exactly as the router does until something new becomes visible.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { layOutRecords } from "../../src/memory-layout";
import { decodeIndex, encodeIndex } from "../../src/model/index-codec";
import { encodePack, packPath } from "../../src/model/packs";
import { concatBytes } from "../../src/model/pieces";
import { memorySource, type PackSource } from "../../src/providers/records";
import { syntheticBundle } from "../support/synthetic-bundle";
import { appWithClock, fixture, parseFeed, servedBundle } from "./support";

const ORIGIN = "https://feeds.example.net";

describe("records at their storage path", () => {
  it("are never readable by URL: every pack path answers 404 without a record in it", async () => {
    const bundle = servedBundle();
    const paths = [
      packPath("site", 0),
      ...bundle.tags.map((tag) => packPath(`tags/${tag.slug}`, 0)),
      ...bundle.authors.map((author) => packPath(`authors/${author.slug}`, 0)),
      "/_records/manifest.json",
    ];
    for (const path of paths) {
      const res = await SELF.fetch(`${ORIGIN}${path}`);
      expect(res.status, path).toBe(404);
      const body = await res.text();
      for (const article of bundle.articles) expect(body).not.toContain(article.title);
    }
  });
});

/**
 * A synthetic archive large enough for many packs per scope, and a fresh app over it per
 * document. With 11 authors writing in turn, writer-0 has 219 articles: the newest 20
 * straddle two of their packs of 40, the most an author's feed may read.
 */
const big = syntheticBundle({ articles: 2_400, tags: 40, authors: 11, feedSize: 20 });
const bigIndex = decodeIndex(encodeIndex(big));
const bigPacks = layOutRecords(big);
const AFTER_ALL = Date.UTC(2030, 0, 1);

function bigApp(source: PackSource = memorySource(bigPacks)) {
  return createApp({ index: bigIndex, source, clock: () => AFTER_ALL });
}

describe("the read budget", () => {
  const documents = [
    "/",
    "/rss.xml",
    "/atom.xml",
    "/feed.json",
    "/subscribe",
    "/tags",
    "/tags/topic-3",
    "/tags/topic-3/rss.xml",
    "/tags/topic-3/atom.xml",
    "/tags/topic-3/feed.json",
    "/tags/topic-3/subscribe",
    "/articles/article-1234",
    "/articles/article-0",
    "/articles/article-2399",
    "/feeds.opml",
    "/archive/1/atom.xml",
    "/archive/37/rss.xml",
    "/archive/119/feed.json",
    "/tags/topic-3/archive/2/feed.json",
    "/authors",
    "/authors/writer-0",
    "/authors/writer-0/subscribe",
    "/authors/writer-0/rss.xml",
    "/authors/writer-0/atom.xml",
    "/authors/writer-0/feed.json",
    "/authors/writer-0/archive/3/atom.xml",
    "/articles/article-11",
  ];

  it.each(documents)("first render of %s reads at most 6 packs", async (path) => {
    const { app, services } = bigApp();
    const res = await app.request(`${ORIGIN}${path}`);
    expect(res.status).toBe(200);
    expect(services.archive.records.reads).toBeGreaterThanOrEqual(path === "/tags" ? 0 : 1);
    expect(services.archive.records.reads).toBeLessThanOrEqual(6);
  });

  it.each(["rss.xml", "atom.xml", "feed.json"])("an author's %s reads at most two packs, theirs", async (file) => {
    const { app, services } = bigApp();
    const res = await app.request(`${ORIGIN}/authors/writer-0/${file}`);
    expect(res.status).toBe(200);
    expect(services.archive.records.reads).toBe(2);
    const writer = big.authors[0];
    const expected = writer?.articles.slice(0, 20).map((ordinal) => big.articles[ordinal]?.title);
    const text = await res.text();
    const titles =
      file === "feed.json"
        ? (JSON.parse(text) as { items: { title: string }[] }).items.map((item) => item.title)
        : parseFeed(text).entries?.map((entry) => entry.title);
    expect(titles).toEqual(expected);
  });

  it("serves what the packs hold: the newest articles of the site, and article pages by slug", async () => {
    const { app } = bigApp();
    const feed = (await (await app.request(`${ORIGIN}/feed.json`)).json()) as { items: { id: string }[] };
    expect(feed.items.map((item) => item.id)).toEqual(big.articles.slice(0, 20).map((article) => article.id));
    const page = await (await app.request(`${ORIGIN}/articles/article-1234`)).text();
    expect(page).toContain("Article 1234: talks continue");
  });
});

describe("a failed read", () => {
  it("answers 503 with Retry-After, remembers nothing, and serves the document once storage is back", async () => {
    let failing = true;
    const healthy = memorySource(bigPacks);
    const flaky: PackSource = {
      read: (path) => (failing ? Promise.reject(new Error("storage down")) : healthy.read(path)),
    };
    const { app } = bigApp(flaky);
    const down = await app.request(`${ORIGIN}/atom.xml`);
    expect(down.status).toBe(503);
    expect(down.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(down.headers.get("Cache-Control")).toBe("no-store");
    failing = false;
    const up = await app.request(`${ORIGIN}/atom.xml`);
    expect(up.status).toBe(200);
    expect(await up.text()).toContain("Article 0: talks continue");
  });

  it.each([
    ["not a pack", new TextEncoder().encode("{")],
    ["a header that runs past its end", new Uint8Array([255, 255, 0, 0, 123])],
    ["the wrong number of records", concatBytes(encodePack([]))],
  ])("treats a pack that is %s as unavailable", async (_, bytes) => {
    const broken = new Map(bigPacks);
    broken.set(packPath("site", 59), bytes);
    const { app } = bigApp(memorySource(broken));
    const res = await app.request(`${ORIGIN}/rss.xml`);
    expect(res.status).toBe(503);
    expect(await res.text()).not.toContain("<rss");
  });
});

describe("the hot path", () => {
  const INSTANT = "2024-03-01T09:00:00Z";

  it("answers a repeated request exactly as the router did: 200, gzip, HEAD and 304", async () => {
    const { fetch, clock } = appWithClock(fixture("timeline"), "2024-02-15T00:00:00Z");
    const env = { SITE_URL: "", ASSETS: { fetch: () => Promise.reject(new Error("unused")) } };
    const ask = (headers: Record<string, string> = {}, method = "GET") =>
      fetch(new Request(`${ORIGIN}/atom.xml`, { headers, method }), env);
    const first = await ask();
    const again = await ask();
    expect(again.status).toBe(200);
    expect(Object.fromEntries(again.headers)).toEqual(Object.fromEntries(first.headers));
    const body = await again.text();
    expect(body).toBe(await first.text());
    const etag = first.headers.get("ETag") ?? "";
    expect((await ask({ "If-None-Match": `W/${etag}` })).status).toBe(304);
    expect((await ask({ "If-None-Match": '"other"' })).status).toBe(200);
    const head = await ask({}, "HEAD");
    expect(head.headers.get("ETag")).toBe(etag);
    expect(await head.text()).toBe("");
    const zipped = await ask({ "Accept-Encoding": "gzip" });
    expect(zipped.headers.get("Content-Encoding")).toBe("gzip");
    // Once the scheduled article's instant passes, the remembered answer is not used.
    clock.set(INSTANT);
    const later = await ask();
    expect(later.headers.get("ETag")).not.toBe(etag);
    expect(await later.text()).toContain("Scheduled");
  });
});
