/**
 * Who is polling a feed, from its request headers alone: a cloud reader that fetches
 * once for all its users and says how many in its User-Agent (Feedly, Inoreader,
 * Feedbin, NewsBlur, The Old Reader, BazQux, FeedHQ, Netvibes, and any other that
 * writes "N subscribers"); a crawler, link checker or monitor, which follows nobody; a
 * person's browser opening the feed as a page; or any other reader, which polls for
 * one person (Miniflux, FreshRSS, NetNewsWire, newsboat, CommaFeed, Nextcloud News…).
 * Pure functions of the strings, so they are tested on their own (docs/stats.md lists
 * exactly what each class is).
 */

export type Poller =
  /** Counts `subscribers` for `reader`, per `feedId` (empty when the reader gives none). */
  | { kind: "cloud"; reader: string; feedId: string; subscribers: number }
  /** Counts 1 per distinct client (address and User-Agent) per day. */
  | { kind: "client" }
  /** Counts nothing. */
  | { kind: "crawler" }
  | { kind: "browser" };

/**
 * A cloud reader we know by name: the word that names it (lowercase: looked for in the
 * lowercased string, with no regular expression to compile on an isolate's first poll),
 * and where its feed id is when it writes one.
 */
interface KnownReader {
  name: string;
  word: string;
  feedId?: RegExp;
}

const KNOWN_READERS: readonly KnownReader[] = [
  { name: "Feedly", word: "feedly" },
  { name: "Inoreader", word: "inoreader" },
  { name: "Feedbin", word: "feedbin", feedId: /feed-id:\s*(\d+)/i },
  { name: "NewsBlur", word: "newsblur", feedId: /newsblur\.com\/site\/(\d+)/i },
  { name: "The Old Reader", word: "theoldreader" },
  { name: "BazQux", word: "bazqux" },
  { name: "FeedHQ", word: "feedhq" },
  { name: "Netvibes", word: "netvibes" },
  { name: "Feedspot", word: "feedspot" },
  { name: "Google FeedFetcher", word: "feedfetcher-google" },
  { name: "Bloglovin", word: "bloglovin" },
  { name: "Feeder", word: "feeder.co" },
];

/** "462 subscribers", "1 subscriber", "1 subscribers"; the figure a cloud reader reports. */
const SUBSCRIBERS = /(\d{1,9})\s+subscribers?\b/i;
/** A feed id as readers write it: `feed-id:123`, `feed-id=abc`, `feedID: 9`, `feed_id=7`. */
const GENERIC_FEED_ID = /\bfeed[-_]?id\s*[:=]\s*([\w.-]{1,64})/i;

/**
 * Crawlers, archivers, link checkers, validators, monitors and previewers, by words of
 * their strings (lowercase), and `bot` as a word's end (Googlebot, bingbot/2.0,
 * Pingdom.com_bot_…). Matched only once no cloud reader has claimed the string (Netvibes
 * calls itself "crawler/bot").
 */
const CRAWLER_WORDS: readonly string[] = [
  // Search engines, archivers, AI and SEO crawlers.
  ...["crawl", "spider", "slurp", "archiver", "mediapartners-google", "apis-google", "google-inspectiontool"],
  ...["google-site-verification", "google-structured-data", "google-read-aloud", "google-extended"],
  // Link previews in chats and social networks.
  ...["facebookexternalhit", "embedly", "preview", "whatsapp", "skypeuri"],
  // Validators and link checkers.
  ...["validator", "w3c-", "w3c_", "checklink", "linkcheck", "link-check", "linkinator", "linkwalker", "xenu"],
  ...["screaming frog", "sitechecker"],
  // Uptime and synthetic monitors, load and speed tests.
  ...["uptime", "pingdom", "statuscake", "site24x7", "monitor", "pinger", "updown.io", "freshping", "hetrix"],
  ...["nodeping", "ohdear", "oh dear", "synthetics", "blackbox", "check_http", "zabbix", "nagios", "icinga"],
  ...["healthcheck", "lighthouse", "pagespeed", "gtmetrix"],
  // Headless browsers driven by scripts.
  ...["headlesschrome", "phantomjs"],
];
const BOT = /bot(?:\b|_)/;

function isCrawler(lower: string): boolean {
  return (lower.includes("bot") && BOT.test(lower)) || CRAWLER_WORDS.some((word) => lower.includes(word));
}

