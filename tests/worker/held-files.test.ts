/**
 * Page-bundle files of a scheduled article, held back in private storage by the build:
 * the worker answers their URLs exactly as it answers a file that does not exist until
 * the article's instant, without even reading storage, and then serves them at the same
 * URLs, with no rebuild, as the asset layer gives them (media type, ETag, 304). Storage
 * here is a stand-in for the ASSETS binding that records what it was asked for.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { layOutRecords } from "../../src/memory-layout";
import type { AssetsBinding } from "../../src/env";
import { decodeIndex, encodeIndex } from "../../src/model/index-codec";
import { heldFiles, privateAssets } from "../../src/providers/private-assets";
import { memorySource } from "../../src/providers/records";
import { fixture, TestClock } from "./support";

const KEY = "00112233445566778899aabbccddeeff";
const ORIGIN = "https://feeds.example.net";
/** The timeline fixture's scheduled article, and its instant. */
const SLUG = "scheduled";
const INSTANT = "2024-03-01T09:00:00Z";
const HELD: Record<string, { body: string; type: string }> = {
  [`/_records/${KEY}/files/${SLUG}/cover.png`]: { body: "the cover", type: "image/png" },
  [`/_records/${KEY}/files/${SLUG}/press%20release.txt`]: { body: "the release", type: "text/plain" },
};

/** Assets holding the held files at their stored paths, answering as the asset layer does. */
function storage() {
  const asked: string[] = [];
  const assets: AssetsBinding = {
    fetch(request) {
      const url = new URL(request.url);
      asked.push(url.pathname);
      const file = HELD[url.pathname];
      if (!file) return Promise.resolve(new Response("not found", { status: 404 }));
      const headers = { ETag: '"held-etag"', "Content-Type": file.type, "Cache-Control": "public, max-age=0" };
      if (request.headers.get("If-None-Match") === '"held-etag"') {
        return Promise.resolve(new Response(null, { status: 304, headers }));
      }
      return Promise.resolve(new Response(file.body, { headers }));
    },
  };
  return { assets, asked };
}

function app(iso: string) {
  const bundle = fixture("timeline");
  const clock = new TestClock(Date.parse(iso));
  const { assets, asked } = storage();
  const { fetch } = createApp({
    index: decodeIndex(encodeIndex(bundle)),
    source: memorySource(layOutRecords(bundle)),
    heldFiles: heldFiles(privateAssets(assets, KEY)),
    clock: clock.read,
  });
  const env = { SITE_URL: "", ASSETS: assets };
  const get = (path: string, init: RequestInit = {}) => fetch(new Request(`${ORIGIN}${path}`, init), env);
  return { get, clock, asked };
}

/** What a client can observe of an answer: status, headers and body. */
async function observed(response: Response) {
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

describe("a held file before its article's instant", () => {
  it("answers as a file that does not exist, and storage is not read", async () => {
    const { get, asked } = app("2024-02-15T00:00:00Z");
    const missing = await observed(await get(`/articles/${SLUG}/no-such-file.png`));
    expect(missing.status).toBe(404);
    for (const path of [`/articles/${SLUG}/cover.png`, `/articles/${SLUG}/press%20release.txt`]) {
      expect(await observed(await get(path)), path).toEqual(missing);
    }
    expect(await observed(await get("/articles/no-such-article/cover.png"))).toEqual(missing);
    expect(asked).toEqual([]);
  });
});

describe("a held file once its article is visible", () => {
  it("is served at its URL with no rebuild, with the asset layer's type and validators", async () => {
    const { get, clock } = app("2024-02-15T00:00:00Z");
    expect((await get(`/articles/${SLUG}/cover.png`)).status).toBe(404);
    clock.set(INSTANT);
    const cover = await get(`/articles/${SLUG}/cover.png`);
    expect(cover.status).toBe(200);
    expect(cover.headers.get("Content-Type")).toBe("image/png");
    expect(cover.headers.get("ETag")).toBe('"held-etag"');
    expect(await cover.text()).toBe("the cover");
    const release = await get(`/articles/${SLUG}/press%20release.txt`);
    expect(await release.text()).toBe("the release");

    const again = await get(`/articles/${SLUG}/cover.png`, { headers: { "If-None-Match": '"held-etag"' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const head = await get(`/articles/${SLUG}/cover.png`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("Content-Type")).toBe("image/png");
    expect(await head.text()).toBe("");
  });

  it("reads nothing outside the article's own files, however the path is spelt", async () => {
    const { get, asked } = app(INSTANT);
    const missing = await observed(await get(`/articles/${SLUG}/no-such-file.png`));
    const probes = [
      `/articles/${SLUG}/%2e%2e/%2e%2e/site/0.json`,
      `/articles/${SLUG}/..%2F..%2Fsite%2F0.json`,
      `/articles/${SLUG}/..%5C..%5Csite%5C0.json`,
      `/articles/${SLUG}/a%00/cover.png`,
      `/articles/${SLUG}/%E0%A4%A/cover.png`,
    ];
    for (const path of probes) expect(await observed(await get(path)), path).toEqual(missing);
    for (const path of asked) expect(path.startsWith(`/_records/${KEY}/files/${SLUG}/`), path).toBe(true);
  });
});
