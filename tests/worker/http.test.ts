/**
 * The HTTP contract of feeds: validators, the conditional-request matrix, 304s that
 * keep the 200's headers, caching, CORS and gzip for every media type.
 */
import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import { createWorker } from "../../src/entry";
import { createLocalApp } from "../../src/local";
import { cadenceMinutes } from "../../src/query/cadence";
import { servedBundle } from "./support";

const bundle = servedBundle();
const { app } = createLocalApp(bundle);
/** The Worker entry over the served fixture's real build, called directly so the gzip bytes are seen as sent. */
const worker = createWorker(inject("servedIndex"));
const ctx = createExecutionContext();
const FEEDS = ["/rss.xml", "/atom.xml", "/feed.json", "/tags/russia/atom.xml", "/feeds.opml"];

function get(path: string, headers: Record<string, string> = {}, method = "GET", cf?: object) {
  const request = new Request(`https://feeds.example.net${path}`, { method, headers });
  if (cf) Object.defineProperty(request, "cf", { value: cf });
  return app.request(request, undefined, { SITE_URL: "" });
}

async function gunzip(bytes: ArrayBuffer): Promise<string> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text();
}

describe.each(FEEDS)("%s", (path) => {
  it("has a strong ETag, Last-Modified, caching, CORS and Vary headers", async () => {
    const res = await get(path);
    expect(res.headers.get("ETag")).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
    expect(Date.parse(res.headers.get("Last-Modified") ?? "")).not.toBeNaN();
    // The OPML's is fixed; a feed's follows its scope's cadence (query/cadence.ts, tested in time.test.ts).
    const scope = path.startsWith("/tags/")
      ? bundle.articles.filter((a) => a.tags.includes("russia"))
      : bundle.articles;
    const minutes = path.endsWith(".opml") ? 15 : cadenceMinutes(scope.slice(0, 10).map((a) => a.published));
    expect(res.headers.get("Cache-Control")).toBe(`public, max-age=${minutes * 60}`);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Access-Control-Expose-Headers")).toBe("ETag, Last-Modified, Link");
    expect(res.headers.get("Vary")).toBe("Accept-Encoding");
    // WebSub: the fixture's site.yaml names a hub; feeds (not the OPML) advertise it beside the self link.
    const self = `<https://feeds.example.net${path}>; rel="self"`;
    expect(res.headers.get("Link")).toBe(path.endsWith(".opml") ? self : `<${bundle.site.hub}>; rel="hub", ${self}`);
  });

  it("gives the same validators on every request and for HEAD", async () => {
    const [a, b, head] = await Promise.all([get(path), get(path), get(path, {}, "HEAD")]);
    expect(b.headers.get("ETag")).toBe(a.headers.get("ETag"));
    expect(head.headers.get("ETag")).toBe(a.headers.get("ETag"));
    expect(await b.text()).toBe(await a.text());
  });

  it("answers the conditional-request matrix", async () => {
    const first = await get(path);
    const etag = first.headers.get("ETag") ?? "";
    const lastModified = first.headers.get("Last-Modified") ?? "";
    const later = new Date(Date.parse(lastModified) + 1000).toUTCString();
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    const matrix: [Record<string, string>, number][] = [
      [{ "If-None-Match": etag }, 304],
      [{ "If-None-Match": `W/${etag}` }, 304],
      [{ "If-None-Match": `"other", ${etag}` }, 304],
      [{ "If-None-Match": `"a,b", W/${etag}` }, 304],
      [{ "If-None-Match": "*" }, 304],
      [{ "If-None-Match": '"other"' }, 200],
      [{ "If-None-Match": "garbage" }, 200],
      [{ "If-None-Match": '"other"', "If-Modified-Since": later }, 200],
      [{ "If-None-Match": etag, "If-Modified-Since": earlier }, 304],
      [{ "If-Modified-Since": lastModified }, 304],
      [{ "If-Modified-Since": later }, 304],
      [{ "If-Modified-Since": earlier }, 200],
      [{ "If-Modified-Since": "not a date" }, 200],
      [{}, 200],
    ];
    for (const [headers, status] of matrix) {
      const res = await get(path, headers);
      expect(res.status, JSON.stringify(headers)).toBe(status);
      if (status === 200) expect((await res.text()).length).toBeGreaterThan(0);
    }
  });

  it("sends a bodiless 304 with the same ETag, Cache-Control, Vary, Link and CORS headers", async () => {
    const ok = await get(path);
    const notModified = await get(path, { "If-None-Match": ok.headers.get("ETag") ?? "" });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe("");
    for (const name of ["ETag", "Cache-Control", "Vary", "Link", "Access-Control-Allow-Origin"]) {
      expect(notModified.headers.get(name), name).toBe(ok.headers.get(name));
    }
    // No other representation metadata on a 304 (RFC 9110 §15.4.5): the ETag validates, the cache keeps the rest.
    expect(notModified.headers.get("Content-Type")).toBeNull();
    expect(notModified.headers.get("Last-Modified")).toBeNull();
  });

  it("is gzipped for clients that accept it, and only for them", async () => {
    const plain = await get(path, { "Accept-Encoding": "identity" });
    const plainText = await plain.text();
    expect(plain.headers.get("Content-Encoding")).toBeNull();
    expect(plain.headers.get("Content-Length")).toBe(String(new TextEncoder().encode(plainText).byteLength));

    const zipped = await get(path, { "Accept-Encoding": "gzip, deflate, br" });
    expect(zipped.headers.get("Content-Encoding")).toBe("gzip");
    const bytes = await zipped.arrayBuffer();
    expect(zipped.headers.get("Content-Length")).toBe(String(bytes.byteLength));
    expect(await gunzip(bytes)).toBe(plainText);
    expect(zipped.headers.get("ETag")).toBe(plain.headers.get("ETag"));

    expect((await get(path, { "Accept-Encoding": "gzip;q=0, br" })).headers.get("Content-Encoding")).toBeNull();
    expect((await get(path, { "Accept-Encoding": "*" })).headers.get("Content-Encoding")).toBe("gzip");
  });

  it("follows the client's own Accept-Encoding when Cloudflare rewrote the header", async () => {
    // At the edge and in wrangler dev the Worker sees "br, gzip" whatever the client sent.
    const res = await get(path, { "Accept-Encoding": "br, gzip" }, "GET", { clientAcceptEncoding: "" });
    expect(res.headers.get("Content-Encoding")).toBeNull();
    const zipped = await get(path, { "Accept-Encoding": "br, gzip" }, "GET", { clientAcceptEncoding: "gzip" });
    expect(zipped.headers.get("Content-Encoding")).toBe("gzip");
  });
});

