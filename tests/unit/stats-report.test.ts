// The subscriber report from D1's figures (what /stats.json serves), and as
// `npm run stats` prints it.
import { describe, expect, it } from "vitest";
import { buildReport, snapshotOf } from "../../src/stats/report";
import { snapshotJson } from "../../src/stats/snapshot";
import { dayOf } from "../../src/stats/store";
import { reportTable, tokenFromDevVars } from "../../src/stats/terminal";

const today = dayOf(Date.parse("2031-01-10T12:00:00Z"));
const figures = {
  clients: [
    { day: today, feed: "site", format: "rss", clients: 4, sampled: 0 },
    { day: today, feed: "site", format: "atom", clients: 2, sampled: 0 },
    { day: today, feed: "site", format: "*", clients: 5, sampled: 0 },
    { day: today - 1, feed: "site", format: "*", clients: 3, sampled: 0 },
    { day: today - 95, feed: "site", format: "*", clients: 50, sampled: 0 },
    { day: today, feed: "tags/nato", format: "json", clients: 2, sampled: 1 },
    { day: today, feed: "tags/nato", format: "*", clients: 2, sampled: 1 },
  ],
  readers: [
    { day: today, feed: "site", format: "rss", reader: "Feedly", subscribers: 40 },
    { day: today, feed: "site", format: "atom", reader: "Feedly", subscribers: 2 },
    { day: today - 1, feed: "site", format: "rss", reader: "Feedly", subscribers: 38 },
    { day: today, feed: "authors/ann", format: "rss", reader: "Inoreader", subscribers: 9 },
    { day: today, feed: "tags/a+b", format: "atom", reader: "Feedbin", subscribers: 1 },
  ],
};

describe("the report", () => {
  const report = buildReport(today, figures);

  it("adds each format's reader figures and the distinct clients into the day's total", () => {
    const site = report.feeds.find((feed) => feed.feed === "site")!;
    expect(site.subscribers).toBe(5 + 40 + 2);
    expect(site.readers).toEqual({ "other readers": 5, Feedly: 42 });
    expect(site.formats.rss).toEqual({ subscribers: 44, readers: { "other readers": 4, Feedly: 40 } });
    expect(site.formats.atom.subscribers).toBe(4);
    expect(site.history).toHaveLength(90);
    expect(site.history.slice(-2)).toEqual([
      { day: "2031-01-09", subscribers: 41 },
      { day: "2031-01-10", subscribers: 47 },
    ]);
    // Older than the window: left out.
    expect(Math.max(...site.history.map((day) => day.subscribers))).toBe(47);
  });

  it("ranks feeds by today's figure and names the most-followed tags, authors and combinations", () => {
    expect(report.feeds.map((feed) => feed.feed)).toEqual(["site", "authors/ann", "tags/nato", "tags/a+b"]);
    expect(report.top).toEqual({ tags: ["tags/nato"], authors: ["authors/ann"], combinations: ["tags/a+b"] });
    expect(report.feeds.find((feed) => feed.feed === "tags/nato")?.sampled).toBe(true);
  });

  it("is served as the JSON text JSON.stringify makes of it, without building every day's object", () => {
    expect(snapshotJson(snapshotOf(today, figures))).toBe(JSON.stringify(report));
    // Each feed's JSON kept from a render before, while its figures hold: the same text.
    const written = new Map<string, { figures: string; json: string }>();
    expect(snapshotJson(snapshotOf(today, figures), undefined, written)).toBe(JSON.stringify(report));
    expect(written.size).toBe(report.feeds.length);
    expect(snapshotJson(snapshotOf(today, figures), undefined, written)).toBe(JSON.stringify(report));
    expect(JSON.parse(snapshotJson(snapshotOf(today, figures, 7)))).toEqual(buildReport(today, figures, 7));
  });

  it("prints as a table", () => {
    const table = reportTable(report, "https://site.example");
    const lines = table.split("\n");
    expect(lines[0]).toBe("Subscribers of https://site.example on 2031-01-10 (UTC), and over the last 90 days");
    expect(lines[2]).toMatch(/^feed\s+today\s+rss\s+atom\s+json\s+90-day peak\s+readers today$/);
    expect(lines[3]).toMatch(/^site\s+47\s+44\s+4\s+0\s+47\s+Feedly 42, other readers 5$/);
    expect(table).toContain("tags/nato (sampled)");
    expect(table).toContain("Most-followed tags: tags/nato");
  });
});

describe("the token in .dev.vars", () => {
  it("is read from its line, quoted or not", () => {
    expect(tokenFromDevVars("SITE_URL=x\nSTATS_TOKEN=abc123\n")).toBe("abc123");
    expect(tokenFromDevVars('STATS_TOKEN = "with spaces"')).toBe("with spaces");
    expect(tokenFromDevVars("OTHER=1")).toBeUndefined();
  });
});
