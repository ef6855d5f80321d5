/**
 * The build says a plan's limit before `wrangler deploy` does (src/compiler/emit/limits.ts):
 * past a free-plan limit a warning naming the paid plan, past a limit of every plan an
 * error, each with the file, the limit and by how much. The limits are made small so
 * that the demo fixture passes them.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/compiler/diagnostics";
import { CODE_GZIP, checkLimits, FREE_PLAN, PAID_PLAN } from "../../src/compiler/emit/limits";
import { build } from "../../src/compiler/pipeline/build";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function buildDemo(limits: Parameters<typeof build>[0]["limits"]) {
  const out = await mkdtemp(join(tmpdir(), "edgefeed-limits-"));
  dirs.push(out);
  const result = await build({
    contentDir: "tests/fixtures/demo",
    moduleOut: join(out, "content.ts"),
    assetsDir: join(out, "public"),
    now: Date.parse("2030-01-01T00:00:00Z"),
    ...(limits ? { limits } : {}),
  });
  return { result, lines: result.diagnostics.map(formatDiagnostic) };
}

describe("a plan's limits, said by the build", () => {
  it("says nothing when the site is within the free plan", async () => {
    const { result, lines } = await buildDemo(undefined);
    expect(result.assets?.files).toBeGreaterThan(30);
    expect(lines).toEqual([]);
  });

  it("warns past the free plan's file count and names the paid plan; errors past the paid plan's", async () => {
    const few = { ...FREE_PLAN, assetFiles: 10 };
    const { result, lines } = await buildDemo({ free: few, paid: PAID_PLAN });
    const files = result.assets?.files ?? 0;
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^warning: .*public: ${files} asset files: ${files - 10} over the free plan's 10; the Workers paid plan \\(100,000\\) carries them`,
        ),
      ),
    ]);
    const { lines: refused } = await buildDemo({ free: few, paid: { ...PAID_PLAN, assetFiles: 20 } });
    expect(refused).toEqual([
      expect.stringMatching(
        new RegExp(
          `^error: .*public: ${files} asset files: ${files - 20} over the 20 Workers allows on any plan; larger record packs carry it`,
        ),
      ),
    ]);
  });

  it("names the largest file and the upload when they pass", async () => {
    const small = { uploadGzip: CODE_GZIP + 10, assetFiles: 1_000, assetFileSize: 100 };
    const { result, lines } = await buildDemo({ free: small, paid: { ...small, uploadGzip: 10 * 1024 * 1024 } });
    const largest = result.assets?.largest;
    expect(largest?.size).toBeGreaterThan(100);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^warning: .*content\.ts: the worker's upload would be about .* MiB gzip .* over the free plan's .*; the Workers paid plan \(10 MiB\) carries it$/,
    );
    expect(lines[1]).toMatch(
      /^error: .*public\/.+: .* MiB: .* over the 0 MiB Workers allows for one asset file on any plan; /,
    );
    expect(lines[1]).toContain(largest?.path ?? "?");
  });
});

describe("checkLimits", () => {
  it("says by how much, in the limit's unit", () => {
    const size = { index: { path: "src/generated/content.ts", gzip: 11 * 1024 * 1024 }, assetFiles: 100_001 };
    const found = checkLimits(size, { assetsDir: ".edgefeed/public" }).map(formatDiagnostic);
    expect(found).toEqual([
      expect.stringMatching(
        /^error: src\/generated\/content\.ts: the worker's upload would be about 11\.06 MiB gzip .*: 1\.06 MiB over the 10 MiB Workers allows on any plan/,
      ),
      "error: .edgefeed/public: 100,001 asset files: 1 over the 100,000 Workers allows on any plan; larger record packs carry it (a larger feed_size in site.yaml: a pack holds two feeds' worth of records)",
    ]);
  });
});
