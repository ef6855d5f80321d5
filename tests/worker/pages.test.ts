/**
 * The human side of the feeds, on the served fixture: subscribe pages with each
 * feed address and a Copy button, subscribe blocks on home and tag pages, no link
 * that drops a person on raw XML, and pages that keep to their own strict CSP (one
 * stylesheet and one script from /assets/, nothing inline).
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { parseHtml, servedBundle } from "./support";

const ORIGIN = "https://feeds.example.net";
const bundle = servedBundle();
const fetchPath = (path: string, init?: RequestInit) => SELF.fetch(`${ORIGIN}${path}`, { redirect: "manual", ...init });
const page = async (path: string) => parseHtml(await (await fetchPath(path)).text());
const FILES = ["rss.xml", "atom.xml", "feed.json"];
const newestSlugs = (indexes: number[], count: number) =>
  indexes.slice(0, count).map((index) => `/articles/${bundle.articles[index]?.slug}`);

const russia = bundle.tags.find((tag) => tag.slug === "russia");
const PAGES = [
  "/",
  "/tags",
  "/subscribe",
  "/tags/russia",
  "/tags/russia/subscribe",
  `/articles/${bundle.articles[0]?.slug}`,
];

describe("subscribe pages", () => {
  it.each([
    ["/subscribe", "", "Follow Diplomacy Wire", bundle.articles.map((_, i) => i)],
    ["/tags/russia/subscribe", "/tags/russia", "Follow Russia", russia?.articles ?? []],
  ])(
    "%s shows each feed address with a Copy button, readers, the OPML and the newest items",
    async (path, scope, h1, indexes) => {
      const res = await fetchPath(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
      const html = parseHtml(await res.text());
      expect(html.text(html.find("h1")[0])).toBe(h1);
      const urls = FILES.map((file) => `${ORIGIN}${scope}/${file}`);
      expect(html.find("input").map((input) => [html.attr(input, "value"), html.attr(input, "readonly")])).toEqual(
        urls.map((url) => [url, ""]),
      );
      expect(html.values("button", "data-copy")).toEqual(urls);
      // Each field is labelled, so the three addresses are told apart without sight.
      for (const input of html.find("input")) {
        const label = html.find("label", (l) => html.attr(l, "for") === html.attr(input, "id"))[0];
        expect(html.text(label)).toMatch(/^(RSS|Atom|JSON Feed) feed URL$/);
      }
      expect(html.find("*", (element) => html.attr(element, "role") === "status").length).toBe(1);
      const links = html.values("a", "href");
      expect(links).toContain("/feeds.opml");
      for (const reader of ["https://netnewswire.com/", "https://miniflux.app/", "https://freshrss.org/"]) {
        expect(links).toContain(reader);
      }
      // The preview: the newest five articles of the scope, newest first.
      const preview = html.find("h3").map((h3) => html.attr(h3.children.find((c) => "name" in c) as never, "href"));
      expect(preview).toEqual(newestSlugs(indexes, 5));
      // Autodiscovery on the page names this scope's feeds.
      expect(html.find("link", (l) => html.attr(l, "rel") === "alternate").map((l) => html.attr(l, "href"))).toEqual(
        urls,
      );
    },
  );

  it("answers other spellings of a tag with a 301 and unknown tags with a 404", async () => {
    const moved = await fetchPath("/tags/RUSSIA/subscribe");
    expect(moved.status).toBe(301);
    expect(moved.headers.get("Location")).toBe("/tags/russia/subscribe");
    expect((await fetchPath("/tags/no-such-tag/subscribe")).status).toBe(404);
  });

  it("has a subscribe block (addresses, readers, OPML) on the home page and every tag page", async () => {
    for (const [path, scope] of [
      ["/", ""],
      ["/tags/russia", "/tags/russia"],
      ["/tags/arms-control", "/tags/arms-control"],
    ] as const) {
      const html = await page(path);
      expect(html.values("button", "data-copy"), path).toEqual(FILES.map((file) => `${ORIGIN}${scope}/${file}`));
      // These pages are the feeds' alternate links, so they carry what a subscribe page offers.
      expect(html.values("a", "href"), path).toContain(`${scope}/subscribe`);
      expect(html.values("a", "href"), path).toContain("/feeds.opml");
      expect(html.text(), path).toContain("NetNewsWire");
    }
  });
});

describe("every page", () => {
  it.each(PAGES)("%s links people to subscribe pages, never to raw feed documents", async (path) => {
    const html = await page(path);
    const raw = html.values("a", "href").filter((href) => /\.(xml|json)(\?|$)/.test(href));
    expect(raw).toEqual([]);
    // The OPML is a download for a reader's import, not a page.
    for (const opml of html.find("a", (a) => html.attr(a, "href") === "/feeds.opml")) {
      expect(html.attr(opml, "download")).toBe("feeds.opml");
    }
  });

  it.each(PAGES)("%s has lang, landmarks, one h1 and headings that never skip a level", async (path) => {
    const html = await page(path);
    expect(html.attr(html.find("html")[0], "lang")).toBe("en");
    for (const landmark of ["header", "nav", "main", "footer"])
      expect(html.find(landmark).length, landmark).toBeGreaterThan(0);
    expect(html.values("a", "href")[0]).toBe("#main");
    expect(html.attr(html.find("main")[0], "id")).toBe("main");
    const levels = headingLevels(html);
    expect(levels[0]).toBe(1);
    expect(levels.filter((level) => level === 1).length).toBe(1);
    levels.forEach((level, i) => expect(level - (levels[i - 1] ?? 0), `${path} heading ${i}`).toBeLessThanOrEqual(1));
  });

  it.each(PAGES)("%s keeps to its CSP: one stylesheet and one script from /assets/, nothing inline", async (path) => {
    const res = await fetchPath(path);
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    const html = parseHtml(await res.text());
    expect(html.find("link", (l) => html.attr(l, "rel") === "stylesheet").map((l) => html.attr(l, "href"))).toEqual([
      "/assets/site.css",
    ]);
    expect(html.find("script").map((s) => [html.attr(s, "src"), s.children.length])).toEqual([["/assets/site.js", 0]]);
    expect(html.find("style")).toEqual([]);
    expect(html.find("*", (element) => html.attr(element, "style") !== undefined)).toEqual([]);
  });
});

describe("the site's assets", () => {
  it.each([
    ["/assets/site.css", "text/css; charset=utf-8", "prefers-color-scheme: dark"],
    ["/assets/site.js", "text/javascript; charset=utf-8", "navigator.clipboard"],
    ["/robots.txt", "text/plain; charset=utf-8", "User-agent: *\nDisallow:\n"],
  ])("%s is served as %s with validators, and revalidates with a 304", async (path, type, marker) => {
    const res = await fetchPath(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe(type);
    expect(res.headers.get("Cache-Control")).toMatch(/^public, max-age=\d+$/);
    expect(await res.text()).toContain(marker);
    const again = await fetchPath(path, { headers: { "If-None-Match": res.headers.get("ETag") ?? "" } });
    expect(again.status).toBe(304);
  });

  it("the stylesheet loads no fonts or anything else from elsewhere", async () => {
    const css = await (await fetchPath("/assets/site.css")).text();
    expect(css).not.toMatch(/@import|@font-face|url\(/);
  });
});

type Page = ReturnType<typeof parseHtml>;

function headingLevels(html: Page): number[] {
  return html.find("*", (element) => /^h[1-6]$/.test(element.name)).map((element) => Number(element.name.slice(1)));
}