// The OPML's pieces are cut at every URL's origin, so the build keeps them as text: it is gzip, but not smaller.
describe.each(FEEDS.filter((path) => !path.endsWith(".opml")))("%s, deployed", (path) => {
  it("is compressed from the build's pieces as the deployed worker serves it", async () => {
    // The packs of a real build hold deflated bodies; a memory layout (the app above) keeps them as text.
    const deployed = (headers: Record<string, string>) =>
      worker.fetch?.(
        new Request(`https://feeds.example.net${path}`, { headers }) as never,
        env as never,
        ctx,
      ) as Promise<Response>;
    const plain = await deployed({ "Accept-Encoding": "identity" });
    const plainText = await plain.text();
    const zipped = await deployed({ "Accept-Encoding": "gzip" });
    expect(zipped.headers.get("Content-Encoding")).toBe("gzip");
    const bytes = await zipped.arrayBuffer();
    expect(bytes.byteLength).toBeLessThan(plainText.length * 0.8);
    expect(await gunzip(bytes)).toBe(plainText);
    expect(zipped.headers.get("ETag")).toBe(plain.headers.get("ETag"));
  });
});

describe("validators", () => {
  it("differ between documents and between origins, because the bodies differ", async () => {
    const etags = await Promise.all(FEEDS.map(async (path) => (await get(path)).headers.get("ETag")));
    expect(new Set(etags).size).toBe(FEEDS.length);
    const other = await app.request("http://localhost:8787/atom.xml", {}, { SITE_URL: "" });
    expect(other.headers.get("ETag")).not.toBe((await get("/atom.xml")).headers.get("ETag"));
  });

  it("Last-Modified is the newest content change, not the request time", async () => {
    const res = await get("/atom.xml");
    const newest = Math.max(...bundle.articles.slice(0, bundle.site.feedSize).map((a) => a.updated));
    expect(res.headers.get("Last-Modified")).toBe(new Date(newest).toUTCString());
  });
});
