/**
 * Subscriber counts (issue 17): a day of polls replayed through the worker's own fetch
 * with the real D1 binding (Miniflare's) gives exactly the expected counts on
 * /stats.json; no address reaches the database; a failing database still serves every
 * feed; and /stats needs the token.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Env, StatsDatabase } from "../../src/env";
import { parseHtml, servedBundle } from "./support";
import { statsApp as statsAppOver, statsBindings as bindings, statsJson, TOKEN } from "./stats-support";

const MINIFLUX = "Mozilla/5.0 (compatible; Miniflux/2.1.3; +https://miniflux.app)";
const NETNEWSWIRE = "NetNewsWire (RSS Reader; https://netnewswire.com/)";
const FRESHRSS = "FreshRSS/1.24.1 (Linux; https://freshrss.org)";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const feedly = (n: number) => `Feedly/1.0 (+http://www.feedly.com/fetcher.html; ${n} subscribers; )`;
const feedbin = (id: number, n: number) => `Feedbin feed-id:${id} - ${n} ${n === 1 ? "subscriber" : "subscribers"}`;

/** The app over the served fixture (stats-support.ts). */
const statsApp = (start: string, stats?: Partial<Env>) => statsAppOver(servedBundle(), start, stats);

describe("a day of polls", () => {
  it("counts cloud readers by their highest figure, other readers once each, and nothing else", async () => {
    const app = statsApp("2030-03-04T00:05:00Z");
    const tag = app.bundle.tags.find((candidate) => candidate.articles.length > 1)!;
    const other = app.bundle.tags.find((candidate) => candidate !== tag && candidate.articles.length > 0)!;
    const author = app.bundle.authors[0]!;
    const [first, second] = [tag.slug, other.slug].sort();
    const combination = `/tags/${first}+${second}`;
    const addresses = ["203.0.113.1", "203.0.113.2", "198.51.100.7", "2001:db8::17", "192.0.2.44"];

    // Five Miniflux instances poll the site's RSS all day, conditionally after the first time.
    let etag = "";
    for (const hour of ["00:05", "04:00", "08:00", "12:00", "16:00", "23:59"]) {
      app.at(`2030-03-04T${hour}:00Z`);
      for (const address of addresses) {
        const response = await app.poll("/rss.xml", MINIFLUX, address, etag ? { "If-None-Match": etag } : {});
        etag ||= response.headers.get("ETag") ?? "";
        expect([200, 304]).toContain(response.status);
      }
    }
    // Another reader behind one of those addresses is another client; one of them also reads the Atom feed.
    await app.poll("/rss.xml", NETNEWSWIRE, addresses[0]!);
    await app.poll("/atom.xml", MINIFLUX, addresses[0]!);
    // Behind a local server's loopback address, X-Forwarded-For names the client.
    await app.poll("/rss.xml", FRESHRSS, "127.0.0.1", { "X-Forwarded-For": "192.0.2.150, 10.0.0.1" });
    await app.poll("/rss.xml", FRESHRSS, "127.0.0.1", { "X-Forwarded-For": "192.0.2.151" });
    await app.poll("/rss.xml", FRESHRSS, "127.0.0.1", { "X-Forwarded-For": "192.0.2.151" });
    // A HEAD poll counts too.
    expect(
      (await app.request("/rss.xml", { "User-Agent": FRESHRSS, "CF-Connecting-IP": "192.0.2.99" }, "HEAD")).status,
    ).toBe(200);
    // Redirects count at their target only: /feed answers 301, then the reader follows it.
    expect((await app.poll("/feed", FRESHRSS, "192.0.2.100")).status).toBe(301);
    expect((await app.poll(`/tags/${tag.slug.toUpperCase()}/rss.xml`, FRESHRSS, "192.0.2.101")).status).toBe(301);
    await app.poll("/rss.xml", FRESHRSS, "192.0.2.100");

    // Cloud readers: the day's highest figure, per feed id; feed ids of one reader add up.
    for (const figure of [100, 120, 110]) await app.poll("/rss.xml", feedly(figure), "64.233.1.1");
    await app.poll("/rss.xml", feedly(90), "64.233.1.2");
    await app.poll("/rss.xml", feedbin(11, 10), "54.1.1.1");
    await app.poll("/rss.xml", feedbin(12, 5), "54.1.1.1");
    await app.poll("/rss.xml", feedbin(12, 7), "54.1.1.2");
    await app.poll("/rss.xml", "Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)", "5.9.1.1");
    await app.poll("/rss.xml", "Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 3 subscribers; )", "5.9.1.2");
    await app.poll("/atom.xml", feedly(50), "64.233.1.1");

    // Nobody: crawlers, a link checker, a person's browser, archive pages, unknown feeds.
    await app.poll(
      "/rss.xml",
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "66.249.1.1",
    );
    await app.poll("/rss.xml", "W3C-checklink/5.0.0 libwww-perl/6.77", "128.30.52.1");
    await app.poll("/rss.xml", FIREFOX, "192.0.2.200", { "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document" });
    await app.poll("/tags/no-such-tag/rss.xml", MINIFLUX, "192.0.2.201");
    await app.poll("/", MINIFLUX, "192.0.2.202");

    // A tag, an author and a combination.
    await app.poll(`/tags/${tag.slug}/rss.xml`, feedly(7), "64.233.1.1");
    await app.poll(`/tags/${tag.slug}/rss.xml`, MINIFLUX, addresses[1]!);
    await app.poll(`/tags/${tag.slug}/feed.json`, MINIFLUX, addresses[2]!);
    await app.poll(`/authors/${author.slug}/feed.json`, NETNEWSWIRE, addresses[3]!);
    expect((await app.poll(`${combination}/atom.xml`, MINIFLUX, addresses[4]!)).status).toBe(200);
    await app.poll(`${combination}/atom.xml`, MINIFLUX, addresses[4]!);

    const report = await statsJson(app);
    expect(report.today).toBe("2030-03-04");
    const site = report.feeds.find((feed) => feed.feed === "site")!;
    // RSS: 5 Miniflux + NetNewsWire + 2 FreshRSS behind a proxy + FreshRSS (HEAD) + FreshRSS (after
    // the redirect) = 10 clients; Feedly 120, Feedbin 10 + 7, Inoreader 114.
    expect(site.formats.rss).toEqual({
      subscribers: 261,
      readers: { "other readers": 10, Feedly: 120, Feedbin: 17, Inoreader: 114 },
    });
    expect(site.formats.atom).toEqual({ subscribers: 51, readers: { "other readers": 1, Feedly: 50 } });
    expect(site.formats.json).toEqual({ subscribers: 0, readers: {} });
    // Together: the Atom client is one of the RSS clients; Feedly's two feeds add up.
    expect(site.subscribers).toBe(10 + 170 + 17 + 114);
    expect(site.readers).toEqual({ "other readers": 10, Feedly: 170, Feedbin: 17, Inoreader: 114 });
    expect(site.history).toHaveLength(90);
    expect(site.history.at(-1)).toEqual({ day: "2030-03-04", subscribers: 311 });

    const tagReport = report.feeds.find((feed) => feed.feed === `tags/${tag.slug}`)!;
    expect(tagReport.subscribers).toBe(9);
    expect(tagReport.formats.rss.subscribers).toBe(8);
    expect(tagReport.formats.json.subscribers).toBe(1);
    expect(report.feeds.find((feed) => feed.feed === `authors/${author.slug}`)?.subscribers).toBe(1);
    expect(report.feeds.find((feed) => feed.feed === `tags/${first}+${second}`)?.subscribers).toBe(1);
    expect(report.feeds.map((feed) => feed.feed).sort()).toEqual(
      ["site", `tags/${tag.slug}`, `authors/${author.slug}`, `tags/${first}+${second}`].sort(),
    );
    expect(report.top).toEqual({
      tags: [`tags/${tag.slug}`],
      authors: [`authors/${author.slug}`],
      combinations: [`tags/${first}+${second}`],
    });

    // The next day: yesterday is summed up (its clients forgotten), and today starts from nothing.
    app.at("2030-03-05T09:00:00Z");
    await app.poll("/rss.xml", MINIFLUX, addresses[0]!);
    const next = await statsJson(app);
    const siteNext = next.feeds.find((feed) => feed.feed === "site")!;
    expect(siteNext.subscribers).toBe(1);
    expect(siteNext.history.slice(-2)).toEqual([
      { day: "2030-03-04", subscribers: 311 },
      { day: "2030-03-05", subscribers: 1 },
    ]);
    const clients = await bindings.STATS_DB.prepare("SELECT DISTINCT day FROM stats_clients").all<{ day: number }>();
    expect(clients.results.map((row) => row.day)).toEqual([Date.parse("2030-03-05") / 86_400_000]);

    // No address anywhere in the database, in any table.
    const tables = await bindings.STATS_DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'stats_%'",
    ).all<{ name: string }>();
    expect(tables.results.length).toBe(4);
    for (const { name } of tables.results) {
      const rows = await bindings.STATS_DB.prepare(`SELECT * FROM ${name}`).all();
      const dump = JSON.stringify(rows.results);
      for (const address of [...addresses, "192.0.2.100", "64.233.1.1", "54.1.1.1"]) {
        expect(dump).not.toContain(address);
      }
    }
    expect(app.logged).toEqual([]);
  });
});

