/**
 * The hot path (src/http/hot-cache.ts): an answer given once is given again before any
 * routing, exactly as the router gave it, until the next scheduled instant. Tag
 * combinations, redirects and error pages, whose URLs are without number, are kept
 * apart in a small cache of their own, so a flood of them never evicts a feed.
 */
import { describe, expect, it } from "vitest";
import { appWithClock, fixture } from "./support";

const ORIGIN = "http://localhost";

async function snapshot(response: Response) {
  return { status: response.status, headers: [...response.headers], body: await response.text() };
}

describe("the hot path", () => {
  it("answers a combination, a redirect and an error page again as the router did", async () => {
    const { fetch, services } = appWithClock(fixture("demo"), "2026-06-01T00:00:00Z");
    const get = (path: string, method = "GET") =>
      fetch(new Request(`${ORIGIN}${path}`, { method }), { SITE_URL: "", ASSETS: { fetch: () => Promise.reject() } });
    for (const path of [
      "/tags/nato+russia/atom.xml",
      "/tags/Russia",
      "/articles/no-such-article",
      "/tags/nato++russia",
    ]) {
      const first = await snapshot(await get(path));
      expect(services.hotOpen.lookup(`${ORIGIN}${path}`, Date.parse("2026-06-01T00:00:00Z")), path).toBeDefined();
      expect(await snapshot(await get(path)), path).toEqual(first);
      const head = await get(path, "HEAD");
      expect(head.status, path).toBe(first.status);
      expect(await head.text(), path).toBe("");
    }
  });

  it("keeps a flood of error pages from evicting the documents readers poll", async () => {
    const { fetch, services } = appWithClock(fixture("demo"), "2026-06-01T00:00:00Z");
    const env = { SITE_URL: "", ASSETS: { fetch: () => Promise.reject() } };
    await (await fetch(new Request(`${ORIGIN}/rss.xml`), env)).arrayBuffer();
    for (let i = 0; i < 3_000; i++) await (await fetch(new Request(`${ORIGIN}/no/such/page-${i}`), env)).arrayBuffer();
    expect(services.hot.lookup(`${ORIGIN}/rss.xml`, Date.parse("2026-06-01T00:00:00Z"))).toBeDefined();
  });

  it("forgets an error page at the next scheduled instant, when the article it was about appears", async () => {
    const { fetch, clock, services } = appWithClock(fixture("timeline"), "2024-03-01T08:59:59.999Z");
    const env = { SITE_URL: "", ASSETS: { fetch: () => Promise.reject() } };
    const get = async (path: string) => (await fetch(new Request(`${ORIGIN}${path}`), env)).status;
    expect(await get("/articles/scheduled")).toBe(404);
    expect(services.hotOpen.lookup(`${ORIGIN}/articles/scheduled`, clock.now)).toBeDefined();
    expect(await get("/articles/scheduled")).toBe(404);
    clock.set("2024-03-01T09:00:00Z");
    expect(await get("/articles/scheduled")).toBe(200);
  });
});
