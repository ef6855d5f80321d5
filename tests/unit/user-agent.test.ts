// Who polls a feed, from the headers alone: the cloud readers' own strings (issue 17's
// and others'), the readers that poll for one person, and what follows nobody.
import { describe, expect, it } from "vitest";
import { samplingLevel } from "../../src/stats/counter";
import { classifyPoll, type Poller } from "../../src/stats/user-agent";

const poll = (userAgent: string | null, fetchMode: string | null = null, fetchDest: string | null = null): Poller =>
  classifyPoll({ userAgent, fetchMode, fetchDest });

describe("cloud readers report their figure", () => {
  const cases: [string, string, string, number][] = [
    ["Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )", "Feedly", "", 462],
    ["Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)", "Inoreader", "", 114],
    ["Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 3 subscribers; )", "Inoreader", "", 3],
    ["Feedbin feed-id:1697787 - 102 subscribers", "Feedbin", "1697787", 102],
    ["Feedbin feed-id:42 - 1 subscriber", "Feedbin", "42", 1],
    [
      'NewsBlur Feed Fetcher - 27 subscribers - https://site.example/ ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.0 Safari/605.1.15")',
      "NewsBlur",
      "",
      27,
    ],
    [
      'NewsBlur Feed Fetcher - 5 subscribers - https://www.newsblur.com/site/6512/diplomacy-wire ("Mozilla/5.0")',
      "NewsBlur",
      "6512",
      5,
    ],
    [
      "Mozilla/5.0 (compatible; theoldreader.com; 1 subscribers; feed-id=5f2b1c0d9e8a)",
      "The Old Reader",
      "5f2b1c0d9e8a",
      1,
    ],
    ["Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; 8 subscribers)", "BazQux", "", 8],
    ["FeedHQ/1.0 (+https://feedhq.org/; 2 subscribers)", "FeedHQ", "", 2],
    ["Netvibes (crawler/bot; http://www.netvibes.com/; 12 subscribers; feedID: 998)", "Netvibes", "998", 12],
    [
      "Mozilla/5.0 (compatible; Feedspot/1.0 (+https://www.feedspot.com/fs/fetcher; like FeedFetcher-Google)",
      "Feedspot",
      "",
      1,
    ],
    ["Mozilla/5.0 (compatible; NewReader.example; 31 subscribers; feed-id=77)", "NewReader.example", "77", 31],
    ["Tumbleweed/3.2 (+https://tumbleweed.example; 6 subscribers)", "Tumbleweed", "", 6],
    // Spellings of the readers named in issue 17 that differ from the ones above.
    ["Mozilla/5.0 (compatible; Feedly/1.0; +https://feedly.com/poller.html; 16 subscribers)", "Feedly", "", 16],
    ["Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 1 subscriber; )", "Inoreader", "", 1],
    ["Mozilla/5.0 (compatible; Feedbin/2.0; feed-id:55; 4 subscribers)", "Feedbin", "55", 4],
    ["TheOldReader/1.0 (12 subscribers; feed_id=ab12)", "The Old Reader", "ab12", 12],
    ["BazQux/2.4 (+https://bazqux.com/fetcher; 1 subscriber)", "BazQux", "", 1],
    ["FeedHQ (feedhq.org; 3 subscribers)", "FeedHQ", "", 3],
    // Unknown readers are named by their product, without the version or the figure.
    ["Feed Wrangler/1.0 (4 subscribers; feed-id=99; http://feedwrangler.net)", "Feed Wrangler", "99", 4],
    ["Digg Feed Fetcher 1.0 (Digg/1.0; 9 subscribers)", "Digg Feed Fetcher", "", 9],
    ["Quiet Reader - 0 subscribers", "Quiet Reader", "", 0],
  ];
  it.each(cases)("%s", (agent, reader, feedId, subscribers) => {
    expect(poll(agent)).toEqual({ kind: "cloud", reader, feedId, subscribers });
  });
});

describe("readers that poll for one person count as one client", () => {
  const agents = [
    "Mozilla/5.0 (compatible; Miniflux/2.1.3; +https://miniflux.app)",
    "FreshRSS/1.24.1 (Linux; https://freshrss.org)",
    "NetNewsWire (RSS Reader; https://netnewswire.com/)",
    "newsboat/2.36.0 (Linux x86_64)",
    "CommaFeed/4.6.0 (https://github.com/Athou/commafeed)",
    "NextCloud-News/1.0",
    "Tiny Tiny RSS/24.05 (https://tt-rss.org/)",
    "feedparser/6.0.11 +https://github.com/kurtmckee/feedparser/",
    "Reeder/5050001 CFNetwork/1490.0.4 Darwin/23.2.0",
    "curl/8.5.0",
    "Wget/1.21.4",
    "python-requests/2.31.0",
    // Mail clients with a browser's engine read feeds as subscriptions.
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0 Thunderbird/115.3.1",
  ];
  it.each(agents)("%s", (agent) => {
    expect(poll(agent)).toEqual({ kind: "client" });
  });

  it("a browser-based reader fetching with CORS is a client; no User-Agent at all is one too", () => {
    const chrome =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    expect(poll(chrome, "cors", "empty")).toEqual({ kind: "client" });
    expect(poll(null)).toEqual({ kind: "client" });
  });
});

describe("what follows nobody", () => {
  const crawlers = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "W3C-checklink/5.0.0 libwww-perl/6.77",
    "LinkChecker/10.5 (+https://linkchecker.github.io/linkchecker/)",
    "FeedValidator/1.3",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "W3C_Validator/1.3 http://validator.w3.org/services",
    "W3C-mobileOK/DDC-1.0 (see http://www.w3.org/2006/07/mobileok-ddc)",
    "Mozilla/5.0 (compatible; Google-InspectionTool/1.0)",
    "WhatsApp/2.23.20.0",
    "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
    "updown.io daemon 2.11",
    "NewRelicPinger/1.0 (12345)",
    "Datadog/Synthetics",
    "Mozilla/5.0 (compatible; Uptime-Kuma/1.23.11)",
  ];
  it.each(crawlers)("crawler: %s", (agent) => {
    expect(poll(agent).kind).toBe("crawler");
  });

  it("a person's browser opening the feed", () => {
    const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    expect(poll(firefox, "navigate", "document")).toEqual({ kind: "browser" });
    // Even a reader's string, when the request is a navigation: a person clicked.
    expect(poll("Feedly/1.0 (+http://www.feedly.com/fetcher.html; 4 subscribers; )", "navigate")).toEqual({
      kind: "browser",
    });
    // An older browser that sends no Sec-Fetch headers.
    expect(poll(firefox)).toEqual({ kind: "browser" });
    // A frame or a document without Sec-Fetch-Mode is a person too; the same string with no header says nothing more.
    expect(poll("NetNewsWire (RSS Reader; https://netnewswire.com/)", null, "iframe")).toEqual({ kind: "browser" });
    expect(poll("NetNewsWire (RSS Reader; https://netnewswire.com/)")).toEqual({ kind: "client" });
  });
});

describe("sampling past the day's write budget", () => {
  it("keeps every client up to two thirds of the budget, then fewer, then none", () => {
    expect(samplingLevel(0, 48_000)).toBe(0);
    expect(samplingLevel(31_999, 48_000)).toBe(0);
    expect(samplingLevel(32_000, 48_000)).toBe(1);
    expect(samplingLevel(34_000, 48_000)).toBe(2);
    expect(samplingLevel(47_999, 48_000)).toBe(8);
    expect(samplingLevel(48_000, 48_000)).toBe(Infinity);
  });
});
