/**
 * Tag combinations (`/tags/a+b`: all of the tags; `/tags/a,b`: any of them): their
 * membership checked against the single-tag feeds through independent parsers, the
 * same ids in every format, titles, canonical redirects, every error status and its
 * wording, empty and scheduled combinations, the tag index's combine form, and what a
 * flood of combinations may cost (reads, memory, the caches popular documents live in).
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { layOutRecords } from "../../src/memory-layout";
import { decodeIndex, encodeIndex } from "../../src/model/index-codec";
import { memorySource } from "../../src/providers/records";
import { syntheticBundle } from "../support/synthetic-bundle";
import {
  appWithClock,
  children,
  fixture,
  parseFeed,
  parseHtml,
  parseXml,
  servedBundle,
  validateJsonFeed,
} from "./support";

const ORIGIN = "http://localhost";
const NOW = "2026-06-01T00:00:00Z";
const FILES = ["rss.xml", "atom.xml", "feed.json"];

interface JsonFeed {
  title: string;
  feed_url: string;
  home_page_url: string;
  next_url?: string;
  items: { id: string; title: string }[];
}

type Get = ReturnType<typeof appWithClock>["get"];

/** Every item id of a scope: its subscription document and every archive page, walked through JSON `next_url`. */
async function allIds(get: Get, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  let url: string | undefined = `${prefix}/feed.json`;
  for (let hops = 0; url !== undefined && hops < 500; hops++) {
    const res = await get(url);
    expect(res.status, url).toBe(200);
    const feed = (await res.json()) as JsonFeed;
    expect(validateJsonFeed(feed), url).toEqual([]);
    ids.push(...feed.items.map((item) => item.id));
    url = feed.next_url?.replace(/^https?:\/\/[^/]+/, "");
  }
  return [...new Set(ids)];
}

/** Item ids of the subscription documents in RSS (guid), Atom (entry id) and JSON, each parsed independently. */
async function idsByFormat(get: Get, prefix: string) {
  const rss = await (await get(`${prefix}/rss.xml`)).text();
  const atom = parseXml(await (await get(`${prefix}/atom.xml`)).text());
  const json = (await (await get(`${prefix}/feed.json`)).json()) as JsonFeed;
  return {
    rss: children(parseXml(rss), "guid"),
    atom: Array.from(atom.getElementsByTagName("entry")).map((e) => e.getElementsByTagName("id")[0]?.textContent ?? ""),
    json: json.items.map((item) => item.id),
  };
}