/** A browser's own User-Agent: what a person's click on a feed link sends when no Sec-Fetch header says so. */
const BROWSER = /^Mozilla\/5\.0 \([^)]*\) (?:AppleWebKit|Gecko)\/[\d.]+.*(?:Chrome|Firefox|Safari|Edg)\/[\d.]+/;
/** Mail clients that read feeds with a browser's engine (Thunderbird, SeaMonkey): subscribers, not a person looking. */
const MAIL_CLIENT = /\b(?:Thunderbird|SeaMonkey|Icedove|Betterbird)\//;

/** What a known or self-described cloud reader reports, or undefined for a string that is not one. */
export function cloudReader(
  userAgent: string,
  lower = userAgent.toLowerCase(),
): Extract<Poller, { kind: "cloud" }> | undefined {
  const known = KNOWN_READERS.find((reader) => lower.includes(reader.word));
  const figure = lower.includes("subscriber") ? SUBSCRIBERS.exec(userAgent) : null;
  if (!known && !figure) return undefined;
  const reader = known?.name ?? readerName(userAgent);
  const feedId = (known?.feedId ?? GENERIC_FEED_ID).exec(userAgent)?.[1] ?? GENERIC_FEED_ID.exec(userAgent)?.[1] ?? "";
  // A known cloud reader that leaves its figure out still polls for someone.
  const subscribers = figure ? Number(figure[1]) : 1;
  return { kind: "cloud", reader, feedId, subscribers };
}

/**
 * The name of a reader we do not know, from what it says of itself: the site in a
 * `compatible; site.example;` comment, else its product name (the words before its
 * version, comment or figure: `Feed Wrangler/1.0 (…)` is "Feed Wrangler").
 */
function readerName(userAgent: string): string {
  const compatible = /\(compatible;\s*([^;)]+)/i.exec(userAgent)?.[1]?.trim();
  const product = /^[^/;(]*?(?=\s*(?:\/|\(|;|\s-\s|\d+\s+subscribers?\b|$))/i.exec(userAgent)?.[0]?.trim();
  const name = compatible && !/^Mozilla/i.test(compatible) ? compatible : product || "unknown";
  // Bounded and free of the figure itself, so one reader is one name whatever it reports.
  return name.replace(/[/\s]v?[\d.]+$/, "").slice(0, 64);
}

/** The request headers that decide who is polling. */
export interface PollHeaders {
  userAgent: string | null;
  /** `Sec-Fetch-Mode`: `navigate` when a person opened the feed in a browser tab. */
  fetchMode: string | null;
  /** `Sec-Fetch-Dest`: `document` for the same. */
  fetchDest: string | null;
}

/** True when the request is a person opening the feed in a browser tab or frame, whatever its User-Agent says. */
export function isNavigation(fetchMode: string | null, fetchDest: string | null): boolean {
  return fetchMode === "navigate" || fetchDest === "document" || fetchDest === "iframe";
}

const CLIENT: Poller = { kind: "client" };
const CRAWLER_POLL: Poller = { kind: "crawler" };
const BROWSER_POLL: Poller = { kind: "browser" };

/**
 * Who a User-Agent is, for a request that is not a navigation; `secFetch` is whether
 * the request carried a `Sec-Fetch-Mode` (a browser's own string without one is an
 * older browser opening the feed; with one, a browser-based reader fetching it). A
 * function of these two alone, so the counter remembers it per User-Agent.
 */
export function classifyAgent(userAgent: string | null, secFetch: boolean): Poller {
  const agent = userAgent?.trim() ?? "";
  // A request with no User-Agent at all is a client (newsboat can be configured so).
  if (agent === "") return CLIENT;
  const lower = agent.toLowerCase();
  const cloud = cloudReader(agent, lower);
  if (cloud) return cloud;
  if (isCrawler(lower)) return CRAWLER_POLL;
  // A browser that sends no Sec-Fetch headers (older ones) opening the feed: a person looking, not a subscription.
  // Browser-based readers fetch with Sec-Fetch-Mode cors or no-cors, and are clients.
  if (!secFetch && lower.startsWith("mozilla/5.0 (") && BROWSER.test(agent) && !MAIL_CLIENT.test(agent)) {
    return BROWSER_POLL;
  }
  return CLIENT;
}

/** Classifies one poll. */
export function classifyPoll({ userAgent, fetchMode, fetchDest }: PollHeaders): Poller {
  if (isNavigation(fetchMode, fetchDest)) return BROWSER_POLL;
  return classifyAgent(userAgent, fetchMode !== null);
}
