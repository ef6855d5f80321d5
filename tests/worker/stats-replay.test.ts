/**
 * A day of polls of the readers fixture (tests/fixtures/readers), replayed through two
 * isolates that share one D1, as Cloudflare spreads a day over several: every cloud
 * reader named in issue 17 in the spellings they use, self-hosted and desktop readers,
 * HEAD polls and 304s, every kind of redirect, combinations in another order, archive
 * pages, crawlers, link checkers, monitors and browsers. The expected counts are worked
 * out by hand below, poll by poll, and /stats.json must give exactly them.
 */
import { describe, expect, it } from "vitest";
import type { FeedReport } from "../../src/stats/report";
import { fixture } from "./support";
import { statsApp, statsJson } from "./stats-support";

const DAY = "2031-01-15";

const MINIFLUX = "Mozilla/5.0 (compatible; Miniflux/2.1.3; +https://miniflux.app)";
const FRESHRSS = "FreshRSS/1.24.1 (Linux; https://freshrss.org)";
const NETNEWSWIRE = "NetNewsWire (RSS Reader; https://netnewswire.com/)";
const NEWSBOAT = "newsboat/2.36.0 (Linux x86_64)";
const COMMAFEED = "CommaFeed/4.6.0 (https://github.com/Athou/commafeed)";
const NEXTCLOUD = "NextCloud-News/1.0";
const THUNDERBIRD = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0";
const TTRSS = "Tiny Tiny RSS/23.12 (https://tt-rss.org/)";
const FEEDPARSER = "feedparser/6.0.11 +https://github.com/kurtmckee/feedparser/";
const VIENNA = "Vienna/3.9.0 (RSS reader; macOS)";
const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const newsblur = (site: number, n: number) =>
  `NewsBlur Feed Fetcher - ${n} subscribers - https://www.newsblur.com/site/${site}/reader-survey ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15")`;
const oldReader = (id: string, n: number) =>
  `Mozilla/5.0 (compatible; theoldreader.com; ${n} subscribers; feed-id=${id})`;

const NOBODY = [
  "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
  "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
  "W3C_Validator/1.3 http://validator.w3.org/services",
  "W3C-checklink/5.0.0 libwww-perl/6.77",
  "FeedValidator/1.3",
  "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
  "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
  "updown.io daemon 2.11",
  "Mozilla/5.0 (compatible; Google-InspectionTool/1.0)",
];