describe("membership, on the demo archive", () => {
  const { get } = appWithClock(fixture("demo"), NOW);
  const combinations: [string, string[], "all" | "any"][] = [
    ["/tags/nato+russia", ["nato", "russia"], "all"],
    ["/tags/nato+sergei-lavrov", ["nato", "sergei-lavrov"], "all"],
    ["/tags/geneva+nato+sanctions", ["geneva", "nato", "sanctions"], "all"],
    ["/tags/nato,sergei-lavrov", ["nato", "sergei-lavrov"], "any"],
    ["/tags/france,geneva,nato-russia-council,vienna", ["france", "geneva", "nato-russia-council", "vienna"], "any"],
  ];

  it.each(combinations)("%s holds exactly what its tags' own feeds say, newest first", async (path, tags, mode) => {
    const single = await Promise.all(tags.map((tag) => allIds(get, `/tags/${tag}`)));
    const inAll = (id: string) => single.every((ids) => ids.includes(id));
    const inAny = (id: string) => single.some((ids) => ids.includes(id));
    const siteOrder = await allIds(get, "");
    const expected = siteOrder.filter(mode === "all" ? inAll : inAny);
    expect(expected.length).toBeGreaterThan(0);
    expect(await allIds(get, path)).toEqual(expected);
  });

  it("carries the same ids, in the same order, in RSS, Atom and JSON Feed, as the site feed does", async () => {
    const ids = await idsByFormat(get, "/tags/nato,sergei-lavrov");
    expect(ids.atom).toEqual(ids.json);
    expect(ids.rss).toEqual(ids.json);
    const site = await idsByFormat(get, "");
    expect(site.json.filter((id) => ids.json.includes(id))).toEqual(ids.json);
  });

  it("is named for what it is, in the canonical order, with its own self and alternate links", async () => {
    const all = (await (await get("/tags/nato+russia/feed.json")).json()) as JsonFeed;
    expect(all.title).toBe("Diplomacy Wire: NATO + Russia");
    expect(all.feed_url).toBe(`${ORIGIN}/tags/nato+russia/feed.json`);
    expect(all.home_page_url).toBe(`${ORIGIN}/tags/nato+russia`);
    const anyAtom = parseXml(await (await get("/tags/nato,ukraine/atom.xml")).text());
    expect(anyAtom.getElementsByTagName("title")[0]?.textContent).toBe("Diplomacy Wire: NATO or Ukraine");
    const rss = await parseFeed(await (await get("/tags/nato,ukraine/rss.xml")).text());
    expect(rss.title).toBe("Diplomacy Wire: NATO or Ukraine");
    const self = Array.from(anyAtom.getElementsByTagName("link")).find((l) => l.getAttribute("rel") === "self");
    expect(self?.getAttribute("href")).toBe(`${ORIGIN}/tags/nato,ukraine/atom.xml`);
  });

  it("has a page and a subscribe page that say what it is and offer its feeds", async () => {
    const res = await get("/tags/nato+sergei-lavrov");
    expect(res.status).toBe(200);
    const page = parseHtml(await res.text());
    expect(page.text(page.find("h1")[0])).toBe("NATO + Sergei Lavrov");
    expect(page.text(page.find("p", (p) => p.attribs.class === "lead")[0])).toMatch(
      /^Articles tagged both NATO and Sergei Lavrov\. 2 articles$/,
    );
    expect(page.values("link", "href")).toEqual(
      expect.arrayContaining(FILES.map((file) => `${ORIGIN}/tags/nato+sergei-lavrov/${file}`)),
    );
    expect(page.values("link", "href")).toContain(`${ORIGIN}/tags/nato+sergei-lavrov`);
    expect(page.values("a", "href")).toEqual(expect.arrayContaining(["/tags/nato", "/tags/sergei-lavrov"]));
    const subscribe = parseHtml(await (await get("/tags/nato+sergei-lavrov/subscribe")).text());
    expect(subscribe.text(subscribe.find("h1")[0])).toBe("Follow NATO + Sergei Lavrov");
    expect(subscribe.values("input", "value")).toEqual(
      FILES.map((file) => `${ORIGIN}/tags/nato+sergei-lavrov/${file}`),
    );
  });

  it("is not listed in the OPML", async () => {
    const opml = parseXml(await (await get("/feeds.opml")).text());
    const urls = Array.from(opml.getElementsByTagName("outline")).map((o) => o.getAttribute("xmlUrl") ?? "");
    expect(urls.length).toBeGreaterThan(3);
    expect(urls.filter((url) => /[+,]/.test(new URL(url).pathname))).toEqual([]);
  });

  it("is served by the real Worker entry too, its records read through the ASSETS binding", async () => {
    const bundle = servedBundle();
    const res = await SELF.fetch("https://feeds.example.net/tags/nato+sergei-lavrov/feed.json");
    expect(res.status).toBe(200);
    const feed = (await res.json()) as JsonFeed;
    const expected = bundle.articles.filter((a) => a.tags.includes("nato") && a.tags.includes("sergei-lavrov"));
    expect(feed.items.map((item) => item.id)).toEqual(expected.map((a) => a.id));
  });
});

