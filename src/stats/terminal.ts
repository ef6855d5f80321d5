/**
 * The subscriber report as `npm run stats` prints it: one line per feed (today's
 * total, each format, the 90 days' peak, the split by reader), most followed first,
 * then the most-followed tags, authors and combinations. Plain text, columns padded.
 */
import { FEED_FORMATS } from "../model/formats";
import type { FeedReport, StatsReport } from "./report";

function readers(report: FeedReport): string {
  return Object.entries(report.readers)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([reader, count]) => `${reader} ${count}`)
    .join(", ");
}

export function reportTable(report: StatsReport, site: string): string {
  const head = ["feed", "today", ...FEED_FORMATS, `${report.days}-day peak`, "readers today"];
  const rows = report.feeds.map((feed) => [
    feed.sampled ? `${feed.feed} (sampled)` : feed.feed,
    String(feed.subscribers),
    ...FEED_FORMATS.map((format) => String(feed.formats[format].subscribers)),
    String(Math.max(0, ...feed.history.map((day) => day.subscribers))),
    readers(feed),
  ]);
  const widths = head.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 || column === cells.length - 1
          ? cell.padEnd(widths[column] ?? 0)
          : cell.padStart(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd();
  const top = (label: string, keys: string[]) => `${label}: ${keys.length > 0 ? keys.join(", ") : "none today"}`;
  return [
    `Subscribers of ${site} on ${report.today} (UTC), and over the last ${report.days} days`,
    "",
    ...(rows.length > 0
      ? [line(head), ...rows.map(line)]
      : [`No subscriber has polled a feed in the last ${report.days} days.`]),
    "",
    top("Most-followed tags", report.top.tags),
    top("Most-followed authors", report.top.authors),
    top("Most-followed combinations", report.top.combinations),
    "",
  ].join("\n");
}

/** STATS_TOKEN from a .dev.vars file (KEY=value lines, the value optionally quoted). */
export function tokenFromDevVars(text: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*STATS_TOKEN\s*=\s*(.*?)\s*$/.exec(line);
    if (match) return match[1]?.replace(/^(["'])(.*)\1$/, "$2");
  }
  return undefined;
}
