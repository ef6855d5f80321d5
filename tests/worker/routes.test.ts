/**
 * Every route of DESIGN.md through the real Worker entry (SELF), on the served
 * fixture: status, media type, redirects for other spellings, 404, 405, HEAD.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { parseXml, servedBundle } from "./support";

const ORIGIN = "https://feeds.example.net";
const bundle = servedBundle();
const fetchPath = (path: string, init?: RequestInit) => SELF.fetch(`${ORIGIN}${path}`, { redirect: "manual", ...init });

function attributeValues(html: string, pattern: RegExp): string[] {
  return [...html.matchAll(pattern)].map((m) => (m[1] ?? "").replace(/&amp;/g, "&"));
}

describe("routes", () => {
  const cases: [string, string][] = [
    ["/", "text/html; charset=utf-8"],
    ["/rss.xml", "application/rss+xml; charset=utf-8"],
    ["/atom.xml", "application/atom+xml; charset=utf-8"],
    ["/feed.json", "application/feed+json; charset=utf-8"],
    ["/tags", "text/html; charset=utf-8"],
    ["/tags/sergei-lavrov", "text/html; charset=utf-8"],
    ["/tags/sergei-lavrov/rss.xml", "application/rss+xml; charset=utf-8"],
    ["/tags/sergei-lavrov/atom.xml", "application/atom+xml; charset=utf-8"],
    ["/tags/sergei-lavrov/feed.json", "application/feed+json; charset=utf-8"],
    [`/articles/${bundle.articles[0]?.slug}`, "text/html; charset=utf-8"],
    ["/feeds.opml", "text/x-opml; charset=utf-8"],
    ["/authors", "text/html; charset=utf-8"],
    ["/authors/cary-payne", "text/html; charset=utf-8"],
    ["/authors/cary-payne/subscribe", "text/html; charset=utf-8"],
    ["/authors/cary-payne/rss.xml", "application/rss+xml; charset=utf-8"],
    ["/authors/cary-payne/atom.xml", "application/atom+xml; charset=utf-8"],
    ["/authors/cary-payne/feed.json", "application/feed+json; charset=utf-8"],
  ];

  it.each(cases)("GET %s answers 200 with %s and a body", async (path, type) => {
    const res = await fetchPath(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe(type);
    expect((await res.text()).length).toBeGreaterThan(100);
  });

  it.each(cases)("HEAD %s has the GET headers and no body", async (path) => {
    const [get, head] = await Promise.all([fetchPath(path), fetchPath(path, { method: "HEAD" })]);
    expect(head.status).toBe(200);
    for (const name of ["Content-Type", "ETag", "Last-Modified", "Cache-Control", "Vary"]) {
      expect(head.headers.get(name), name).toBe(get.headers.get(name));
    }
    expect(await head.text()).toBe("");
  });

  it("serves every article and every tag named in the bundle", async () => {
    for (const article of bundle.articles) {
      expect((await fetchPath(`/articles/${article.slug}`)).status, article.slug).toBe(200);
    }
    for (const tag of bundle.tags) {
      expect((await fetchPath(`/tags/${tag.slug}`)).status, tag.slug).toBe(200);
    }
  });

  it("answers every feed listed in the OPML and in the pages' autodiscovery links with its media type", async () => {
    const opmlText = await (await fetchPath("/feeds.opml")).text();
    const opml = parseXml(opmlText);
    const outlines = Array.from(opml.getElementsByTagName("outline"));
    expect(outlines.length).toBe(3 * (1 + bundle.tags.length + bundle.authors.length));
    const urls = new Set(outlines.map((o) => o.getAttribute("xmlUrl") ?? ""));
    for (const page of ["/", "/tags", "/tags/russia", "/authors/cary-payne", `/articles/${bundle.articles[0]?.slug}`]) {
      const html = await (await fetchPath(page)).text();
      const links = attributeValues(
        html,
        /<link rel="alternate" type="application\/[a-z+]+" title="[^"]*" href="([^"]+)">/g,
      );
      expect(links.length, page).toBeGreaterThanOrEqual(3);
      for (const link of links) urls.add(link);
    }
    for (const outline of outlines) {
      for (const attribute of ["text", "type", "xmlUrl", "htmlUrl"])
        expect(outline.getAttribute(attribute)).toBeTruthy();
    }
    for (const url of urls) {
      expect(url.startsWith(`${ORIGIN}/`), url).toBe(true);
      const res = await SELF.fetch(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get("Content-Type"), url).toMatch(
        /^application\/(rss\+xml|atom\+xml|feed\+json); charset=utf-8$/,
      );
    }
  });
});

describe("other spellings, unknown paths and methods", () => {
  it.each([
    ["/tags/Sergey%20Lavrov", "/tags/sergei-lavrov"],
    ["/tags/SERGEI-LAVROV", "/tags/sergei-lavrov"],
    ["/tags/lavrov/atom.xml", "/tags/sergei-lavrov/atom.xml"],
    ["/tags/Anthony%20Blinken/feed.json", "/tags/antony-blinken/feed.json"],
    ["/tags/sergey-lavrov/rss.xml?utm=x", "/tags/sergei-lavrov/rss.xml?utm=x"],
    ["/tags/", "/tags"],
    ["/feed", "/rss.xml"],
    ["/feed/", "/feed"],
    ["/index.xml", "/rss.xml"],
    ["/atom", "/atom.xml"],
    ["/tags/russia/", "/tags/russia"],
    ["/authors/Cary%20Payne", "/authors/cary-payne"],
    ["/authors/CARY-PAYNE/atom.xml", "/authors/cary-payne/atom.xml"],
    ["/authors/", "/authors"],
    ["//evil.example/", "/evil.example"],
    ["///", "/"],
  ])("%s answers 301 to %s", async (path, location) => {
    const res = await fetchPath(path);
    expect(res.status).toBe(301);
    expect(res.headers.get("Location")).toBe(location);
  });

  it.each([
    "/nope",
    "/tags/no-such-tag",
    "/tags/no-such-tag/rss.xml",
    "/authors/no-such-author",
    "/authors/no-such-author/feed.json",
    "/authors/cary-payne/feed.xml",
    "/tags/russia/feed.xml",
    "/articles/no-such-article",
    "/articles/",
    "/tags/%E0%A4%A",
    "/rss.xml/extra",
  ])("%s answers a readable 404", async (path) => {
    const res = await fetchPath(path);
    if (res.status === 301) {
      expect((await fetchPath(res.headers.get("Location") ?? "")).status).toBe(404);
      return;
    }
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toContain("Not found");
  });

  it.each(["POST", "PUT", "DELETE", "PATCH"])("%s answers 405 with Allow", async (method) => {
    const res = await fetchPath("/rss.xml", { method, body: method === "DELETE" ? undefined : "x" });
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
  });

  it("answers a CORS preflight for conditional requests from browser readers", async () => {
    const res = await fetchPath("/atom.xml", {
      method: "OPTIONS",
      headers: { Origin: "https://reader.example", "Access-Control-Request-Headers": "if-none-match" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Access-Control-Allow-Headers")).toContain("If-None-Match");
  });

  it("ignores query strings and unknown request headers", async () => {
    const plain = await fetchPath("/atom.xml");
    const odd = await fetchPath("/atom.xml?ref=twitter", { headers: { "X-Whatever": "1", Cookie: "a=b" } });
    expect(odd.status).toBe(200);
    expect(odd.headers.get("ETag")).toBe(plain.headers.get("ETag"));
  });

  it("never answers a strange request with a 500", async () => {
    const oddities = [
      "%00",
      "%0d%0aSet-Cookie:%20x=1",
      "%ff%fe",
      "..",
      "%2e%2e",
      "%2F",
      "a".repeat(3000),
      "😀",
      "%E0%A4%A",
      "<script>",
      "?",
      "%20",
    ];
    const shapes = (x: string) => [
      `/${x}`,
      `/${x}/`,
      `/tags/${x}`,
      `/tags/${x}/`,
      `/tags/${x}/rss.xml`,
      `/tags/${x}/${x}`,
      `/tags/lavrov/archive/${x}/atom.xml`,
      `/archive/${x}/feed.json`,
      `/articles/${x}`,
      `/rss.xml?${x}`,
    ];
    for (const path of oddities.flatMap(shapes)) {
      const header = encodeURIComponent(path);
      const res = await fetchPath(path, { headers: { "If-None-Match": `"${header}"`, "If-Modified-Since": header } });
      expect(res.status, path).toBeLessThan(500);
      await res.arrayBuffer();
    }
    // 120 requests through the whole worker: slow on a busy machine, never a timing assertion.
  }, 30_000);

  it("gives non-browser user agents the feed, not a challenge", async () => {
    const res = await fetchPath("/rss.xml", { headers: { "User-Agent": "Miniflux/2.1 (+https://miniflux.app)" } });
    expect(res.status).toBe(200);
  });
});

describe("pages", () => {
  it("the home page lists the newest articles, every tag with its count, and subscribe links", async () => {
    const html = await (await fetchPath("/")).text();
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    const newest = bundle.articles[0];
    expect(html).toContain(`href="/articles/${newest?.slug}"`);
    const russia = bundle.tags.find((t) => t.slug === "russia");
    expect(html).toContain(`>Russia <span class="count">${russia?.articles.length}<span class="vh"> articles</span>`);
    expect(html).toContain(`href="/feeds.opml"`);
  });

  it("an article page shows its date, source, linked tags and full text, with security headers", async () => {
    const article = bundle.articles.find((a) => a.source);
    const res = await fetchPath(`/articles/${article?.slug}`);
    const html = await res.text();
    expect(html).toContain(`<time datetime="`);
    expect(html).toContain(`first published by ${article?.source?.name}`);
    expect(html).toContain(`href="/tags/${article?.tags[0]}" rel="tag"`);
    expect(html).toContain(article?.content[0]?.slice(0, 200));
    expect(res.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("a tag page lists exactly the tag's articles and shows its three feed addresses", async () => {
    const tag = bundle.tags.find((t) => t.slug === "sergei-lavrov");
    const html = await (await fetchPath("/tags/sergei-lavrov")).text();
    const listed = attributeValues(html, /<h3><a href="[^"]*\/articles\/([^"]+)">/g);
    expect(listed).toEqual(tag?.articles.map((i) => bundle.articles[i]?.slug));
    for (const file of ["rss.xml", "atom.xml", "feed.json"]) {
      expect(html).toContain(`value="${ORIGIN}/tags/sergei-lavrov/${file}"`);
    }
  });
});