describe("WebSub", () => {
  it("advertises no hub on a combination, which `npm run ping` never notifies, while its tags' feeds do", async () => {
    const { get } = appWithClock(fixture("lifecycle"), NOW);
    const tag = await get("/tags/alpha/atom.xml");
    expect(tag.headers.get("Link")).toContain('rel="hub"');
    for (const file of FILES) {
      const res = await get(`/tags/alpha,empty/${file}`);
      expect(res.headers.get("Link"), file).toBe(`<${ORIGIN}/tags/alpha,empty/${file}>; rel="self"`);
      const body = await res.text();
      if (file === "feed.json") expect((JSON.parse(body) as { hubs?: unknown }).hubs).toBeUndefined();
      else {
        const links = Array.from(parseXml(body).getElementsByTagNameNS("*", "link"));
        expect(links.filter((link) => link.getAttribute("rel") === "hub")).toEqual([]);
      }
    }
  });
});

describe("canonical addresses", () => {
  const { get } = appWithClock(fixture("demo"), NOW);

  it.each([
    ["/tags/russia+nato", "/tags/nato+russia"],
    ["/tags/NATO+Russia", "/tags/nato+russia"],
    ["/tags/OTAN+Russian%20Federation", "/tags/nato+russia"],
    ["/tags/nato%2Brussia", "/tags/nato+russia"],
    ["/tags/ukraine,nato", "/tags/nato,ukraine"],
    ["/tags/sergey-lavrov,Blinken/subscribe", "/tags/antony-blinken,sergei-lavrov/subscribe"],
    ["/tags/russia+nato/atom.xml?from=reader", "/tags/nato+russia/atom.xml?from=reader"],
    ["/tags/Ukraine,NATO/feed.json", "/tags/nato,ukraine/feed.json"],
    // The same tag twice, or two spellings of it, is that one tag.
    ["/tags/nato+nato", "/tags/nato"],
    ["/tags/nato,OTAN/rss.xml", "/tags/nato/rss.xml"],
    // A merged tag counts as the tag it was merged into.
    ["/tags/us-russia-relations+nato", "/tags/diplomacy+nato"],
    ["/tags/us-russia-relations+diplomacy", "/tags/diplomacy"],
    // "+" for a space, as a form might write one tag's name.
    ["/tags/Sergey+Lavrov", "/tags/sergei-lavrov"],
  ])("%s answers 301 to %s, which answers 200", async (path, location) => {
    const res = await get(path);
    expect(res.status).toBe(301);
    expect(res.headers.get("Location")).toBe(location);
    expect((await get(location)).status).toBe(200);
  });

  it("keeps an archive page's number when only the spelling changes, and sends a merged tag's to the feed", async () => {
    // feed_size 1: alpha's three articles make three archive pages.
    const { get: lifecycle } = appWithClock(fixture("lifecycle"), NOW);
    const reordered = await lifecycle("/tags/empty,Alpha/archive/2/rss.xml");
    expect(reordered.status).toBe(301);
    expect(reordered.headers.get("Location")).toBe("/tags/alpha,empty/archive/2/rss.xml");
    expect((await lifecycle("/tags/alpha,empty/archive/2/rss.xml")).status).toBe(200);
    // gamma was merged into alpha: its combinations' pages held other articles than alpha's.
    const merged = await lifecycle("/tags/gamma,empty/archive/1/atom.xml");
    expect(merged.status).toBe(301);
    expect(merged.headers.get("Location")).toBe("/tags/alpha,empty/atom.xml");
  });
});

