/**
 * What the build writes in parts is what it would write whole: the index module,
 * streamed field by field, and each sitemap list, made from its own articles alone.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { indexJsonParts, indexModule, writeIndexModule } from "../../src/compiler/emit/emit";
import { compileBundle } from "../../src/compiler/pipeline/compile";
import { sitemapLists } from "../../src/feeds/sitemap";
import { tableFiles } from "../../src/memory-layout";
import { encodeIndex } from "../../src/model/index-codec";
import { sitemapListPath } from "../../src/model/tables";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("the index module written in parts", () => {
  it("is the text of the module written whole", async () => {
    const { bundle } = await compileBundle("tests/fixtures/demo", { now: Date.parse("2030-01-01T00:00:00Z") });
    if (!bundle) throw new Error("the demo fixture did not compile");
    const index = { ...encodeIndex(bundle), storageKey: "k" };
    expect([...indexJsonParts(index)].join("")).toBe(JSON.stringify(index));
    const dir = await mkdtemp(join(tmpdir(), "edgefeed-index-"));
    dirs.push(dir);
    await writeIndexModule(join(dir, "content.ts"), index);
    expect(await readFile(join(dir, "content.ts"), "utf8")).toBe(indexModule(index));
  });

  it("leaves out what JSON leaves out, and writes an empty array as one", () => {
    const index = { site: { title: "t" }, tags: [], gone: undefined } as unknown as Parameters<typeof indexModule>[0];
    expect([...indexJsonParts(index)].join("")).toBe('{"site":{"title":"t"},"tags":[]}');
  });
});

describe("sitemap lists made one at a time", () => {
  it("are the lists of the whole archive, part by part", () => {
    const articles = Array.from({ length: 2_345 }, (_, i) => ({
      slug: `a-${i}`,
      updated: 1_700_000_000_000 - i * 1000,
    }));
    const whole = sitemapLists(articles);
    const files = tableFiles(articles);
    expect(whole.size).toBe(3);
    for (const [part, text] of whole) expect(files.get(sitemapListPath(part))?.text()).toBe(text);
  });
});