describe("a failing database", () => {
  it("never fails or delays a feed: the count is dropped and logged once", async () => {
    const broken: StatsDatabase = {
      prepare: () => {
        throw new Error("D1 is down");
      },
      batch: () => Promise.reject(new Error("D1 is down")),
    };
    const app = statsApp("2030-06-01T10:00:00Z", { STATS_DB: broken, STATS_TOKEN: TOKEN });
    for (const address of ["203.0.113.1", "203.0.113.2", "203.0.113.3"]) {
      const response = await app.poll("/rss.xml", MINIFLUX, address);
      expect(response.status).toBe(200);
    }
    expect((await app.poll("/atom.xml", feedly(3), "64.233.1.1")).status).toBe(200);
    expect(app.logged).toHaveLength(1);
    expect(app.logged[0]).toMatch(/subscriber counts are not being written/);
    expect((await app.request("/stats.json", { Authorization: `Bearer ${TOKEN}` })).status).toBe(503);
  });

  it("without STATS_DB nothing is counted and the stats page says counting is off", async () => {
    const app = statsApp("2030-06-02T10:00:00Z", { STATS_TOKEN: TOKEN });
    expect((await app.poll("/rss.xml", MINIFLUX, "203.0.113.1")).status).toBe(200);
    const page = await app.request("/stats", { Authorization: `Bearer ${TOKEN}` });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Counting is off");
  });
});