describe("errors", () => {
  const { get } = appWithClock(fixture("demo"), NOW);

  it.each([
    "/tags/nato+no-such-tag",
    "/tags/no-such-tag,nato/atom.xml",
    "/tags/nato+russia+no-such-tag/subscribe",
    "/tags/nato,russia/archive/1/feed.json",
  ])("%s answers 404", async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
  });

  it.each([
    "/tags/nato+daily-briefing",
    "/tags/daily-briefing,russia/rss.xml",
    "/tags/Daily%20briefing+nato/subscribe",
  ])("%s answers 410 Gone: a retired tag stays retired in a combination", async (path) => {
    const res = await get(path);
    expect(res.status).toBe(410);
    const page = parseHtml(await res.text());
    expect(page.text(page.find("h1")[0])).toBe("Daily briefing is no longer published");
  });

  const invalid: [string, RegExp, string[]][] = [
    [
      "/tags/nato+russia,ukraine",
      /mixes “\+” \(articles with all of the tags\) and “,” \(articles with any of them\)/,
      [`${ORIGIN}/tags/nato+russia+ukraine`, `${ORIGIN}/tags/nato,russia,ukraine`],
    ],
    [
      "/tags/nato+russia+ukraine+geneva+vienna/atom.xml",
      /combines 5 tags; a combination takes at most 4/,
      [`${ORIGIN}/tags/geneva+nato+russia+ukraine`],
    ],
    ["/tags/nato++russia", /empty tag name/, [`${ORIGIN}/tags/nato+russia`]],
    ["/tags/nato,", /empty tag name/, [`${ORIGIN}/tags/nato`]],
  ];

  it.each(invalid)("%s answers 400 with a short page saying why and the right form", async (path, why, meant) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const page = parseHtml(await res.text());
    expect(page.text(page.find("h1")[0])).toBe("This tag combination cannot be shown");
    expect(page.text()).toMatch(why);
    expect(page.text()).toContain("/tags/<tag>+<tag> lists the articles that carry all of them");
    expect(page.text()).toContain("/tags/<tag>,<tag> those that carry any of them");
    const links = page.values("a", "href");
    expect(links).toEqual(expect.arrayContaining([...meant, "/tags#combine"]));
    for (const url of meant) expect((await get(url.slice(ORIGIN.length))).status, url).toBe(200);
  });

  it("answers HEAD with the same 400 and no body", async () => {
    const res = await get("/tags/a+b+c+d+e", {}, "HEAD");
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("");
  });
});

describe("empty and scheduled combinations", () => {
  it("serves a valid, empty feed when every tag exists but no article carries them all", async () => {
    const { get } = appWithClock(fixture("demo"), NOW);
    for (const path of ["/tags/arms-control+nato", "/tags/france+geneva"]) {
      const json = (await (await get(`${path}/feed.json`)).json()) as JsonFeed;
      expect(validateJsonFeed(json), path).toEqual([]);
      expect(json.items).toEqual([]);
      for (const file of ["rss.xml", "atom.xml"]) {
        const res = await get(`${path}/${file}`);
        expect(res.status).toBe(200);
        const doc = parseXml(await res.text());
        expect(doc.getElementsByTagName(file === "rss.xml" ? "item" : "entry").length).toBe(0);
      }
      expect((await get(path)).status).toBe(200);
    }
  });

  it("shows a scheduled article nowhere until its instant, then everywhere it belongs", async () => {
    // beta is declared and carried only by the article scheduled for 2024-03-01T09:00Z.
    const { get, clock } = appWithClock(fixture("timeline"), "2024-02-15T00:00:00Z");
    const titles = async (path: string) =>
      ((await (await get(path)).json()) as JsonFeed).items.map((item) => item.title);
    expect(await titles("/tags/alpha,beta/feed.json")).not.toContain("Scheduled");
    expect(await titles("/tags/alpha+beta/feed.json")).toEqual([]);
    // "Embargoed Topic" is undeclared and only the scheduled article has it: it does not exist yet.
    expect((await get("/tags/alpha,embargoed-topic")).status).toBe(404);
    clock.set("2024-03-01T09:00:00Z");
    expect((await titles("/tags/alpha,beta/feed.json"))[0]).toBe("Scheduled");
    expect((await get("/tags/alpha,embargoed-topic")).status).toBe(200);
  });
});

