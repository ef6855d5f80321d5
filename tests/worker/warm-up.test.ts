/**
 * The start-up warm-up (src/warm-up.ts) compiles the worker's code by serving a tiny
 * archive before any request. It only helps if its requests reach every kind of
 * document, so each is checked here in a request context, where answers can be made.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { decodeIndex, encodeIndex } from "../../src/model/index-codec";
import { layOutRecords } from "../../src/memory-layout";
import { memorySource } from "../../src/providers/records";
import { tinyArchive, WARM_UP_NOW, WARM_UP_PATHS, warmUp } from "../../src/warm-up";
import { servedBundle } from "./support";

const bundle = tinyArchive(servedBundle().site);
const { app } = createApp({
  index: decodeIndex(encodeIndex(bundle)),
  source: memorySource(layOutRecords(bundle)),
  clock: () => WARM_UP_NOW,
});

describe("the warm-up", () => {
  it("reaches every kind of document, none of them an error of ours", async () => {
    const statuses = new Map<string, number>();
    for (const path of WARM_UP_PATHS) {
      const response = await app.request(`https://warm.invalid${path}`, {}, { SITE_URL: "" });
      await response.arrayBuffer();
      statuses.set(path, response.status);
    }
    expect([...statuses].filter(([, status]) => status >= 500)).toEqual([]);
    const expected = (paths: string[], status: number) =>
      expect(paths.map((path) => [path, statuses.get(path)])).toEqual(paths.map((path) => [path, status]));
    expected(["/rss.xml", "/archive/2/atom.xml", "/tags/warm-x+warm-y/atom.xml", "/feeds.opml", "/sitemap.xml"], 200);
    expected(["/", "/tags", "/authors", "/tags/warm-x,warm-y", "/authors/warm-author", "/articles/warm-0"], 200);
    expected(["/tags/X/rss.xml", "/old/warm-1", "/articles/warm-0/", "/index.xml"], 301);
    expected(["/articles/none", "/archive/99/rss.xml"], 404);
    expected(["/tags/warm-gone"], 410);
  });

  it("finishes, and throws nothing, whatever it meets", async () => {
    await expect(warmUp(servedBundle().site)).resolves.toBeUndefined();
    await expect(warmUp({ ...servedBundle().site, feedSize: Number.NaN })).resolves.toBeUndefined();
  });
});
