/**
 * A tag's life as readers meet it: a merged tag's URLs move its subscribers to the
 * survivor with 301s; a retired tag's URLs answer 410 Gone with the reason while its
 * articles stay published; a declared tag with nothing yet is a valid empty feed;
 * WebSub hub links appear when site.yaml names a hub, and only then.
 */
import { describe, expect, it } from "vitest";
import { appWithClock, fixture, parseFeed, parseHtml, parseXml, validateJsonFeed } from "./support";

const NOW = "2024-03-01T00:00:00Z";
const ORIGIN = "http://localhost";
const FILES = ["rss.xml", "atom.xml", "feed.json"];
const REASON = "We stopped this column in 2024; its articles stay in the site feed.";

describe("a merged tag", () => {
  const { get } = appWithClock(fixture("lifecycle"), NOW);

  it.each([
    ["/tags/gamma", "/tags/alpha"],
    ["/tags/GAMMA", "/tags/alpha"],
    ["/tags/Gamma%20Rays", "/tags/alpha"],
    ["/tags/gamma/subscribe", "/tags/alpha/subscribe"],
    ["/tags/gamma/rss.xml", "/tags/alpha/rss.xml"],
    ["/tags/gamma/atom.xml", "/tags/alpha/atom.xml"],
    ["/tags/gamma/feed.json?from=reader", "/tags/alpha/feed.json?from=reader"],
    // Its archive pages held other articles than the survivor's pages of the same number.
    ["/tags/gamma/archive/1/atom.xml", "/tags/alpha/atom.xml"],
  ])("%s answers 301 to %s", async (path, location) => {
    const res = await get(path);
    expect(res.status).toBe(301);
    expect(res.headers.get("Location")).toBe(location);
  });

  it("moves a reader that polls the old feed to the survivor, whose feed holds the merged tag's articles", async () => {
    const old = await get("/tags/gamma/atom.xml", { "If-None-Match": '"etag-from-before-the-merge"' });
    const moved = await get(old.headers.get("Location") ?? "", { "If-None-Match": '"etag-from-before-the-merge"' });
    expect(moved.status).toBe(200);
    const body = await moved.text();
    const doc = parseXml(body);
    const self = Array.from(doc.getElementsByTagName("link")).find((link) => link.getAttribute("rel") === "self");
    expect(self?.getAttribute("href")).toBe(`${ORIGIN}/tags/alpha/atom.xml`);
    // feed_size is 1 here: the newest of alpha's three articles; the older two are in its archive pages.
    expect(parseFeed(body).entries?.map((e) => e.title)).toEqual(["Three"]);
    const archive = await get("/tags/alpha/archive/2/feed.json");
    expect(((await archive.json()) as { items: { title: string }[] }).items.map((i) => i.title)).toEqual(["Two"]);
  });

  it("is listed nowhere", async () => {
    for (const path of ["/", "/tags", "/feeds.opml", "/atom.xml"]) {
      expect(await (await get(path)).text(), path).not.toMatch(/gamma/i);
    }
  });
});

describe("a retired tag", () => {
  const { get } = appWithClock(fixture("lifecycle"), NOW);
  const paths = [
    "/tags/old-news",
    "/tags/Old%20News",
    "/tags/old-news/subscribe",
    ...FILES.map((file) => `/tags/old-news/${file}`),
    "/tags/old-news/archive/1/atom.xml",
  ];

  it.each(paths)("%s answers 410 Gone with a page saying why and where the articles are", async (path) => {
    const res = await get(path);
    expect(res.status).toBe(410);
    expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Cache-Control")).toMatch(/^public, max-age=\d+$/);
    const page = parseHtml(await res.text());
    expect(page.text(page.find("h1")[0])).toBe("Old News is no longer published");
    expect(page.text()).toContain(REASON);
    expect(page.values("a", "href")).toContain("/subscribe");
  });

  it("answers HEAD with 410 and no body", async () => {
    const res = await get("/tags/old-news/atom.xml", {}, "HEAD");
    expect(res.status).toBe(410);
    expect(await res.text()).toBe("");
  });

  it("loses nothing: its article stays in the site feed and on its page, without the retired tag", async () => {
    const site = parseFeed(await (await get("/rss.xml")).text());
    expect(site.entries?.map((e) => e.title)).toEqual(["Three"]);
    const oldest = await (await get("/archive/1/feed.json")).json();
    expect(oldest).toMatchObject({ items: [{ title: "One", tags: ["Alpha"] }] });
    const article = await get("/articles/one");
    expect(article.status).toBe(200);
    const html = await article.text();
    expect(html).toContain("The first article");
    expect(html).not.toMatch(/old-news|Old News/);
    for (const path of ["/", "/tags", "/feeds.opml"]) {
      expect(await (await get(path)).text(), path).not.toMatch(/old-news|Old News/);
    }
  });
});

