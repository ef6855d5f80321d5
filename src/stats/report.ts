/**
 * The subscriber report /stats and /stats.json show, and `npm run stats` prints: for
 * every feed counted in the last 90 days, today's subscribers (all formats together,
 * each format apart, split by reader) and each day's total, and the most-followed tags,
 * authors and combinations. How a day's figure is made (docs/stats.md): each cloud
 * reader's highest figure per feed id, summed over its feed ids and over the formats,
 * plus the distinct other clients (over all formats for the total).
 */
import type { FeedFormat } from "../model/types";
import { ALL_FORMATS, type ClientFigure, HISTORY_DAYS, isoDay, type PastSeries, type ReaderFigure } from "./store";

/** Other readers, which poll for one person each: the name of their share in a split by reader. */
export const OTHER_READERS = "other readers";

export interface Subscribers {
  subscribers: number;
  /** By reader: cloud readers by name, and OTHER_READERS. */
  readers: Record<string, number>;
}

export interface FeedReport extends Subscribers {
  /** The scope's key: `site`, `tags/<slug>`, `tags/<a>+<b>`, `tags/<a>,<b>`, `authors/<slug>`. */
  feed: string;
  kind: "site" | "tag" | "author" | "combination";
  /** Today, each format apart. */
  formats: Record<FeedFormat, Subscribers>;
  /** Every day of the window, oldest first: the day (YYYY-MM-DD) and its total. */
  history: { day: string; subscribers: number }[];
  /** True when a day in the window was past its write budget, so its clients were sampled (an estimate). */
  sampled: boolean;
}

export interface StatsReport {
  /** Today, UTC. */
  today: string;
  days: number;
  /** Today's subscribers of every feed counted in the window, most followed first. */
  feeds: FeedReport[];
  /** The keys of the most-followed tags, authors and combinations (at most 10 each). */
  top: { tags: string[]; authors: string[]; combinations: string[] };
}

export function feedKind(feed: string): FeedReport["kind"] {
  if (feed === "site") return "site";
  if (feed.startsWith("authors/")) return "author";
  return /[+,]/.test(feed) ? "combination" : "tag";
}

function empty(): Subscribers {
  return { subscribers: 0, readers: {} };
}

function add(into: Subscribers, reader: string, count: number): void {
  if (count <= 0) return;
  into.subscribers += count;
  into.readers[reader] = (into.readers[reader] ?? 0) + count;
}

/** A feed's days before today in the window, oldest first, as the report and its chart show them. */
export interface PastFeed {
  /** The total of each of the window's days before today (0 when nobody polled). */
  values: number[];
  /** The highest of them. */
  peak: number;
  sampled: boolean;
}

/** The window's past days, per feed: D1's one row per feed (store.ts readPast) decoded once per isolate and day. */
export function pastFeeds(rows: readonly PastSeries[], today: number, days = HISTORY_DAYS): Map<string, PastFeed> {
  const from = today - days + 1;
  const feeds = new Map<string, PastFeed>();
  for (const row of rows) {
    const values = new Array<number>(days - 1).fill(0);
    let peak = 0;
    for (const pair of String(row.days ?? "").split(",")) {
      const colon = pair.indexOf(":");
      const day = Number(pair.slice(0, colon));
      const total = Number(pair.slice(colon + 1));
      if (colon < 0 || day < from || day >= today || !(total > 0)) continue;
      values[day - from] = total;
      if (total > peak) peak = total;
    }
    feeds.set(row.feed, { values, peak, sampled: Boolean(Number(row.sampled)) });
  }
  return feeds;
}

/** A feed as the report shows it today, before its history is spelled out day by day. */
export interface FeedToday extends Subscribers {
  feed: string;
  kind: FeedReport["kind"];
  formats: Record<FeedFormat, Subscribers>;
  past: PastFeed | undefined;
  sampled: boolean;
}

/** The report of a day, with each feed's history kept as numbers (snapshot.ts serializes it without the 90,000 objects). */
export interface ReportSnapshot {
  today: number;
  days: number;
  feeds: FeedToday[];
  top: StatsReport["top"];
}