describe("a day of unseen readers, through two isolates", () => {
  it("gives exactly the counts worked out by hand", async () => {
    const readers = fixture("readers");
    const isolates = [statsApp(readers, `${DAY}T00:10:00Z`), statsApp(readers, `${DAY}T00:10:00Z`)];
    let turn = 0;
    const at = (time: string) => isolates.forEach((isolate) => isolate.at(`${DAY}T${time}:00Z`));
    /** One poll, by either isolate in turn, answered `status`. */
    const poll = async (status: number, path: string, agent: string, address: string, extra = {}, method = "GET") => {
      const isolate = isolates[turn++ % isolates.length]!;
      const headers: Record<string, string> = { "CF-Connecting-IP": address, "Accept-Encoding": "gzip", ...extra };
      if (agent !== "") headers["User-Agent"] = agent;
      const response = await isolate.request(path, headers, method);
      expect(response.status, `${method} ${path} by ${agent}`).toBe(status);
      return response.headers.get("ETag") ?? "";
    };

    // Cloud readers. Feedly on the site's RSS: 40, 55, then down to 38 and a poll with no figure: the day's highest, 55.
    at("08:00");
    await poll(200, "/rss.xml", "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 40 subscribers; )", "54.1.0.1");
    at("12:00");
    await poll(
      200,
      "/rss.xml",
      "Mozilla/5.0 (compatible; Feedly/1.0; +https://feedly.com/poller.html; 55 subscribers)",
      "54.1.0.2",
    );
    at("18:00");
    await poll(200, "/rss.xml", "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 38 subscribers; )", "54.1.0.1");
    await poll(
      200,
      "/rss.xml",
      "Feedly/1.0 (+http://www.feedly.com/fetcher.html; like FeedFetcher-Google)",
      "54.1.0.3",
    );
    // A feed alias answers 301: counted at its target only, so this figure is not.
    await poll(301, "/index.xml", "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 100 subscribers; )", "54.1.0.1");
    // Inoreader on the Atom feed, in both of its spellings: 1, 9, 7 → 9.
    await poll(200, "/atom.xml", "Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 1 subscriber; )", "5.9.0.1");
    await poll(200, "/atom.xml", "Mozilla/5.0 (compatible; inoreader.com; 9 subscribers)", "5.9.0.2");
    await poll(200, "/atom.xml", "Mozilla/5.0 (compatible; inoreader.com; 7 subscribers)", "5.9.0.2");
    // Feedbin, three feed ids for the JSON feed (one of them by HEAD): 3 (501, not 2) + 1 (502) + 2 (503) = 6.
    await poll(200, "/feed.json", "Feedbin feed-id:501 - 3 subscribers", "3.0.0.1");
    await poll(200, "/feed.json", "Feedbin feed-id:502 - 1 subscriber", "3.0.0.1");
    await poll(200, "/feed.json", "Feedbin feed-id:501 - 2 subscribers", "3.0.0.2");
    await poll(200, "/feed.json", "Feedbin feed-id:503 - 2 subscribers", "3.0.0.2", {}, "HEAD");
    // NewsBlur, two sites for one tag feed: 12 (77, not 10) + 5 (78) = 17; another case of the tag: 301.
    await poll(200, "/tags/harbour/rss.xml", newsblur(77, 12), "8.8.0.1");
    await poll(200, "/tags/harbour/rss.xml", newsblur(78, 5), "8.8.0.1");
    await poll(200, "/tags/harbour/rss.xml", newsblur(77, 10), "8.8.0.2");
    await poll(301, "/tags/Harbour/rss.xml", newsblur(79, 50), "8.8.0.1");
    // The Old Reader, two feed ids: 1 + 4 = 5; the merged tag's URL: 301.
    await poll(200, "/tags/harbour/atom.xml", oldReader("6a1b", 1), "9.9.0.1");
    await poll(200, "/tags/harbour/atom.xml", oldReader("6a1c", 4), "9.9.0.1");
    await poll(301, "/tags/tides/atom.xml", oldReader("zz", 30), "9.9.0.1");
    // BazQux, both spellings: 6 then 8 → 8.
    await poll(
      200,
      "/tags/weather/rss.xml",
      "Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; 6 subscribers)",
      "7.7.0.1",
    );
    await poll(200, "/tags/weather/rss.xml", "BazQux/2.4 (+https://bazqux.com/fetcher; 8 subscribers)", "7.7.0.1");
    // FeedHQ on the author's Atom feed, then conditionally: 2.
    const authorEtag = await poll(
      200,
      "/authors/ada-moss/atom.xml",
      "FeedHQ/1.0 (+https://feedhq.org; 2 subscribers)",
      "6.6.0.1",
    );
    await poll(304, "/authors/ada-moss/atom.xml", "FeedHQ/1.0 (+https://feedhq.org; 2 subscribers)", "6.6.0.1", {
      "If-None-Match": authorEtag,
    });
    // Feedly on a combination (3); the same combination in another order answers 301.
    await poll(
      200,
      "/tags/harbour+weather/rss.xml",
      "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 3 subscribers; )",
      "54.1.0.1",
    );
    await poll(
      301,
      "/tags/weather+harbour/rss.xml",
      "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 20 subscribers; )",
      "54.1.0.1",
    );

    // Read midway: each isolate keeps what it read while D1 says nothing changed, and must see what changes next.
    const midway = await statsJson(isolates[0]!);
    expect(midway.feeds.find((feed) => feed.feed === "site")?.readers).toEqual({
      Feedly: 55,
      Inoreader: 9,
      Feedbin: 6,
    });
    expect(await statsJson(isolates[0]!)).toEqual(midway);

    // Readers that poll for one person: one per address and User-Agent, whatever the answer.
    // Miniflux on three addresses, all day, conditionally after the first poll: 3.
    let etag = "";
    for (const time of ["00:10", "06:00", "12:00", "23:50"]) {
      at(time);
      for (const address of ["203.0.113.10", "203.0.113.11", "203.0.113.12"]) {
        const status = etag === "" ? 200 : 304;
        etag = (await poll(status, "/rss.xml", MINIFLUX, address, etag ? { "If-None-Match": etag } : {})) || etag;
      }
    }
    // FreshRSS on one address reads the RSS and the Atom feed: one in each, one in the site's total.
    await poll(200, "/rss.xml", FRESHRSS, "203.0.113.20");
    await poll(200, "/atom.xml", FRESHRSS, "203.0.113.20");
    // NetNewsWire polls the JSON feed by HEAD: 1.
    await poll(200, "/feed.json", NETNEWSWIRE, "198.51.100.5", {}, "HEAD");
    // newsboat, and a poll with no User-Agent at all: 2 more on the RSS.
    await poll(200, "/rss.xml", NEWSBOAT, "198.51.100.6");
    await poll(200, "/rss.xml", "", "198.51.100.7");
    // CommaFeed on the combination: one in canonical order, one redirected from another order: 2.
    await poll(200, "/tags/harbour+weather/rss.xml", COMMAFEED, "192.0.2.30");
    await poll(301, "/tags/weather+harbour/rss.xml", COMMAFEED, "192.0.2.31");
    await poll(200, "/tags/harbour+weather/rss.xml", COMMAFEED, "192.0.2.31");
    // Nextcloud News through the tag in another case: counted once it follows the 301.
    await poll(301, "/tags/Harbour/feed.json", NEXTCLOUD, "192.0.2.40");
    await poll(200, "/tags/harbour/feed.json", NEXTCLOUD, "192.0.2.40");
    // Thunderbird through the merged tag: counted at the survivor.
    await poll(301, "/tags/tides/atom.xml", THUNDERBIRD, "192.0.2.41");
    await poll(200, "/tags/harbour/atom.xml", THUNDERBIRD, "192.0.2.41");
    // curl and Wget on one address: two clients; curl again: none more; a trailing slash: 301.
    await poll(200, "/authors/ada-moss/rss.xml", "curl/8.5.0", "192.0.2.50");
    await poll(200, "/authors/ada-moss/rss.xml", "Wget/1.21.4", "192.0.2.50");
    await poll(200, "/authors/ada-moss/rss.xml", "curl/8.5.0", "192.0.2.50");
    await poll(301, "/authors/ada-moss/rss.xml/", "curl/8.5.0", "192.0.2.51");
    // feedparser on the "any" combination; the other order answers 301.
    await poll(200, "/tags/harbour,weather/atom.xml", FEEDPARSER, "192.0.2.70");
    await poll(301, "/tags/weather,harbour/atom.xml", FEEDPARSER, "192.0.2.71");
    // Miniflux on the weather tag with a tracking query: the same feed, 1.
    await poll(200, "/tags/weather/rss.xml?utm_source=reader", MINIFLUX, "203.0.113.10");
    // Behind a local server's loopback address, X-Real-IP names the client when X-Forwarded-For does not: 2.
    await poll(200, "/tags/weather/atom.xml", NEWSBOAT, "127.0.0.1", { "X-Real-IP": "192.0.2.84" });
    await poll(200, "/tags/weather/atom.xml", NEWSBOAT, "127.0.0.1", { "X-Real-IP": "192.0.2.85" });
    await poll(200, "/tags/weather/atom.xml", NEWSBOAT, "127.0.0.1", { "X-Real-IP": "192.0.2.85" });
    // Vienna opened once in a frame (a person looking), then polling: 1.
    await poll(200, "/tags/weather/feed.json", VIENNA, "192.0.2.80", { "Sec-Fetch-Dest": "iframe" });
    await poll(200, "/tags/weather/feed.json", VIENNA, "192.0.2.80");
    // A reader in a browser page fetching with CORS: 1; the same browser navigating, or with no Sec-Fetch at all: none.
    await poll(200, "/tags/weather/feed.json", CHROME, "192.0.2.81", {
      "Sec-Fetch-Mode": "cors",
      "Sec-Fetch-Dest": "empty",
    });
    await poll(200, "/tags/weather/feed.json", CHROME, "192.0.2.82", {
      "Sec-Fetch-Mode": "navigate",
      "Sec-Fetch-Dest": "document",
    });
    await poll(200, "/tags/weather/feed.json", CHROME, "192.0.2.83");

    // Nobody: crawlers, validators, link checkers and monitors on every kind of feed; people's browsers.
    for (const [i, agent] of NOBODY.entries()) {
      for (const path of [
        "/rss.xml",
        "/tags/harbour/atom.xml",
        "/tags/harbour+weather/rss.xml",
        "/authors/ada-moss/feed.json",
      ]) {
        await poll(200, path, agent, `66.249.0.${i}`);
      }
    }
    await poll(
      200,
      "/rss.xml",
      "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
      "192.0.2.90",
      {
        "Sec-Fetch-Mode": "navigate",
        "Sec-Fetch-Dest": "document",
      },
    );
    await poll(
      200,
      "/atom.xml",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
      "192.0.2.91",
      {
        "Sec-Fetch-Dest": "document",
      },
    );
    // Not subscriptions: archive pages, pages, the OPML, the sitemap, a retired tag (410), an unknown one (404).
    const notSubscriptions: [number, string, string][] = [
      [200, "/tags/harbour/archive/1/rss.xml", TTRSS],
      [200, "/archive/1/atom.xml", TTRSS],
      [200, "/tags/harbour", MINIFLUX],
      [200, "/feeds.opml", MINIFLUX],
      [200, "/sitemap.xml", MINIFLUX],
      [410, "/tags/ferries/rss.xml", MINIFLUX],
      [404, "/tags/nowhere/rss.xml", MINIFLUX],
    ];
    for (const [status, path, agent] of notSubscriptions) await poll(status, path, agent, "192.0.2.60");
    const report = await statsJson(isolates[0]!);
    expect(report.today).toBe(DAY);
    const feeds = new Map(report.feeds.map((feed) => [feed.feed, feed]));
    expect([...feeds.keys()].sort()).toEqual(
      [
        "authors/ada-moss",
        "site",
        "tags/harbour",
        "tags/harbour+weather",
        "tags/harbour,weather",
        "tags/weather",
      ].sort(),
    );
    const other = "other readers";
    const formats = (feed: string) => feeds.get(feed)?.formats;
    const today = (feed: string): Pick<FeedReport, "subscribers" | "readers"> | undefined => {
      const found = feeds.get(feed);
      return found && { subscribers: found.subscribers, readers: found.readers };
    };

    // The site: RSS 55 + Miniflux 3, FreshRSS, newsboat, no User-Agent; Atom 9 + FreshRSS; JSON 6 + NetNewsWire.
    expect(formats("site")).toEqual({
      rss: { subscribers: 61, readers: { Feedly: 55, [other]: 6 } },
      atom: { subscribers: 10, readers: { Inoreader: 9, [other]: 1 } },
      json: { subscribers: 7, readers: { Feedbin: 6, [other]: 1 } },
    });
    // Together FreshRSS is one client: 7 other readers, not 8.
    expect(today("site")).toEqual({ subscribers: 77, readers: { Feedly: 55, Inoreader: 9, Feedbin: 6, [other]: 7 } });
    expect(formats("tags/harbour")).toEqual({
      rss: { subscribers: 17, readers: { NewsBlur: 17 } },
      atom: { subscribers: 6, readers: { "The Old Reader": 5, [other]: 1 } },
      json: { subscribers: 1, readers: { [other]: 1 } },
    });
    expect(today("tags/harbour")).toEqual({
      subscribers: 24,
      readers: { NewsBlur: 17, "The Old Reader": 5, [other]: 2 },
    });
    expect(formats("tags/weather")).toEqual({
      rss: { subscribers: 9, readers: { BazQux: 8, [other]: 1 } },
      atom: { subscribers: 2, readers: { [other]: 2 } },
      json: { subscribers: 2, readers: { [other]: 2 } },
    });
    expect(today("tags/weather")?.subscribers).toBe(13);
    expect(today("tags/harbour+weather")).toEqual({ subscribers: 5, readers: { Feedly: 3, [other]: 2 } });
    expect(today("tags/harbour,weather")).toEqual({ subscribers: 1, readers: { [other]: 1 } });
    expect(formats("authors/ada-moss")).toEqual({
      rss: { subscribers: 2, readers: { [other]: 2 } },
      atom: { subscribers: 2, readers: { FeedHQ: 2 } },
      json: { subscribers: 0, readers: {} },
    });
    expect(report.feeds.map((feed) => [feed.feed, feed.history.at(-1)?.subscribers])).toEqual([
      ["site", 77],
      ["tags/harbour", 24],
      ["tags/weather", 13],
      ["tags/harbour+weather", 5],
      ["authors/ada-moss", 4],
      ["tags/harbour,weather", 1],
    ]);
    expect(report.top).toEqual({
      tags: ["tags/harbour", "tags/weather"],
      authors: ["authors/ada-moss"],
      combinations: ["tags/harbour+weather", "tags/harbour,weather"],
    });
    for (const isolate of isolates) expect(isolate.logged).toEqual([]);
  });
});