describe("a declared tag with no articles yet", () => {
  const { get } = appWithClock(fixture("lifecycle"), NOW);

  it("serves a valid, empty feed in each format, and a page that says so", async () => {
    const rss = await get("/tags/empty/rss.xml");
    expect(rss.status).toBe(200);
    const rssDoc = parseXml(await rss.text());
    expect(rssDoc.getElementsByTagName("item").length).toBe(0);
    expect(rssDoc.getElementsByTagName("title")[0]?.textContent).toBe("Lifecycle Test: Empty");
    const atom = parseXml(await (await get("/tags/empty/atom.xml")).text());
    expect(atom.getElementsByTagName("entry").length).toBe(0);
    // An empty document still has a fixed date (the site's `established` day), so its ETag never moves.
    expect(atom.getElementsByTagName("updated")[0]?.textContent).toBe("2024-01-01T00:00:00Z");
    const json = await (await get("/tags/empty/feed.json")).json();
    expect(validateJsonFeed(json)).toEqual([]);
    expect(json).toMatchObject({ items: [] });
    const page = parseHtml(await (await get("/tags/empty")).text());
    expect(page.text()).toContain("No articles yet.");
  });
});

describe("WebSub", () => {
  const hub = "https://hub.example/websub";

  it("advertises the hub of site.yaml on every subscription document: Link headers and in the body", async () => {
    const { get } = appWithClock(fixture("lifecycle"), NOW);
    for (const scope of ["", "/tags/alpha", "/tags/empty"]) {
      for (const file of FILES) {
        const path = `${scope}/${file}`;
        const res = await get(path);
        expect(res.headers.get("Link"), path).toBe(`<${hub}>; rel="hub", <${ORIGIN}${path}>; rel="self"`);
        const body = await res.text();
        if (file === "feed.json") {
          const json = JSON.parse(body) as { hubs?: unknown; feed_url?: string };
          expect(json.hubs).toEqual([{ type: "WebSub", url: hub }]);
          expect(json.feed_url).toBe(`${ORIGIN}${path}`);
          expect(validateJsonFeed(json)).toEqual([]);
        } else {
          const links = Array.from(parseXml(body).getElementsByTagName(file === "rss.xml" ? "atom:link" : "link"));
          const rel = (name: string) =>
            links.filter((l) => l.getAttribute("rel") === name).map((l) => l.getAttribute("href"));
          expect(rel("hub"), path).toEqual([hub]);
          expect(rel("self"), path).toEqual([`${ORIGIN}${path}`]);
        }
        // A 304 carries the same Link header.
        const again = await get(path, { "If-None-Match": res.headers.get("ETag") ?? "" });
        expect(again.status).toBe(304);
        expect(again.headers.get("Link")).toBe(res.headers.get("Link"));
      }
    }
  });

  it("leaves archive pages (which never change) and sites without a hub alone", async () => {
    const { get } = appWithClock(fixture("lifecycle"), NOW);
    const archive = await get("/archive/1/atom.xml");
    expect(archive.headers.get("Link")).toBe(`<${ORIGIN}/archive/1/atom.xml>; rel="self"`);
    expect(await archive.text()).not.toContain("hub");
    const plain = appWithClock(fixture("timeline"), "2024-06-01T00:00:00Z");
    for (const path of FILES.map((file) => `/${file}`)) {
      const res = await plain.get(path);
      expect(res.headers.get("Link")).toBe(`<${ORIGIN}${path}>; rel="self"`);
      expect(await res.text()).not.toMatch(/hub/);
    }
  });
});
