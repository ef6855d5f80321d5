/**
 * The subscriber counts in D1 (schema: migrations/0001_subscribers.sql): the statements
 * that write a day's polls, the daily roll-up that sums a finished day's clients and
 * forgets them, and the reads the stats page is made from. Every figure here is per UTC
 * day, per feed (its scope's key) and per format.
 */
import type { StatsDatabase, StatsStatement } from "../env";

export const DAY_MS = 86_400_000;
/** Days a day's figures are kept after it, then deleted: a year and a month, for a year-on-year look. */
export const RETENTION_DAYS = 400;
/** The stats page's window. */
export const HISTORY_DAYS = 90;
/** The "all formats together" row of a feed in stats_totals. */
export const ALL_FORMATS = "*";

export function dayOf(now: number): number {
  return Math.floor(now / DAY_MS);
}

export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * What the first write of a day runs, in one transaction: finished days' clients summed
 * into stats_totals (per format, and distinct clients over all formats) and deleted,
 * with their salts; figures older than the retention deleted; today's salt made unless
 * another isolate made it first, then read.
 */
export function openDay(db: StatsDatabase, day: number, freshSalt: string): StatsStatement[] {
  const oldest = day - RETENTION_DAYS;
  return [
    db
      .prepare(
        `INSERT INTO stats_totals (day, feed, format, clients)
         SELECT day, feed, format, SUM(weight) FROM stats_clients WHERE day < ?1 GROUP BY day, feed, format
         ON CONFLICT (day, feed, format) DO UPDATE SET clients = clients + excluded.clients`,
      )
      .bind(day),
    db
      .prepare(
        `INSERT INTO stats_totals (day, feed, format, clients)
         SELECT day, feed, '${ALL_FORMATS}', SUM(weight) FROM (
           SELECT day, feed, client, MAX(weight) AS weight FROM stats_clients WHERE day < ?1 GROUP BY day, feed, client
         ) WHERE true GROUP BY day, feed
         ON CONFLICT (day, feed, format) DO UPDATE SET clients = clients + excluded.clients`,
      )
      .bind(day),
    db.prepare("DELETE FROM stats_clients WHERE day < ?1").bind(day),
    db.prepare("DELETE FROM stats_salts WHERE day < ?1").bind(day),
    db.prepare("DELETE FROM stats_totals WHERE day < ?1").bind(oldest),
    db.prepare("DELETE FROM stats_readers WHERE day < ?1").bind(oldest),
    db.prepare("INSERT OR IGNORE INTO stats_salts (day, salt, pairs) VALUES (?1, ?2, 0)").bind(day, freshSalt),
    daySalt(db, day),
  ];
}

/** The day's salt and gauge: there once the day is open (its first poll summed up the days before it). */
export function daySalt(db: StatsDatabase, day: number): StatsStatement {
  return db.prepare("SELECT salt, pairs FROM stats_salts WHERE day = ?1").bind(day);
}

/** One client's poll of a feed on a day (ignored when the pair is already there). */
export function clientRow(
  db: StatsDatabase,
  day: number,
  feed: string,
  format: string,
  client: string,
  weight: number,
): StatsStatement {
  return db
    .prepare("INSERT OR IGNORE INTO stats_clients (day, feed, format, client, weight) VALUES (?1, ?2, ?3, ?4, ?5)")
    .bind(day, feed, format, client, weight);
}

/** Adds `pairs` to the day's gauge and reads the day's total back. */
export function reportPairs(db: StatsDatabase, day: number, pairs: number): StatsStatement {
  return db.prepare("UPDATE stats_salts SET pairs = pairs + ?2 WHERE day = ?1 RETURNING pairs").bind(day, pairs);
}

/** A cloud reader's figure: kept when it is the day's highest for that reader and feed id. */
export function readerRow(
  db: StatsDatabase,
  day: number,
  feed: string,
  format: string,
  reader: string,
  feedId: string,
  subscribers: number,
): StatsStatement {
  return db
    .prepare(
      `INSERT INTO stats_readers (day, feed, format, reader, feed_id, subscribers) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
       ON CONFLICT (day, feed, format, reader, feed_id) DO UPDATE SET subscribers = max(subscribers, excluded.subscribers)`,
    )
    .bind(day, feed, format, reader, feedId, subscribers);
}

/** A feed's clients on a day in one format (or ALL_FORMATS), and whether sampling weighed any of them. */
export interface ClientFigure {
  day: number;
  feed: string;
  format: string;
  clients: number;
  sampled: number;
}

/** A cloud reader's figure on a day, summed over its feed ids. */
export interface ReaderFigure {
  day: number;
  feed: string;
  format: string;
  reader: string;
  subscribers: number;
}

