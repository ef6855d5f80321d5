/**
 * The subscriber report as /stats and /stats.json serve it, made cheap to serve again:
 * each isolate keeps the window's past days (read from D1 as one row per feed, once a
 * day or when a roll-up changes them), today's report while D1's version of today's
 * figures stays the same, and what was serialized from them: the bodies as bytes, each
 * feed's past history as JSON, each feed's chart while its figure for today holds. A
 * render then reads one small version row from D1 and, when something changed, only
 * today's figures; the past is never decoded twice in a day.
 */
import type { StatsDatabase } from "../env";
import { type FeedToday, type PastFeed, pastFeeds, assembleReport, type ReportSnapshot, windowDays } from "./report";
import { HISTORY_DAYS, isoDay, readPast, readToday, readVersions } from "./store";

/** The window's past days as this isolate read them, and what is derived from them alone. */
interface Past {
  key: string;
  feeds: Map<string, PastFeed>;
  /** The window's day names, oldest first. */
  names: string[];
  /** Per feed, its past days as JSON array entries, each followed by a comma. */
  historyJson: Map<string, string>;
  /** Per feed, its whole JSON as last written, and the figures of today it was written from. */
  feedJson: Map<string, { figures: string; json: string }>;
  /** The same for a feed with no past figure. */
  noHistoryJson: string;
  /** Per feed, its chart, drawn for today's figure `today`. */
  charts: Map<string, { today: number; svg: string }>;
}

export interface Served {
  snapshot: ReportSnapshot;
  /** /stats.json's body. */
  json(): string;
  /** A body made by `make` and encoded once for these figures, kept under `key` while they hold. */
  body(key: string, make: () => string): Uint8Array<ArrayBuffer>;
  /** A feed's chart (drawn by `draw` when its figure for today changed since the last). */
  chart(feed: FeedToday, draw: (values: number[], firstDay: string) => string): string;
}

function historyEntries(names: readonly string[], values: readonly number[]): string {
  let out = "";
  for (let i = 0; i < values.length; i++) out += `{"day":"${names[i]}","subscribers":${values[i]}},`;
  return out;
}

const encoder = new TextEncoder();

/** A body's UTF-8 bytes (TextEncoder always makes a fresh ArrayBuffer, never a shared one). */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text) as Uint8Array<ArrayBuffer>;
}

export class StatsSnapshots {
  private past?: Past;
  private current?: { key: string; snapshot: ReportSnapshot; bodies: Map<string, Uint8Array<ArrayBuffer>> };

  /** Today's report from `db`, read again only as far as D1 says it changed. */
  async read(db: StatsDatabase, today: number, days = HISTORY_DAYS): Promise<Served> {
    const from = today - days + 1;
    const versions = await readVersions(db, from, today);
    const pastKey = `${days} ${versions.past}`;
    const key = `${pastKey} ${versions.today}`;
    if (this.current?.key !== key) {
      const pastChanged = this.past?.key !== pastKey;
      const [pastRows, todayFigures] = await Promise.all([
        pastChanged ? readPast(db, from, today) : undefined,
        readToday(db, today),
      ]);
      let past = this.past;
      if (pastRows !== undefined || !past) {
        const names = windowDays(today, days);
        past = {
          key: pastKey,
          feeds: pastFeeds(pastRows ?? [], today, days),
          names,
          historyJson: new Map(),
          feedJson: new Map(),
          noHistoryJson: historyEntries(names, new Array<number>(days - 1).fill(0)),
          charts: new Map(),
        };
        this.past = past;
      }
      this.current = { key, snapshot: assembleReport(today, past.feeds, todayFigures, days), bodies: new Map() };
    }
    return this.served(this.past!, this.current);
  }

  private served(past: Past, current: NonNullable<StatsSnapshots["current"]>): Served {
    const { snapshot } = current;
    return {
      snapshot,
      json: () => this.json(past, snapshot),
      body: (key, make) => {
        let bytes = current.bodies.get(key);
        if (!bytes) {
          bytes = utf8(make());
          current.bodies.set(key, bytes);
        }
        return bytes;
      },
      chart: (feed, draw) => {
        const known = past.charts.get(feed.feed);
        if (known?.today === feed.subscribers) return known.svg;
        const svg = draw(
          [...(feed.past?.values ?? new Array<number>(snapshot.days - 1).fill(0)), feed.subscribers],
          past.names[0] ?? "",
        );
        past.charts.set(feed.feed, { today: feed.subscribers, svg });
        return svg;
      },
    };
  }

  private json(past: Past, snapshot: ReportSnapshot): string {
    return snapshotJson(
      snapshot,
      (feed) => {
        let history = past.historyJson.get(feed.feed);
        if (history === undefined) {
          history = feed.past ? historyEntries(past.names, feed.past.values) : past.noHistoryJson;
          if (feed.past) past.historyJson.set(feed.feed, history);
        }
        return history;
      },
      past.feedJson,
    );
  }
}

/**
 * The same text as JSON.stringify(toReport(snapshot)), with each feed's past days
 * (JSON array entries, each followed by a comma) from `pastJson`, which may have
 * written them once for the day.
 */
export function snapshotJson(
  snapshot: ReportSnapshot,
  pastJson: (feed: FeedToday) => string = (feed) =>
    historyEntries(
      windowDays(snapshot.today, snapshot.days),
      feed.past?.values ?? new Array<number>(snapshot.days - 1).fill(0),
    ),
  /** Each feed's JSON as last written, with what it was written from: reused while that holds. */
  written?: Map<string, { figures: string; json: string }>,
): string {
  const today = isoDay(snapshot.today);
  const feeds = snapshot.feeds.map((feed) => {
    const counts = JSON.stringify({ subscribers: feed.subscribers, readers: feed.readers, formats: feed.formats });
    const figures = `${counts} ${feed.sampled}`;
    const known = written?.get(feed.feed);
    if (known?.figures === figures) return known.json;
    const json = `{"feed":${JSON.stringify(feed.feed)},"kind":"${feed.kind}",${counts.slice(1, -1)},"history":[${pastJson(feed)}{"day":"${today}","subscribers":${feed.subscribers}}],"sampled":${feed.sampled}}`;
    written?.set(feed.feed, { figures, json });
    return json;
  });
  return `{"today":"${today}","days":${snapshot.days},"feeds":[${feeds.join(",")}],"top":${JSON.stringify(snapshot.top)}}`;
}