/** The report of `today` from the past days (pastFeeds) and today's figures (store.ts readToday). */
export function assembleReport(
  today: number,
  past: ReadonlyMap<string, PastFeed>,
  figures: { clients: readonly ClientFigure[]; readers: readonly ReaderFigure[] },
  days = HISTORY_DAYS,
): ReportSnapshot {
  const byFeed = new Map<string, FeedToday>();
  const at = (feed: string): FeedToday => {
    let found = byFeed.get(feed);
    if (!found) {
      const formats = { rss: empty(), atom: empty(), json: empty() };
      const known = past.get(feed);
      found = { feed, kind: feedKind(feed), ...empty(), formats, past: known, sampled: known?.sampled ?? false };
      byFeed.set(feed, found);
    }
    return found;
  };
  for (const feed of past.keys()) at(feed);
  for (const row of figures.clients) {
    if (row.day !== today) continue;
    const feed = at(row.feed);
    const format = row.format as FeedFormat | typeof ALL_FORMATS;
    add(format === ALL_FORMATS ? feed : feed.formats[format], OTHER_READERS, Number(row.clients));
    if (Number(row.sampled)) feed.sampled = true;
  }
  for (const row of figures.readers) {
    if (row.day !== today) continue;
    const feed = at(row.feed);
    const count = Number(row.subscribers);
    add(feed.formats[row.format as FeedFormat], row.reader, count);
    // Each format's figures are other feeds to the reader (other URLs, other feed ids): together they add up.
    add(feed, row.reader, count);
  }
  const feeds = [...byFeed.values()];
  feeds.sort((a, b) => b.subscribers - a.subscribers || peakOf(b) - peakOf(a) || (a.feed < b.feed ? -1 : 1));
  const topOf = (kind: FeedReport["kind"]) =>
    feeds
      .filter((feed) => feed.kind === kind && feed.subscribers > 0)
      .slice(0, 10)
      .map((feed) => feed.feed);
  return {
    today,
    days,
    feeds,
    top: { tags: topOf("tag"), authors: topOf("author"), combinations: topOf("combination") },
  };
}

/** The highest total of a feed's window, today's included. */
export function peakOf(feed: FeedToday): number {
  return Math.max(feed.subscribers, feed.past?.peak ?? 0);
}

/** Every day of the window's name, oldest first: written once per day, shared by every feed. */
export function windowDays(today: number, days = HISTORY_DAYS): string[] {
  return Array.from({ length: days }, (_, i) => isoDay(today - days + 1 + i));
}

/** A feed's totals over the window, oldest first, today last. */
export function historyValues(feed: FeedToday, days = HISTORY_DAYS): number[] {
  return [...(feed.past?.values ?? new Array<number>(days - 1).fill(0)), feed.subscribers];
}

/** The report as /stats.json serves it, each day of each feed's history an object. */
export function toReport(snapshot: ReportSnapshot): StatsReport {
  const names = windowDays(snapshot.today, snapshot.days);
  return {
    today: isoDay(snapshot.today),
    days: snapshot.days,
    feeds: snapshot.feeds.map(({ feed, kind, subscribers, readers, formats, sampled }, i) => ({
      feed,
      kind,
      subscribers,
      readers,
      formats,
      history: historyValues(snapshot.feeds[i]!, snapshot.days).map((value, day) => ({
        day: names[day] ?? "",
        subscribers: value,
      })),
      sampled,
    })),
    top: snapshot.top,
  };
}

/** The report of `today` (a day number) from every figure of the window ending on it, as rows. */
export function buildReport(
  today: number,
  figures: { clients: ClientFigure[]; readers: ReaderFigure[] },
  days = HISTORY_DAYS,
): StatsReport {
  return toReport(snapshotOf(today, figures, days));
}

/** The same report as a snapshot, the past days summed as store.ts readPast sums them in D1. */
export function snapshotOf(
  today: number,
  figures: { clients: ClientFigure[]; readers: ReaderFigure[] },
  days = HISTORY_DAYS,
): ReportSnapshot {
  const from = today - days + 1;
  // The past days' totals per feed, as readPast sums them in D1.
  const totals = new Map<string, Map<number, number>>();
  const sampled = new Set<string>();
  const count = (feed: string, day: number, value: number) => {
    let feedDays = totals.get(feed);
    if (!feedDays) totals.set(feed, (feedDays = new Map()));
    feedDays.set(day, (feedDays.get(day) ?? 0) + value);
  };
  for (const row of figures.clients) {
    if (row.day < from || row.day >= today) continue;
    if (row.format === ALL_FORMATS) count(row.feed, row.day, Number(row.clients));
    if (Number(row.sampled)) sampled.add(row.feed);
  }
  for (const row of figures.readers) {
    if (row.day >= from && row.day < today) count(row.feed, row.day, Number(row.subscribers));
  }
  const rows: PastSeries[] = [...totals].map(([feed, feedDays]) => ({
    feed,
    days: [...feedDays].map(([day, total]) => `${day}:${total}`).join(","),
    sampled: sampled.has(feed) ? 1 : 0,
  }));
  return assembleReport(today, pastFeeds(rows, today, days), figures, days);
}