/**
 * What changes whenever a figure of the window changes, today's apart from the past
 * days'. Today: its client rows (only ever added) and its cloud figures (only ever
 * rising). The past: days before yesterday no longer change; the first poll of a day
 * sums up the days before it and makes the day's salt in one transaction, so whether
 * today's salt exists, the client rows left before today (late writes, or a day not yet
 * summed up) and yesterday's cloud figures say it all. Small reads over today's and
 * yesterday's rows only, so a stats page whose figures have not changed is served from
 * memory.
 */
export async function readVersions(
  db: StatsDatabase,
  from: number,
  today: number,
): Promise<{ past: string; today: string }> {
  const [result] = await db.batch([
    db
      .prepare(
        `SELECT
           (SELECT COUNT(*) FROM stats_clients WHERE day = ?1) AS todayClients,
           (SELECT COUNT(*) || '/' || TOTAL(subscribers) FROM stats_readers WHERE day = ?1) AS todayReaders,
           (SELECT COUNT(*) FROM stats_salts WHERE day = ?1) AS summedUp,
           (SELECT COUNT(*) FROM stats_clients WHERE day < ?1) AS pastClients,
           (SELECT COUNT(*) || '/' || TOTAL(subscribers) FROM stats_readers WHERE day = ?1 - 1) AS yesterdayReaders`,
      )
      .bind(today),
  ]);
  const row = (result?.results?.[0] ?? {}) as Record<string, unknown>;
  return {
    past: `${from} ${String(row.summedUp)} ${String(row.pastClients)} ${String(row.yesterdayReaders)}`,
    today: `${today} ${String(row.todayClients)} ${String(row.todayReaders)}`,
  };
}

/** Today's figures: each feed's clients per format and over all formats, and each cloud reader's figure. */
export async function readToday(
  db: StatsDatabase,
  today: number,
): Promise<{ clients: ClientFigure[]; readers: ReaderFigure[] }> {
  const [perFormat, together, readers] = await db.batch([
    db
      .prepare(
        `SELECT day, feed, format, SUM(weight) AS clients, MAX(weight) > 1 AS sampled
         FROM stats_clients WHERE day = ?1 GROUP BY feed, format`,
      )
      .bind(today),
    db
      .prepare(
        `SELECT day, feed, '${ALL_FORMATS}' AS format, SUM(weight) AS clients, MAX(weight) > 1 AS sampled FROM (
           SELECT day, feed, client, MAX(weight) AS weight FROM stats_clients WHERE day = ?1 GROUP BY feed, client
         ) GROUP BY feed`,
      )
      .bind(today),
    db
      .prepare(
        `SELECT day, feed, format, reader, SUM(subscribers) AS subscribers
         FROM stats_readers WHERE day = ?1 GROUP BY feed, format, reader`,
      )
      .bind(today),
  ]);
  return {
    clients: [...rows<ClientFigure>(perFormat), ...rows<ClientFigure>(together)],
    readers: rows<ReaderFigure>(readers),
  };
}

/** A feed's totals (all formats, every reader) on the days before today that had any, as D1 sums them. */
export interface PastSeries {
  feed: string;
  /** `day:total` pairs joined with commas. */
  days: string;
  /** Whether sampling weighed a client of one of those days. */
  sampled: number;
}

/**
 * The window's days before today, one row per feed (not one per feed and day: 90 days
 * of 1,000 feeds would be 90,000 rows to decode): days not yet summed up (still per
 * client) and summed ones alike, each cloud reader's figures added over formats.
 */
export async function readPast(db: StatsDatabase, from: number, today: number): Promise<PastSeries[]> {
  const [result] = await db.batch([
    db
      .prepare(
        `SELECT feed, group_concat(day || ':' || total, ',') AS days, MAX(sampled) AS sampled FROM (
           SELECT feed, day, SUM(n) AS total, MAX(sampled) AS sampled FROM (
             SELECT feed, day, clients AS n, 0 AS sampled FROM stats_totals
             WHERE day >= ?1 AND day < ?2 AND format = '${ALL_FORMATS}'
             UNION ALL
             SELECT feed, day, SUM(weight), MAX(weight) > 1 FROM (
               SELECT feed, day, client, MAX(weight) AS weight FROM stats_clients
               WHERE day >= ?1 AND day < ?2 GROUP BY day, feed, client
             ) GROUP BY day, feed
             UNION ALL
             SELECT feed, day, SUM(subscribers), 0 FROM stats_readers WHERE day >= ?1 AND day < ?2 GROUP BY day, feed
           ) GROUP BY feed, day
         ) GROUP BY feed`,
      )
      .bind(from, today),
  ]);
  return rows<PastSeries>(result);
}

function rows<T>(result: { results?: unknown[] } | undefined): T[] {
  return (result?.results ?? []) as T[];
}
