/**
 * The subscriber report /stats and /stats.json show, and `npm run stats` prints: for
 * every feed counted in the last 90 days, today's subscribers (all formats together,
 * each format apart, split by reader) and each day's total, and the most-followed tags,
 * authors and combinations. How a day's figure is made (docs/stats.md): each cloud
 * reader's highest figure per feed id, summed over its feed ids and over the formats,
 * plus the distinct other clients (over all formats for the total).
 */
import type { FeedFormat } from "../model/types";
import { FEED_FORMATS } from "../model/formats";
import { ALL_FORMATS, type ClientFigure, HISTORY_DAYS, isoDay, type ReaderFigure } from "./store";

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

/** The report of `today` (a day number) from the figures of the window ending on it. */
export function buildReport(
  today: number,
  figures: { clients: ClientFigure[]; readers: ReaderFigure[] },
  days = HISTORY_DAYS,
): StatsReport {
  const from = today - days + 1;
  // feed → day → format (or ALL_FORMATS) → subscribers.
  const byFeed = new Map<string, Map<number, Map<string, Subscribers>>>();
  const sampled = new Set<string>();
  const at = (feed: string, day: number, format: string): Subscribers => {
    let feedDays = byFeed.get(feed);
    if (!feedDays) byFeed.set(feed, (feedDays = new Map()));
    let formats = feedDays.get(day);
    if (!formats) feedDays.set(day, (formats = new Map()));
    let figure = formats.get(format);
    if (!figure) formats.set(format, (figure = empty()));
    return figure;
  };
  for (const row of figures.clients) {
    if (row.day < from || row.day > today) continue;
    add(at(row.feed, row.day, row.format), OTHER_READERS, Number(row.clients));
    if (Number(row.sampled)) sampled.add(row.feed);
  }
  for (const row of figures.readers) {
    if (row.day < from || row.day > today) continue;
    const count = Number(row.subscribers);
    add(at(row.feed, row.day, row.format), row.reader, count);
    // Each format's figures are other feeds to the reader (other URLs, other feed ids): together they add up.
    add(at(row.feed, row.day, ALL_FORMATS), row.reader, count);
  }
  // Written once for the window, shared by every feed's history.
  const dayNames = Array.from({ length: days }, (_, i) => isoDay(from + i));
  const feeds: FeedReport[] = [];
  for (const [feed, feedDays] of byFeed) {
    const now = feedDays.get(today);
    const total = now?.get(ALL_FORMATS) ?? empty();
    const formats = Object.fromEntries(FEED_FORMATS.map((format) => [format, now?.get(format) ?? empty()])) as Record<
      FeedFormat,
      Subscribers
    >;
    const history = dayNames.map((name, i) => ({
      day: name,
      subscribers: feedDays.get(from + i)?.get(ALL_FORMATS)?.subscribers ?? 0,
    }));
    feeds.push({ feed, kind: feedKind(feed), ...total, formats, history, sampled: sampled.has(feed) });
  }
  feeds.sort((a, b) => b.subscribers - a.subscribers || peak(b) - peak(a) || (a.feed < b.feed ? -1 : 1));
  const topOf = (kind: FeedReport["kind"]) =>
    feeds
      .filter((report) => report.kind === kind && report.subscribers > 0)
      .slice(0, 10)
      .map((report) => report.feed);
  return {
    today: isoDay(today),
    days,
    feeds,
    top: { tags: topOf("tag"), authors: topOf("author"), combinations: topOf("combination") },
  };
}

function peak(report: FeedReport): number {
  return Math.max(0, ...report.history.map((day) => day.subscribers));
}
