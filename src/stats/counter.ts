/**
 * Counting subscribers as feeds are served, at almost no cost to the request: the
 * worker hands each 200 or 304 answer of a subscription feed to `observe`, which
 * classifies the poller (user-agent.ts, remembered per User-Agent), drops what this
 * isolate has already counted today, and leaves the one D1 write a new (feed, client)
 * pair or a higher cloud figure needs to `waitUntil`, after the response. A client is
 * known in memory by a fast hash of its address and User-Agent, and in D1 by an HMAC
 * of them keyed with the day's random salt, which is deleted once the day is over: no
 * address is stored, and one day's clients cannot be linked to another's. When D1
 * fails, the count is dropped and the failure logged once; the feed never waits.
 */
import type { StatsDatabase, StatsStatement } from "../env";
import type { FeedFormat } from "../model/types";
import { clientRow, dayOf, daySalt, openDay, readerRow, reportPairs } from "./store";
import { classifyAgent, isNavigation, type Poller } from "./user-agent";

/** A subscription feed as counted: its scope's key and its format. */
export interface CountedFeed {
  scope: string;
  format: FeedFormat;
  /** `scope` and `format` joined: the key of the feed in this isolate's memory. */
  key: string;
}

export function countedFeed(scope: string, format: FeedFormat): CountedFeed {
  return { scope, format, key: `${scope}\u0000${format}` };
}

/** What a Worker's execution context gives us. */
export interface Deferrer {
  waitUntil(promise: Promise<unknown>): void;
}

/** The free plan's 100,000 D1 rows written a day, less room for cloud figures and roll-ups: two writes a pair (insert, later delete). */
export const DEFAULT_DAILY_PAIRS = 48_000;
/** An isolate adds its new pairs to the day's gauge in D1 every this many. */
const REPORT_EVERY = 50;
/** Classifications remembered, and (feed, client) pairs remembered per isolate, before starting afresh. */
const AGENTS_REMEMBERED = 2_000;
const PAIRS_REMEMBERED = 200_000;

/**
 * How sparsely clients are kept once `pairs` of the day's `budget` are written: every
 * one (level 0) up to two thirds of it, then one in 2^level, the level rising by one
 * every 1/24 of the budget; past the budget none (Infinity).
 */
export function samplingLevel(pairs: number, budget: number): number {
  const full = Math.floor((budget * 2) / 3);
  if (pairs < full) return 0;
  if (pairs >= budget) return Infinity;
  return 1 + Math.floor((pairs - full) / (budget / 24));
}

/** A 53-bit FNV-style hash of an address and a User-Agent: the in-memory name of a client (never written anywhere). */
function quickHash(address: string, userAgent: string): number {
  let low = 0x811c9dc5;
  let high = 0x01000193;
  // Both strings in one pass, a newline between them, without joining them into a new string.
  for (let i = 0, length = address.length + 1 + userAgent.length; i < length; i++) {
    const code =
      i < address.length
        ? address.charCodeAt(i)
        : i === address.length
          ? 10
          : userAgent.charCodeAt(i - address.length - 1);
    low = Math.imul(low ^ code, 0x01000193);
    high = Math.imul(high ^ code, 0x5bd1e995);
  }
  return (high >>> 0) * 0x200000 + ((low >>> 0) & 0x1fffff);
}

function hex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

const encoder = new TextEncoder();

/** The day's key and gauge, once D1 has answered. */
interface OpenDay {
  key: CryptoKey;
}

export class SubscriberCounter {
  private day = -1;
  /** Per feed, the quick hashes of the clients counted today. */
  private clients = new Map<string, Set<number>>();
  private pairsRemembered = 0;
  /** Per feed, reader and feed id, the highest figure written today. */
  private figures = new Map<string, number>();
  /** Each User-Agent's classification: sent without a Sec-Fetch-Mode, and with one. */
  private agents = new Map<string, Poller>();
  private fetchingAgents = new Map<string, Poller>();
  private opened?: Promise<OpenDay>;
  /** The day's pairs as D1 last said, and those this isolate wrote since. */
  private pairs = 0;
  private unreported = 0;
  private failing = false;

  constructor(
    private readonly log: (message: string, error: unknown) => void = console.error,
    /** (feed, client) pairs a day may write (STATS_DAILY_PAIRS). */
    public budget = DEFAULT_DAILY_PAIRS,
  ) {}

  /** Writes made to D1 by this isolate: the benchmark's figure. */
  writes = 0;

  /** Counts one answered poll of `feed`; never throws, never waits. */
  observe(request: Request, feed: CountedFeed, now: number, db: StatsDatabase, defer: Deferrer | undefined): void {
    try {
      const headers = request.headers;
      const fetchMode = headers.get("sec-fetch-mode");
      // A person opening the feed in a tab, whoever the User-Agent says it is: nothing to count.
      if (isNavigation(fetchMode, headers.get("sec-fetch-dest"))) return;
      const userAgent = headers.get("user-agent");
      // Who a User-Agent is depends on it and on whether a Sec-Fetch-Mode came with it: remembered per pair.
      const agents = fetchMode === null ? this.agents : this.fetchingAgents;
      const agentKey = userAgent ?? "";
      let poller = agents.get(agentKey);
      if (poller === undefined) {
        poller = classifyAgent(userAgent, fetchMode !== null);
        if (agents.size >= AGENTS_REMEMBERED) agents.clear();
        agents.set(agentKey, poller);
      }
      if (poller.kind === "crawler" || poller.kind === "browser") return;
      const day = dayOf(now);
      if (day !== this.day) this.startDay(day);
      const write =
        poller.kind === "cloud"
          ? this.cloudWrite(db, day, feed, poller)
          : this.clientWrite(db, day, feed, clientAddress(headers), userAgent ?? "");
      if (!write) return;
      const settled = write.then(
        () => {
          this.failing = false;
        },
        (error: unknown) => this.failed(error),
      );
      if (defer) defer.waitUntil(settled);
    } catch (error) {
      this.failed(error);
    }
  }

