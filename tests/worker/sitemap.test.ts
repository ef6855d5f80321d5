/**
 * The sitemap (sitemaps.org 0.9) parsed with saxes and xmldom: every visible article
 * page, the home page, the tag and author indexes and every public tag and author
 * page, checked against the site feed's items and the indexes' links, dated as the pages themselves are;
 * nothing scheduled, merged or retired; robots.txt naming it; conditional GET; and
 * past 50,000 URLs, a sitemap index over numbered parts, read from the index alone.
 */
import { SELF } from "cloudflare:test";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { decodeIndex, encodeIndex } from "../../src/model/index-codec";
import { layOutRecords } from "../../src/memory-layout";
import { SITEMAP_PART } from "../../src/model/tables";
import { memorySource } from "../../src/providers/records";
import { syntheticBundle } from "../support/synthetic-bundle";
import { appWithClock, fixture, parseHtml, parseXml } from "./support";

const ORIGIN = "http://localhost";
const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
/** W3C Datetime, complete date plus time, as sitemaps.org asks. */
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

type Get = ReturnType<typeof appWithClock>["get"];

interface Located {
  loc: string;
  lastmod: string;
}

/** The entries of a urlset or sitemapindex, after checking its root, namespace and each entry's form. */
function entriesOf(xml: string, root: "urlset" | "sitemapindex"): Located[] {
  const doc = parseXml(xml);
  expect(doc.documentElement?.localName).toBe(root);
  expect(doc.documentElement?.namespaceURI).toBe(SITEMAP_NS);
  const child = root === "urlset" ? "url" : "sitemap";
  return Array.from(doc.getElementsByTagNameNS(SITEMAP_NS, child)).map((entry) => {
    const located = {
      loc: entry.getElementsByTagNameNS(SITEMAP_NS, "loc")[0]?.textContent ?? "",
      lastmod: entry.getElementsByTagNameNS(SITEMAP_NS, "lastmod")[0]?.textContent ?? "",
    };
    expect(located.lastmod, located.loc).toMatch(W3C_DATETIME);
    return located;
  });
}

/** Every article URL of the site feed with its last change, walked through all of its archive pages. */
async function feedArticles(get: Get): Promise<Map<string, number>> {
  const articles = new Map<string, number>();
  let url: string | undefined = "/feed.json";
  while (url !== undefined) {
    const feed = (await (await get(url)).json()) as {
      next_url?: string;
      items: { url: string; date_published: string; date_modified?: string }[];
    };
    for (const item of feed.items) articles.set(item.url, Date.parse(item.date_modified ?? item.date_published));
    url = feed.next_url?.slice(ORIGIN.length);
  }
  return articles;
}

/** The pages an index (`/tags`, `/authors`) links to. */
async function indexed(get: Get, path: string): Promise<string[]> {
  const page = parseHtml(await (await get(path)).text());
  // Pages link within the site by root-relative paths; the sitemap names absolute URLs.
  return page.find("a", (a) => a.attribs.class === "name").map((a) => `${ORIGIN}${page.attr(a, "href") ?? ""}`);
}

describe("the sitemap of a small site", () => {
  const { get } = appWithClock(fixture("demo"), "2026-06-01T00:00:00Z");

  it("lists every article of the site feed, dated by its last change, every tag and author of the indexes, home and the indexes", async () => {
    const res = await get("/sitemap.xml");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/xml; charset=utf-8");
    const entries = entriesOf(await res.text(), "urlset");
    const locs = entries.map((entry) => entry.loc);
    expect(new Set(locs).size).toBe(locs.length);
    const articles = await feedArticles(get);
    const tags = await indexed(get, "/tags");
    const authors = await indexed(get, "/authors");
    expect(articles.size).toBeGreaterThan(0);
    expect(tags.length).toBeGreaterThan(5);
    expect(authors.length).toBeGreaterThan(0);
    expect(new Set(locs)).toEqual(
      new Set([...articles.keys(), ...tags, ...authors, `${ORIGIN}/`, `${ORIGIN}/tags`, `${ORIGIN}/authors`]),
    );
    for (const { loc, lastmod } of entries) {
      if (articles.has(loc)) expect(Date.parse(lastmod), loc).toBe(articles.get(loc));
    }
  });

  it("dates each page as the page's own Last-Modified says", async () => {
    const entries = entriesOf(await (await get("/sitemap.xml")).text(), "urlset");
    for (const { loc, lastmod } of entries.filter((entry) => !entry.loc.includes("/articles/"))) {
      const page = await get(loc.slice(ORIGIN.length));
      expect(page.status, loc).toBe(200);
      expect(Math.floor(Date.parse(lastmod) / 1000) * 1000, loc).toBe(
        Date.parse(page.headers.get("Last-Modified") ?? ""),
      );
    }
  });

  it("answers conditional requests and HEAD like every document", async () => {
    const first = await get("/sitemap.xml");
    const etag = first.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^"[^"]+"$/);
    expect((await get("/sitemap.xml", { "If-None-Match": `W/${etag}` })).status).toBe(304);
    const head = await get("/sitemap.xml", {}, "HEAD");
    expect(head.headers.get("ETag")).toBe(etag);
    expect(await head.text()).toBe("");
    expect((await get("/sitemaps/1.xml")).status).toBe(404);
  });

  it("is named, with its absolute URL, in robots.txt", async () => {
    const res = await SELF.fetch("https://feeds.example.net/robots.txt");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    const lines = (await res.text()).split("\n");
    expect(lines).toContain("User-agent: *");
    expect(lines).toContain("Sitemap: https://feeds.example.net/sitemap.xml");
    expect((await SELF.fetch("https://feeds.example.net/sitemap.xml")).status).toBe(200);
  });
});