describe("the combine form of the tag index", () => {
  const { get } = appWithClock(fixture("demo"), NOW);

  it("is a GET form on /tags with a checkbox for every public tag and an all/any choice", async () => {
    const res = await get("/tags");
    const page = parseHtml(await res.text());
    const [form] = page.find("form");
    expect(page.attr(form, "method")).toBe("get");
    expect(page.attr(form, "action")).toBe("/tags");
    const boxes = page.find("input", (input) => input.attribs.type === "checkbox");
    const listed = page
      .values("a", "href")
      .filter((href) => /^\/tags\/[a-z0-9-]+$/.test(href))
      .map((href) => href.slice("/tags/".length));
    expect(boxes.map((box) => page.attr(box, "name"))).toEqual(listed.map(() => "tag"));
    expect(boxes.map((box) => page.attr(box, "value"))).toEqual(listed);
    for (const box of boxes) {
      const label = page.find("label", (l) => l.attribs.for === page.attr(box, "id"));
      expect(label.length, page.attr(box, "id")).toBe(1);
    }
    const radios = page.find("input", (input) => input.attribs.type === "radio");
    expect(radios.map((radio) => [page.attr(radio, "name"), page.attr(radio, "value")])).toEqual([
      ["match", "all"],
      ["match", "any"],
    ]);
    expect(page.find("button", (button) => button.attribs.type === "submit").length).toBe(1);
    // The pages' Content-Security-Policy must let the form submit to the site itself.
    expect(res.headers.get("Content-Security-Policy")).toContain("form-action 'self'");
  });

  it.each([
    ["/tags?tag=russia&tag=nato&match=all", "/tags/nato+russia"],
    ["/tags?tag=russia&tag=nato&match=any", "/tags/nato,russia"],
    ["/tags?tag=ukraine&tag=Lavrov", "/tags/sergei-lavrov+ukraine"],
    ["/tags?tag=nato", "/tags/nato"],
    ["/tags?tag=OTAN&match=any", "/tags/nato"],
    ["/tags?tag=us-russia-relations&tag=nato&match=any", "/tags/diplomacy,nato"],
  ])("%s answers 303 to the canonical %s, which answers 200", async (path, location) => {
    const res = await get(path);
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(location);
    expect((await get(location)).status).toBe(200);
  });

  it("answers a form with no tag ticked, or too many, with a 400 page that says so", async () => {
    const none = await get("/tags?match=any");
    expect(none.status).toBe(400);
    expect(parseHtml(await none.text()).text()).toContain("No tag was ticked");
    const many = await get("/tags?tag=nato&tag=russia&tag=ukraine&tag=geneva&tag=vienna&match=all");
    expect(many.status).toBe(400);
    expect(parseHtml(await many.text()).text()).toContain("combines 5 tags");
  });

  it("answers a form naming an unknown or retired tag as its address would", async () => {
    expect((await get("/tags?tag=nato&tag=no-such-tag")).status).toBe(404);
    expect((await get("/tags?tag=nato&tag=daily-briefing")).status).toBe(410);
  });
});

