/**
 * The publisher's subscriber page (/stats): today's subscribers of every feed, each
 * format apart and split by reader, with the last 90 days as a chart drawn in SVG on
 * the server (readable without JavaScript: each chart also says its figures in words),
 * and the most-followed tags, authors and combinations. Never linked from another page.
 */
import { FEED_FORMATS, FORMAT_LABELS } from "../model/formats";
import { scopeName } from "../model/scope";
import type { CombinationScope, FeedScope, Tag } from "../model/types";
import { absoluteUrl, scopePagePath } from "../model/urls";
import type { Archive } from "../query/archive";
import { isoDay } from "../stats/store";
import type { FeedToday } from "../stats/report";
import type { Served } from "../stats/snapshot";
import { counted } from "../text/count";
import { escapeAttribute as attr, escapeText as text } from "../text/escape";
import { page } from "./pages";

/** The scope a counted feed's key names, as far as the archive still knows it (a removed tag keeps its slug). */
export function scopeOfFeed(archive: Archive, feed: string): FeedScope {
  if (feed === "site") return { kind: "site" };
  const [base = "", name = ""] = feed.split("/", 2);
  const tag = (slug: string): Tag => archive.tag(slug) ?? { slug, name: slug, declared: false, articles: [] };
  if (base === "authors") {
    return { kind: "author", author: archive.author(name) ?? { slug: name, name, declared: false, articles: [] } };
  }
  const mode: CombinationScope["mode"] | undefined = name.includes("+")
    ? "all"
    : name.includes(",")
      ? "any"
      : undefined;
  if (mode) return { kind: "combination", mode, tags: name.split(/[+,]/).map(tag) };
  return { kind: "tag", tag: tag(name) };
}

/** The feed's name as people know it. */
export function feedName(archive: Archive, feed: string): string {
  return scopeName(archive.site, scopeOfFeed(archive, feed));
}

const WIDTH = 180;
const HEIGHT = 40;

/** The window's days as a line over an area, scaled to the feed's own peak; the figures again in the label. */
function chart(values: readonly number[], name: string, firstDay: string): string {
  let most = 0;
  for (const value of values) if (value > most) most = value;
  const peak = Math.max(1, most);
  const step = values.length > 1 ? WIDTH / (values.length - 1) : WIDTH;
  let points = "";
  for (let i = 0; i < values.length; i++) {
    const y = Math.round((HEIGHT - ((values[i] ?? 0) / peak) * (HEIGHT - 2)) * 10) / 10;
    points += `${i === 0 ? "" : " "}${Math.round(i * step * 10) / 10},${y}`;
  }
  const label = `${name}: ${values.at(-1) ?? 0} subscribers today, ${most} at most over ${values.length} days since ${firstDay}`;
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${attr(label)}"><title>${text(label)}</title><polygon points="0,${HEIGHT} ${points} ${WIDTH},${HEIGHT}" fill="currentColor" fill-opacity="0.15"/><polyline points="${points}" fill="none" stroke="currentColor" stroke-width="1.5"/></svg>`;
}

function readersText(readers: Record<string, number>): string {
  const entries = Object.entries(readers).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (entries.length === 0) return "none";
  return entries.map(([reader, count]) => `${text(reader)} ${count}`).join(", ");
}

function feedRow(archive: Archive, served: Served, report: FeedToday): string {
  const name = feedName(archive, report.feed);
  const link = `<a href="${attr(scopePagePath(scopeOfFeed(archive, report.feed)))}">${text(name)}</a>`;
  const formats = FEED_FORMATS.map((format) => `<td>${report.formats[format].subscribers}</td>`).join("");
  const estimate = report.sampled ? ` <small>(sampled: an estimate)</small>` : "";
  const svg = served.chart(report, (values, firstDay) => chart(values, name, firstDay));
  return `<tr><th scope="row">${link}<br><small>${text(report.feed)}</small></th><td>${report.subscribers}${estimate}</td><td>${svg}</td>${formats}<td>${readersText(report.readers)}</td></tr>`;
}

function topList(archive: Archive, served: Served, keys: string[], heading: string, id: string): string {
  const byKey = new Map(served.snapshot.feeds.map((feed) => [feed.feed, feed]));
  const items = keys.map(
    (key) => `<li>${text(feedName(archive, key))}: ${counted(byKey.get(key)?.subscribers ?? 0, "subscriber")}</li>`,
  );
  const list = items.length > 0 ? `<ol>${items.join("")}</ol>` : "<p>None followed today yet.</p>";
  return `<section aria-labelledby="${id}"><h2 id="${id}">${text(heading)}</h2>${list}</section>`;
}

/** The page; `counting` is false when no STATS_DB is bound, and the page says how to turn counting on. */
export function statsPage(archive: Archive, origin: string, served: Served, counting: boolean): string {
  const report = { ...served.snapshot, today: isoDay(served.snapshot.today) };
  const formatHeads = FEED_FORMATS.map((format) => `<th scope="col">${FORMAT_LABELS[format]}</th>`).join("");
  const rows = report.feeds.map((feed) => feedRow(archive, served, feed)).join("\n");
  const table =
    report.feeds.length === 0
      ? `<p>No subscriber has polled a feed in the last ${report.days} days.</p>`
      : `<div class="table-scroll" role="region" aria-label="Every feed" tabindex="0"><table class="stats">
<caption>Subscribers of each feed today (${text(report.today)}, UTC), and each day of the last ${report.days}</caption>
<thead><tr><th scope="col">Feed</th><th scope="col">Today</th><th scope="col">Last ${report.days} days</th>${formatHeads}<th scope="col">By reader</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>`;
  const off = counting
    ? ""
    : `<p role="note">Counting is off: no <code>STATS_DB</code> database is bound (see docs/stats.md).</p>\n`;
  const body = `<h1>Subscribers</h1>
<p class="lead">Who follows each feed of ${text(archive.site.title)}: cloud readers by the figures they report, every other reader once a day. Only you can see this page.</p>
${off}${topList(archive, served, report.top.tags, "Most-followed tags", "top-tags")}
${topList(archive, served, report.top.authors, "Most-followed authors", "top-authors")}
${topList(archive, served, report.top.combinations, "Most-followed combinations", "top-combinations")}
<section aria-labelledby="every-feed"><h2 id="every-feed">Every feed</h2>
${table}
</section>`;
  return page(archive, origin, {
    title: `Subscribers · ${archive.site.title}`,
    canonical: absoluteUrl(origin, "/stats"),
    feeds: [],
    body,
  });
}