describe("what the sitemap leaves out", () => {
  it("lists a scheduled article, and a tag only it carries, from their instant on and not before", async () => {
    const { get, clock } = appWithClock(fixture("timeline"), "2024-02-15T00:00:00Z");
    const locs = async () => entriesOf(await (await get("/sitemap.xml")).text(), "urlset").map((e) => e.loc);
    const before = await locs();
    expect(before).not.toContain(`${ORIGIN}/articles/scheduled`);
    expect(before).not.toContain(`${ORIGIN}/tags/embargoed-topic`);
    expect(before).not.toContain(`${ORIGIN}/articles/draft`);
    // beta is declared: its page exists (empty) before its first article does.
    expect(before).toContain(`${ORIGIN}/tags/beta`);
    clock.set("2024-03-01T09:00:00Z");
    const after = await locs();
    expect(after).toContain(`${ORIGIN}/articles/scheduled`);
    expect(after).toContain(`${ORIGIN}/tags/embargoed-topic`);
    expect(after).not.toContain(`${ORIGIN}/articles/draft`);
  });

  it("lists no merged or retired tag", async () => {
    const { get } = appWithClock(fixture("lifecycle"), "2026-06-01T00:00:00Z");
    const locs = entriesOf(await (await get("/sitemap.xml")).text(), "urlset").map((e) => e.loc);
    expect(locs).toContain(`${ORIGIN}/tags/alpha`);
    expect(locs.filter((loc) => /gamma|old-news/.test(loc))).toEqual([]);
  });
});

describe(`past ${SITEMAP_PART} URLs`, () => {
  const SITE = "https://feeds.example.net";
  /** Storage that holds only the sitemap lists: the sitemap reads no record. */
  const appOf = (articles: number) => {
    const bundle = syntheticBundle({ articles, tags: 5, feedSize: 20 });
    const index = decodeIndex(encodeIndex(bundle, Date.UTC(2030, 0, 1)));
    const lists = new Map([...layOutRecords(bundle)].filter(([path]) => path.includes("/sitemap/")));
    return createApp({ index, source: memorySource(lists), clock: () => Date.UTC(2030, 0, 1) });
  };
  const text = async (app: ReturnType<typeof appOf>["app"], path: string) => {
    const res = await app.request(`${SITE}${path}`);
    expect(res.status, path).toBe(200);
    return { res, body: await res.text() };
  };

  /** The texts of every sitemap `<name>` element, read by saxes alone: fast enough for thousands of them, and well-formedness too. */
  function textsOf(xml: string, name: "loc" | "lastmod"): string[] {
    const texts: string[] = [];
    const parser = new SaxesParser({ xmlns: true });
    let inside = false;
    parser.on("opentag", (tag) => {
      inside = tag.local === name && tag.uri === SITEMAP_NS;
    });
    parser.on("text", (value) => {
      if (inside) texts.push(value);
    });
    parser.on("closetag", () => {
      inside = false;
    });
    parser.on("error", (error) => {
      throw error;
    });
    parser.write(xml).close();
    return texts;
  }
  const locsOf = (xml: string) => textsOf(xml, "loc");

  it(`stays one sitemap at exactly ${SITEMAP_PART} URLs (all but 9 of them articles; then home, the tag index, 5 tags, the author index and 1 author)`, async () => {
    const { app } = appOf(SITEMAP_PART - 9);
    const { body } = await text(app, "/sitemap.xml");
    expect(body).toContain("<urlset");
    expect(locsOf(body).length).toBe(SITEMAP_PART);
  });

  it(`at ${SITEMAP_PART + 1} articles becomes an index over two parts, the oldest ${SITEMAP_PART} articles and then the rest`, async () => {
    const { app, services } = appOf(SITEMAP_PART + 1);
    const index = entriesOf((await text(app, "/sitemap.xml")).body, "sitemapindex");
    expect(index.map((entry) => entry.loc)).toEqual([`${SITE}/sitemaps/1.xml`, `${SITE}/sitemaps/2.xml`]);
    // The index is made from the index alone: when each part last changed was summed up by the build.
    expect(services.archive.records.reads).toBe(0);

    const first = await text(app, "/sitemaps/1.xml");
    const locs = locsOf(first.body);
    expect(locs.length).toBe(SITEMAP_PART);
    expect(locs[0]).toBe(`${SITE}/articles/article-${SITEMAP_PART}`);
    expect(locs.at(-1)).toBe(`${SITE}/articles/article-1`);
    // Complete: only articles, which never change, so it may be kept for long.
    expect(first.res.headers.get("Cache-Control")).toBe("public, max-age=86400");

    const second = await text(app, "/sitemaps/2.xml");
    const rest = entriesOf(second.body, "urlset");
    expect(rest.map((entry) => entry.loc)).toEqual([
      `${SITE}/articles/article-0`,
      `${SITE}/`,
      `${SITE}/tags`,
      ...[0, 1, 2, 3, 4].map((n) => `${SITE}/tags/topic-${n}`),
      `${SITE}/authors`,
      `${SITE}/authors/desk`,
    ]);
    expect(second.res.headers.get("Cache-Control")).toBe("public, max-age=900");
    // The index dates each part by the newest change among its pages.
    const newest = (lastmods: string[]) => lastmods.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
    expect(index[0]?.lastmod).toBe(newest(textsOf(first.body, "lastmod")));
    expect(index[1]?.lastmod).toBe(newest(rest.map((entry) => entry.lastmod)));
    expect((await app.request(`${SITE}/sitemaps/3.xml`)).status).toBe(404);
    // One list a part, and no record.
    expect(services.archive.records.reads).toBe(2);
  });
});
