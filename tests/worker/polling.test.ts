/**
 * How long readers may keep a subscription feed (query/cadence.ts), on the timeline
 * fixture with a clock the test moves, through the worker's own fetch (hot path
 * included): the feed's cadence while nothing of its scope is scheduled, stepping down
 * as its next scheduled article nears so that no answer's max-age reaches past it, and
 * the RSS ttl saying the same as Cache-Control.
 */
import type { Env } from "../../src/env";
import { describe, expect, it } from "vitest";
import { appWithClock, children, fixture, parseXml } from "./support";

const INSTANT = Date.parse("2024-03-01T09:00:00Z");
const ENV = { SITE_URL: "" } as Env;

function polling() {
  const app = appWithClock(fixture("timeline"), "2024-02-15T00:00:00Z");
  const ttls = new Map<string, number[]>();
  const maxAge = async (path: string) => {
    const response = await app.fetch(new Request(`https://timeline.example.net${path}`), ENV);
    expect(response.status, path).toBe(200);
    const cacheControl = response.headers.get("Cache-Control") ?? "";
    expect(cacheControl).toMatch(/^public, max-age=\d+$/);
    const seconds = Number(cacheControl.slice("public, max-age=".length));
    // RSS says the cadence; max-age is it, or less before a scheduled article.
    if (path.endsWith("rss.xml")) {
      const ttl = Number(children(parseXml(await response.text()), "ttl")[0]);
      expect(seconds).toBeLessThanOrEqual(ttl * 60);
      ttls.set(path, [...(ttls.get(path) ?? []), ttl]);
    }
    return seconds;
  };
  return { ...app, maxAge, ttls };
}

describe("a feed's max-age", () => {
  it("follows its cadence: a month between articles is kept 6 hours", async () => {
    const { maxAge } = polling();
    for (const path of ["/rss.xml", "/atom.xml", "/feed.json", "/tags/alpha/rss.xml", "/tags/alpha+beta/atom.xml"]) {
      expect(await maxAge(path), path).toBe(6 * 3600);
    }
  });

  it("never reaches past the next scheduled article of its scope, and only of its scope", async () => {
    const { maxAge, clock, ttls } = polling();
    const scheduled = ["/rss.xml", "/atom.xml", "/feed.json", "/tags/beta/rss.xml", "/tags/alpha,beta/rss.xml"];
    let stepped = false;
    for (let now = INSTANT - 14 * 3_600_000; now < INSTANT; now += 7 * 60_000 + 13_000) {
      clock.now = now;
      for (const path of scheduled) {
        const seconds = await maxAge(path);
        expect(now + seconds * 1000, `${path} at ${new Date(now).toISOString()}`).toBeLessThanOrEqual(INSTANT);
        if (seconds < 6 * 3600) stepped = true;
      }
      // Alpha has nothing scheduled, and neither has the combination of both.
      expect(await maxAge("/tags/alpha/rss.xml")).toBe(6 * 3600);
      expect(await maxAge("/tags/alpha+beta/rss.xml")).toBe(6 * 3600);
    }
    expect(stepped).toBe(true);
    // The document itself (its ttl, so its ETag) did not change while nothing appeared.
    for (const [path, seen] of ttls) expect(new Set(seen), path).toEqual(new Set([360]));
    clock.now = INSTANT - 30_000;
    expect(await maxAge("/rss.xml")).toBe(0);
    // Once it has appeared, the site's cadence counts it.
    clock.now = INSTANT;
    expect(await maxAge("/rss.xml")).toBe(6 * 3600);
  });

  it("steps down in the header alone: the ETag holds and a conditional poll gets 304 at every step", async () => {
    const { fetch, clock } = polling();
    const poll = (etag?: string) =>
      fetch(
        new Request("https://timeline.example.net/rss.xml", { headers: etag ? { "If-None-Match": etag } : {} }),
        ENV,
      );
    clock.now = INSTANT - 14 * 3_600_000;
    const first = await poll();
    const etag = first.headers.get("ETag") ?? "";
    expect(etag).not.toBe("");
    const ages = new Set<string>();
    for (let now = clock.now; now < INSTANT; now += 5 * 60_000 + 7_000) {
      clock.now = now;
      const answer = await poll(etag);
      expect(answer.status, new Date(now).toISOString()).toBe(304);
      expect(answer.headers.get("ETag")).toBe(etag);
      ages.add(answer.headers.get("Cache-Control") ?? "");
    }
    // The header did step (6 h, then 256, 128, … minutes), while the document stayed the same.
    expect(ages.size).toBeGreaterThan(5);
    // Once the article appears, the document (and its ETag) changes: that is when WebSub pings.
    clock.now = INSTANT;
    expect((await poll(etag)).status).toBe(200);
  });
});