  private startDay(day: number): void {
    this.day = day;
    this.clients.clear();
    this.figures.clear();
    this.pairsRemembered = 0;
    this.opened = undefined;
    this.pairs = 0;
    this.unreported = 0;
  }

  private cloudWrite(
    db: StatsDatabase,
    day: number,
    feed: CountedFeed,
    { reader, feedId, subscribers }: Extract<Poller, { kind: "cloud" }>,
  ): Promise<void> | undefined {
    const key = `${feed.key}\u0000${reader}\u0000${feedId}`;
    const known = this.figures.get(key);
    if (known !== undefined && known >= subscribers) return undefined;
    this.figures.set(key, subscribers);
    return this.ready(db, day).then(async () => {
      this.writes++;
      await readerRow(db, day, feed.scope, feed.format, reader, feedId, subscribers).run();
    });
  }

  private clientWrite(
    db: StatsDatabase,
    day: number,
    feed: CountedFeed,
    address: string,
    userAgent: string,
  ): Promise<void> | undefined {
    let seen = this.clients.get(feed.key);
    if (!seen) {
      seen = new Set();
      this.clients.set(feed.key, seen);
    }
    const quick = quickHash(address, userAgent);
    if (seen.has(quick)) return undefined;
    if (this.pairsRemembered >= PAIRS_REMEMBERED) {
      // Forgetting costs only repeated writes, which D1 ignores; memory stays bounded.
      this.clients.clear();
      this.pairsRemembered = 0;
      seen = new Set();
      this.clients.set(feed.key, seen);
    }
    seen.add(quick);
    this.pairsRemembered++;
    return this.ready(db, day).then(async ({ key }) => {
      const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`${address}\n${userAgent}`)));
      const level = samplingLevel(this.pairs + this.unreported, this.budget);
      if (level === Infinity) return;
      // The MAC is uniform, so its low bits sample clients fairly, and the same client alike on every feed.
      const draw = ((mac[0] ?? 0) | ((mac[1] ?? 0) << 8) | ((mac[2] ?? 0) << 16)) >>> 0;
      if (level > 0 && draw % 2 ** level !== 0) return;
      const statements: StatsStatement[] = [
        clientRow(db, day, feed.scope, feed.format, hex(mac.subarray(8, 24)), 2 ** level),
      ];
      this.unreported++;
      const report = this.unreported >= REPORT_EVERY;
      if (report) statements.push(reportPairs(db, day, this.unreported));
      this.writes += statements.length;
      const results = await db.batch(statements);
      if (report) {
        this.unreported = 0;
        this.pairs = gauge(results[1]?.results?.[0]) ?? this.pairs;
      }
    });
  }

  /** The day opened in D1 (finished days summed up, today's salt read), once per isolate and day. */
  private ready(db: StatsDatabase, day: number): Promise<OpenDay> {
    this.opened ??= this.open(db, day).catch((error: unknown) => {
      // Try again on a later poll.
      this.opened = undefined;
      throw error;
    });
    return this.opened;
  }

  private async open(db: StatsDatabase, day: number): Promise<OpenDay> {
    // Most isolates start on a day another has opened already: one small read then, and no roll-up.
    let [known] = await db.batch([daySalt(db, day)]);
    let row = known?.results?.[0] as { salt?: string; pairs?: number } | undefined;
    if (typeof row?.salt !== "string") {
      const statements = openDay(db, day, hex(crypto.getRandomValues(new Uint8Array(32))));
      this.writes += statements.length - 1;
      known = (await db.batch(statements)).at(-1);
      row = known?.results?.[0] as { salt?: string; pairs?: number } | undefined;
    }
    if (typeof row?.salt !== "string") throw new Error("stats: no salt for today in stats_salts");
    if (this.day === day) this.pairs = row.pairs ?? 0;
    const key = await crypto.subtle.importKey(
      "raw",
      encoder.encode(row.salt),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    return { key };
  }

  private failed(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.log("edgefeed: subscriber counts are not being written (the feeds are served):", error);
  }
}

/**
 * The client's address: CF-Connecting-IP, which Cloudflare sets on every request. A
 * local server (wrangler dev, Miniflare) sets it to the loopback address when the
 * request has none: there a proxy's or a replay's X-Forwarded-For (its first address),
 * else its X-Real-IP, names the client.
 */
function clientAddress(headers: Headers): string {
  const address = headers.get("cf-connecting-ip") ?? "";
  if (address !== "" && address !== "127.0.0.1" && address !== "::1") return address;
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || address;
}

function gauge(row: unknown): number | undefined {
  const pairs = (row as { pairs?: unknown } | undefined)?.pairs;
  return typeof pairs === "number" ? pairs : undefined;
}
