/**
 * What every feed promises (DESIGN.md), checked on the served fixture with parsers
 * that share no code with ours: the same items and ids in the same order in all
 * three formats and in site and tag feeds, valid dates, self and alternate links,
 * language, full content with absolute URLs, categories, and a JSON Feed 1.1 schema.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  appWithClock,
  children,
  fixture,
  parseFeed,
  parseHtml,
  parseXml,
  RFC3339,
  RFC822,
  servedBundle,
  validateJsonFeed,
} from "./support";

const ORIGIN = "https://feeds.example.net";
const bundle = servedBundle();

interface JsonFeed {
  version: string;
  feed_url: string;
  home_page_url: string;
  language: string;
  items: {
    id: string;
    url: string;
    title: string;
    content_html: string;
    summary: string;
    date_published: string;
    tags?: string[];
  }[];
}

async function fetchText(path: string): Promise<{ text: string; res: Response }> {
  const res = await SELF.fetch(`${ORIGIN}${path}`);
  return { text: await res.text(), res };
}

async function idsOf(prefix: string): Promise<{ rss: string[]; atom: string[]; json: string[] }> {
  const rss = parseXml((await fetchText(`${prefix}/rss.xml`)).text);
  const atom = parseXml((await fetchText(`${prefix}/atom.xml`)).text);
  const json = JSON.parse((await fetchText(`${prefix}/feed.json`)).text) as JsonFeed;
  return {
    rss: children(rss, "guid"),
    atom: Array.from(atom.getElementsByTagName("entry")).map((e) => e.getElementsByTagName("id")[0]?.textContent ?? ""),
    json: json.items.map((item) => item.id),
  };
}

describe("site feeds", () => {
  it("start with the XML declaration at byte 0 (no BOM, no whitespace) and parse strictly", async () => {
    for (const file of ["/rss.xml", "/atom.xml"]) {
      const res = await SELF.fetch(`${ORIGIN}${file}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("<?xml");
      expect(() => parseXml(new TextDecoder().decode(bytes))).not.toThrow();
    }
  });

  it("carry the same items, in the same order, with the same ids, in RSS, Atom and JSON", async () => {
    const ids = await idsOf("");
    const expected = bundle.articles.slice(0, bundle.site.feedSize).map((a) => a.id);
    expect(ids.rss).toEqual(expected);
    expect(ids.atom).toEqual(expected);
    expect(ids.json).toEqual(expected);
    for (const id of expected) expect(id).toMatch(/^tag:diplomacy-wire\.example,\d{4}-\d{2}-\d{2}:[a-z0-9-]+$/);
  });

  it("are read by an independent feed parser with every item's title, link and date", async () => {
    for (const file of ["rss.xml", "atom.xml"]) {
      const feed = parseFeed((await fetchText(`/${file}`)).text);
      expect(feed.title).toBe(bundle.site.title);
      expect(feed.entries?.map((e) => e.title)).toEqual(bundle.articles.map((a) => a.title));
      expect(feed.entries?.map((e) => e.link)).toEqual(bundle.articles.map((a) => `${ORIGIN}/articles/${a.slug}`));
      for (const entry of feed.entries ?? []) expect(Date.parse(String(entry.published))).not.toBeNaN();
    }
  });

  it("RSS: RFC 822 dates, non-permalink guids, ttl matching Cache-Control, self link equal to the URL served", async () => {
    const { text, res } = await fetchText("/rss.xml");
    const doc = parseXml(text);
    for (const date of [...children(doc, "pubDate"), ...children(doc, "lastBuildDate")]) expect(date).toMatch(RFC822);
    for (const guid of Array.from(doc.getElementsByTagName("guid")))
      expect(guid.getAttribute("isPermaLink")).toBe("false");
    const self = Array.from(doc.getElementsByTagName("atom:link")).find((l) => l.getAttribute("rel") === "self");
    expect(self?.getAttribute("href")).toBe(`${ORIGIN}/rss.xml`);
    const ttl = Number(children(doc, "ttl")[0]);
    expect(res.headers.get("Cache-Control")).toBe(`public, max-age=${ttl * 60}`);
    expect(children(doc, "language")).toEqual(["en"]);
    expect(children(doc, "lastBuildDate")[0]).toBe(new Date(bundle.articles[0]?.updated ?? 0).toUTCString());
  });

  it("Atom: xml:lang, published and updated on every entry, self and alternate links", async () => {
    const doc = parseXml((await fetchText("/atom.xml")).text);
    expect(doc.documentElement?.getAttribute("xml:lang")).toBe("en");
    const entries = Array.from(doc.getElementsByTagName("entry"));
    for (const entry of entries) {
      expect(entry.getElementsByTagName("published")[0]?.textContent).toMatch(RFC3339);
      expect(entry.getElementsByTagName("updated")[0]?.textContent).toMatch(RFC3339);
      expect(entry.getElementsByTagName("content")[0]?.getAttribute("type")).toBe("html");
      expect(entry.getElementsByTagName("summary")[0]?.textContent?.length).toBeGreaterThan(20);
      expect(entry.getElementsByTagName("category").length).toBeGreaterThan(0);
    }
    const links = Array.from(doc.getElementsByTagName("link")).filter((l) => l.parentNode === doc.documentElement);
    const rel = (name: string) => links.find((l) => l.getAttribute("rel") === name)?.getAttribute("href");
    expect(rel("self")).toBe(`${ORIGIN}/atom.xml`);
    expect(rel("alternate")).toBe(`${ORIGIN}/`);
  });

  it("JSON Feed 1.1: valid against the schema, with feed_url, language and RFC 3339 dates", async () => {
    const feed = JSON.parse((await fetchText("/feed.json")).text) as JsonFeed;
    expect(validateJsonFeed(feed)).toEqual([]);
    expect(Object.keys(feed)[0]).toBe("version");
    expect(feed.feed_url).toBe(`${ORIGIN}/feed.json`);
    expect(feed.home_page_url).toBe(`${ORIGIN}/`);
    for (const item of feed.items) {
      expect(item.date_published).toMatch(RFC3339);
      expect(item.content_html.length).toBeGreaterThan(item.summary.length);
      expect(new Set(item.tags).size).toBe(item.tags?.length);
    }
  });

  it("carry full content with only absolute URLs in href and src", async () => {
    const feed = JSON.parse((await fetchText("/feed.json")).text) as JsonFeed;
    for (const item of feed.items) {
      for (const [, url] of item.content_html.matchAll(/(?:href|src)="([^"]*)"/g))
        expect(url).toMatch(/^(https?:|mailto:)/);
    }
    const article = bundle.articles[0];
    expect(feed.items[0]?.content_html).toContain(article?.content.join(ORIGIN).slice(0, 300));
  });
});

describe("tag feeds", () => {
  it("list exactly the tag's visible articles, with the ids the site feed uses, in all three formats", async () => {
    for (const tag of bundle.tags) {
      const ids = await idsOf(`/tags/${tag.slug}`);
      const expected = tag.articles.slice(0, bundle.site.feedSize).map((i) => bundle.articles[i]?.id);
      expect(ids.rss, tag.slug).toEqual(expected);
      expect(ids.atom, tag.slug).toEqual(expected);
      expect(ids.json, tag.slug).toEqual(expected);
    }
  });

  it("link to themselves and to the tag page", async () => {
    const doc = parseXml((await fetchText("/tags/russia/atom.xml")).text);
    const links = Array.from(doc.getElementsByTagName("link")).filter((l) => l.parentNode === doc.documentElement);
    expect(links.map((l) => [l.getAttribute("rel"), l.getAttribute("href")])).toEqual([
      ["self", `${ORIGIN}/tags/russia/atom.xml`],
      ["hub", bundle.site.hub],
      ["alternate", `${ORIGIN}/tags/russia`],
    ]);
    const json = JSON.parse((await fetchText("/tags/russia/feed.json")).text) as JsonFeed;
    expect(json.feed_url).toBe(`${ORIGIN}/tags/russia/feed.json`);
    expect(json.home_page_url).toBe(`${ORIGIN}/tags/russia`);
  });

  it("give each item the same content in the tag feed as in the site feed", async () => {
    const site = JSON.parse((await fetchText("/feed.json")).text) as JsonFeed;
    const tag = JSON.parse((await fetchText("/tags/sergei-lavrov/feed.json")).text) as JsonFeed;
    for (const item of tag.items) expect(site.items.find((s) => s.id === item.id)).toEqual(item);
  });
});

describe("the public origin", () => {
  it("comes from SITE_URL when it is set, so ids stay and links move", async () => {
    const { createLocalApp } = await import("../../src/local");
    const { app } = createLocalApp(bundle);
    const res = await app.request("http://127.0.0.1:8787/feed.json", {}, { SITE_URL: "https://news.example.org/" });
    const feed = (await res.json()) as JsonFeed;
    expect(feed.feed_url).toBe("https://news.example.org/feed.json");
    expect(feed.items[0]?.url).toBe(`https://news.example.org/articles/${bundle.articles[0]?.slug}`);
    expect(feed.items.map((i) => i.id)).toEqual(bundle.articles.map((a) => a.id));
  });
});

describe("a site without a copyright, with an icon and a logo", () => {
  // dropin's site.yaml names none: an empty element would state an empty rights statement.
  const { get } = appWithClock(fixture("dropin"), "2030-01-01T00:00:00Z");

  it("sends no RSS copyright and no Atom rights element", async () => {
    const rss = parseXml(await (await get("/rss.xml")).text());
    const atom = parseXml(await (await get("/atom.xml")).text());
    expect(rss.getElementsByTagName("title").length).toBeGreaterThan(0);
    expect(rss.getElementsByTagName("copyright").length).toBe(0);
    expect(atom.getElementsByTagName("rights").length).toBe(0);
  });

  it("names its icon and its wide logo (site.yaml `icon`, `logo`) with absolute URLs", async () => {
    const atom = parseXml(await (await get("/atom.xml")).text());
    const feed = (await (await get("/feed.json")).json()) as { icon?: string };
    const origin = "http://localhost";
    expect(atom.getElementsByTagName("icon")[0]?.textContent).toBe(`${origin}/icon.png`);
    expect(atom.getElementsByTagName("logo")[0]?.textContent).toBe(`${origin}/img/logo.png`);
    expect(feed.icon).toBe(`${origin}/icon.png`);
  });

  it("leaves no empty paragraph in the page footer", async () => {
    const page = parseHtml(await (await get("/")).text());
    const [footer] = page.find("footer");
    // <footer><div class="wrap"><p>…
    const paragraphs = page.find("p", (p) => footer !== undefined && p.parent?.parent === footer);
    expect(paragraphs.length).toBeGreaterThan(0);
    for (const p of paragraphs) expect(page.text(p)).not.toBe("");
  });
});