describe("the token guard", () => {
  it("answers 401 without the token or with a wrong one, 200 with it; never cached or indexed", async () => {
    for (const path of ["/stats", "/stats.json"]) {
      const wrong: Record<string, string>[] = [
        {},
        { Authorization: "Bearer wrong" },
        { Authorization: `Bearer ${TOKEN}x` },
      ];
      for (const headers of wrong) {
        const response = await SELF.fetch(`http://localhost${path}`, { headers });
        expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(response.headers.get("WWW-Authenticate")).toMatch(/^Basic /);
        expect(response.headers.get("Cache-Control")).toBe("private, no-store");
        expect(await response.text()).not.toContain("subscribers");
      }
      const basic = `Basic ${btoa(`publisher:${TOKEN}`)}`;
      for (const [url, headers] of [
        [`http://localhost${path}`, { Authorization: `Bearer ${TOKEN}` }],
        [`http://localhost${path}`, { Authorization: basic }],
        [`http://localhost${path}?token=${TOKEN}`, {}],
      ] as const) {
        const response = await SELF.fetch(url, { headers });
        expect(response.status, url).toBe(200);
        expect(response.headers.get("Cache-Control")).toBe("private, no-store");
        expect(response.headers.get("X-Robots-Tag")).toMatch(/noindex/);
        await response.arrayBuffer();
      }
    }
  });

  it("answers 404 when no token is configured", async () => {
    const app = statsApp("2030-06-03T10:00:00Z", { STATS_DB: bindings.STATS_DB });
    for (const path of ["/stats", "/stats.json"]) {
      const response = await app.request(path, { Authorization: `Bearer ${TOKEN}` });
      expect(response.status).toBe(404);
      expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    }
  });

  it("is linked from nowhere: not in the sitemap, the OPML, robots.txt or any page", async () => {
    for (const path of ["/", "/tags", "/subscribe", "/feeds.opml", "/sitemap.xml", "/robots.txt"]) {
      const body = await (await SELF.fetch(`http://localhost${path}`)).text();
      expect(body, path).not.toMatch(/\/stats\b/);
    }
  });

  it("shows a chart per feed, drawn in SVG with its figures in words", async () => {
    const app = statsApp("2030-09-01T10:00:00Z");
    await app.poll("/rss.xml", feedly(12), "64.233.1.1");
    await app.poll("/atom.xml", MINIFLUX, "203.0.113.9");
    const response = await app.request("/stats", { Authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    const page = parseHtml(await response.text());
    const charts = page.find("svg");
    expect(charts).toHaveLength(1);
    expect(page.attr(charts[0], "role")).toBe("img");
    expect(page.attr(charts[0], "aria-label")).toMatch(/13 subscribers today/);
    expect(page.text()).toContain("Feedly 12");
  });
});
