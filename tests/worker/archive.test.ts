/**
 * RFC 5005 archived feeds on the timeline fixture (feed_size 2): older items are
 * reachable from the subscription document through prev-archive links; complete
 * archive pages keep their entries forever; JSON next_url walks back and never loops.
 */
import { describe, expect, it } from "vitest";
import { appWithClock, fixture, parseXml } from "./support";

const BEFORE = "2024-02-15T00:00:00Z";
const AFTER = "2024-03-02T00:00:00Z";
const ORIGIN = "http://localhost";

function links(xml: string, tag: string): Record<string, string> {
  const doc = parseXml(xml);
  return Object.fromEntries(
    Array.from(doc.getElementsByTagName(tag))
      .filter((l) => l.parentNode === doc.documentElement || l.parentNode?.nodeName === "channel")
      .map((l) => [l.getAttribute("rel") ?? "", l.getAttribute("href") ?? ""]),
  );
}

function titles(xml: string, tag: string): string[] {
  return Array.from(parseXml(xml).getElementsByTagName(tag)).map(
    (e) => e.getElementsByTagName("title")[0]?.textContent ?? "",
  );
}

describe("archived feeds", () => {
  it("link the subscription document to the newest complete archive page", async () => {
    const { get } = appWithClock(fixture("timeline"), BEFORE);
    expect(links(await (await get("/atom.xml")).text(), "link")["prev-archive"]).toBe(`${ORIGIN}/archive/1/atom.xml`);
    expect(links(await (await get("/rss.xml")).text(), "atom:link")["prev-archive"]).toBe(
      `${ORIGIN}/archive/1/rss.xml`,
    );
    const json = (await (await get("/feed.json")).json()) as { feed_url: string; next_url: string };
    expect(json.next_url).toBe(`${ORIGIN}/archive/1/feed.json`);
    expect(json.next_url).not.toBe(json.feed_url);
  });

  it("serve complete pages, oldest first, marked fh:archive with a current link", async () => {
    const { get } = appWithClock(fixture("timeline"), BEFORE);
    const res = await get("/archive/1/atom.xml");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=86400");
    const xml = await res.text();
    expect(xml).toContain("<fh:archive/>");
    expect(titles(xml, "entry")).toEqual(["Second", "First"]);
    const rel = links(xml, "link");
    expect(rel.self).toBe(`${ORIGIN}/archive/1/atom.xml`);
    expect(rel.current).toBe(`${ORIGIN}/atom.xml`);
    expect(rel["prev-archive"]).toBeUndefined();
    const rss = await (await get("/archive/1/rss.xml")).text();
    expect(titles(rss, "item")).toEqual(["Second", "First"]);
    expect(rss).toContain("<fh:archive/>");
  });

  it("answer 404 for incomplete, zero, malformed and unknown pages", async () => {
    const { get } = appWithClock(fixture("timeline"), BEFORE);
    for (const path of [
      "/archive/2/atom.xml",
      "/archive/0/atom.xml",
      "/archive/01/atom.xml",
      "/archive/x/rss.xml",
      "/archive/1/feed.xml",
      "/tags/alpha/archive/2/rss.xml",
      "/tags/Alfa/archive/%0d%0aX:%20y/atom.xml",
      "/tags/Alfa/archive/-1/atom.xml",
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it("keep a page's entries when newer articles appear, and extend the chain", async () => {
    const { get, clock } = appWithClock(fixture("timeline"), BEFORE);
    const before = await (await get("/archive/1/atom.xml")).text();
    clock.set(AFTER);
    const after = await (await get("/archive/1/atom.xml")).text();
    expect(titles(after, "entry")).toEqual(titles(before, "entry"));
    expect(links(after, "link")["next-archive"]).toBe(`${ORIGIN}/archive/2/atom.xml`);
    const second = await (await get("/archive/2/atom.xml")).text();
    expect(titles(second, "entry")).toEqual(["Scheduled", "Third"]);
    expect(links(second, "link")["prev-archive"]).toBe(`${ORIGIN}/archive/1/atom.xml`);
    expect(links(await (await get("/atom.xml")).text(), "link")["prev-archive"]).toBe(`${ORIGIN}/archive/2/atom.xml`);
  });

  it("lets a JSON reader walk back through every item without a loop", async () => {
    const { get } = appWithClock(fixture("timeline"), AFTER);
    const seen: string[] = [];
    const urls: string[] = [];
    let url: string | undefined = `${ORIGIN}/feed.json`;
    while (url && urls.length < 10) {
      expect(urls).not.toContain(url);
      urls.push(url);
      const page = (await (await get(url.replace(ORIGIN, ""))).json()) as {
        items: { id: string }[];
        next_url?: string;
      };
      seen.push(...page.items.map((i) => i.id));
      url = page.next_url;
    }
    expect(urls.length).toBe(3);
    expect(new Set(seen).size).toBe(4);
  });

  it("exist per tag too, with canonical redirects", async () => {
    const { get } = appWithClock(fixture("timeline"), BEFORE);
    // alpha has two visible articles: exactly one document, so no archive link.
    expect(links(await (await get("/tags/alpha/atom.xml")).text(), "link")["prev-archive"]).toBeUndefined();
    expect((await get("/tags/alpha/archive/1/atom.xml")).status).toBe(200);
    const redirect = await get("/tags/Alfa/archive/1/atom.xml");
    expect(redirect.headers.get("Location")).toBe("/tags/alpha/archive/1/atom.xml");
  });
});