describe("cost", () => {
  const big = syntheticBundle({ articles: 2_400, tags: 40, feedSize: 20 });
  const index = decodeIndex(encodeIndex(big));
  const packs = layOutRecords(big);
  const AFTER_ALL = Date.UTC(2030, 0, 1);
  const bigApp = () => createApp({ index, source: memorySource(packs), clock: () => AFTER_ALL });
  const SITE = "https://feeds.example.net";
  const env = { SITE_URL: "", ASSETS: { fetch: () => Promise.reject(new Error("unused")) } };

  /** A combination's canonical segment: its slugs in ascending order. */
  const segment = (separator: string, ...numbers: number[]) =>
    numbers
      .map((n) => `topic-${n}`)
      .sort()
      .join(separator);

  /** Pairs of the synthetic tags, in both modes, and their three formats: as many distinct documents as asked. */
  function combinationUrls(count: number): string[] {
    const urls: string[] = [];
    for (let a = 0; a < 40 && urls.length < count; a++) {
      for (let b = a + 1; b < 40 && urls.length < count; b++) {
        const separator = urls.length % 2 === 0 ? "+" : ",";
        urls.push(`${SITE}/tags/${segment(separator, a, b)}/${FILES[urls.length % 3]}`);
      }
    }
    return urls;
  }

  it.each([
    `/tags/${segment("+", 1, 12)}`,
    `/tags/${segment(",", 1, 12)}`,
    `/tags/${segment(",", 3, 17, 25, 38)}/atom.xml`,
    `/tags/${segment("+", 3, 14, 25)}/feed.json`,
    `/tags/${segment(",", 5, 9)}/rss.xml`,
    `/tags/${segment(",", 5, 9)}/subscribe`,
    `/tags/${segment(",", 5, 9)}/archive/3/atom.xml`,
    `/tags/${segment("+", 0, 11)}/archive/1/feed.json`,
  ])("first render of %s reads at most 6 packs", async (path) => {
    const { app, services } = bigApp();
    const res = await app.request(`${SITE}${path}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Article ");
    expect(services.archive.records.reads).toBeGreaterThanOrEqual(1);
    expect(services.archive.records.reads).toBeLessThanOrEqual(6);
  });

  it("reads a combination of sparse tags from the tags' packs, not one site pack per article", async () => {
    // 400 tags of 18 articles each: one article in 133, so the 20 newest of two tags lie in about 20 site packs.
    const sparse = syntheticBundle({ articles: 2_400, tags: 400, feedSize: 20 });
    const { app, services } = appWithClock(sparse, "2030-01-01T00:00:00Z");
    const feed = (await (await app.request(`${SITE}/tags/${segment(",", 10, 20)}/feed.json`)).json()) as JsonFeed;
    const expected = sparse.articles.filter((a) => a.tags.includes("topic-10") || a.tags.includes("topic-20"));
    expect(feed.items.map((item) => item.id)).toEqual(expected.slice(0, 20).map((a) => a.id));
    const sitePacks = new Set(
      expected.slice(0, 20).map((a) => Math.floor((2_399 - sparse.articles.indexOf(a)) / index.packSize)),
    );
    expect(sitePacks.size).toBeGreaterThan(10);
    expect(services.archive.records.reads).toBeLessThanOrEqual(2);
  });

  it("serves 200 different combinations without touching a popular document, the hot path or the shared packs", async () => {
    const { fetch, services } = bigApp();
    const popular = [`${SITE}/atom.xml`, `${SITE}/tags/topic-3`, `${SITE}/tags/topic-3/rss.xml`];
    const first = await Promise.all(popular.map(async (url) => (await fetch(new Request(url), env)).text()));
    const packsBefore = services.archive.records.heldPacks();
    const documentBytes = services.cache.bytes;
    const renders = services.cache.renders;
    expect(packsBefore.length).toBeGreaterThan(0);

    for (const url of combinationUrls(200)) {
      const res = await fetch(new Request(url), env);
      expect(res.status, url).toBe(200);
      await res.arrayBuffer();
    }

    expect(services.archive.records.heldPacks()).toEqual(packsBefore);
    expect(services.cache.bytes).toBe(documentBytes);
    expect(services.cache.renders).toBe(renders);
    expect(services.combinationCache.renders).toBe(200);
    expect(services.combinationCache.bytes).toBeLessThanOrEqual(3 * 1024 * 1024);
    for (const [i, url] of popular.entries()) {
      // Still answered from the hot path, before any routing, with the same bytes.
      expect(services.hot.lookup(url, AFTER_ALL), url).toBeDefined();
      expect(await (await fetch(new Request(url), env)).text()).toBe(first[i]);
    }
    expect(services.cache.renders).toBe(renders);
  });

  it("renders a repeated combination once, from its own cache, and never through the hot path", async () => {
    const { fetch, services } = bigApp();
    const url = `${SITE}/tags/${segment("+", 4, 15)}/atom.xml`;
    const first = await fetch(new Request(url), env);
    const etag = first.headers.get("ETag") ?? "";
    const again = await fetch(new Request(url, { headers: { "If-None-Match": etag } }), env);
    expect(again.status).toBe(304);
    expect(services.combinationCache.renders).toBe(1);
    expect(services.hot.lookup(url, AFTER_ALL)).toBeUndefined();
  });
});
