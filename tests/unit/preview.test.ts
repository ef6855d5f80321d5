/**
 * The preview runner's pure parts: its command line (own options out, the rest to
 * wrangler dev), the wrangler configuration it serves with (read back by wrangler's own
 * config reader: no build hook, absolute paths), which files count as editor scratch,
 * and the scheduler that turns a burst of file events into exactly one build.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { unstable_readConfig } from "wrangler";
import { DEFAULT_OPTIONS, splitArguments } from "../../src/preview/arguments";
import { isEditorScratch, QUIET_MS, RebuildScheduler } from "../../src/preview/watch";
import { devConfig, PREVIEW_WORKER, writeDevConfig } from "../../src/preview/wrangler-config";
import { STORE_VARIABLE } from "../../src/preview-worker/protocol";
import { ROOT } from "../support/served-fixture";

describe("the preview's arguments", () => {
  it("keeps its own options and hands everything else to wrangler dev, in order", () => {
    const { options, wranglerArgs } = splitArguments([
      "--port",
      "9000",
      "--content",
      "my-site",
      "--ip=0.0.0.0",
      "--assets=.x/public",
      "--local",
    ]);
    expect(options).toEqual({ ...DEFAULT_OPTIONS, content: "my-site", assets: ".x/public" });
    expect(wranglerArgs).toEqual(["--port", "9000", "--ip=0.0.0.0", "--local"]);
  });

  it("defaults to content/ and the build the Worker imports", () => {
    expect(splitArguments([])).toEqual({ options: DEFAULT_OPTIONS, wranglerArgs: [] });
  });

  it.each([["--content"], ["--out", "--port"], ["--assets="]])("refuses %s without a path", (...argv) => {
    expect(() => splitArguments(argv)).toThrow(/needs a path, e\.g\. --\w+ \S+/);
  });
});

describe("the wrangler configuration of the preview", () => {
  const TOML = `
name = "site"
main = "src/worker.ts"
compatibility_date = "2026-04-20"
routes = [{ pattern = "news.example.org", custom_domain = true }]
[build]
command = "npm run build --silent"
watch_dir = "content"
[vars]
SITE_URL = "https://news.example.org"
OTHER = "kept"
[assets]
directory = ".edgefeed/public"
binding = "ASSETS"
run_worker_first = ["/_records/*"]
`;

  it("drops the build hook and the live site's address, makes paths absolute and keeps the rest", () => {
    const config = devConfig(TOML, { root: "/project" });
    expect(config).not.toHaveProperty("build");
    // wrangler dev would rewrite every request's URL to the first route's host.
    expect(config).not.toHaveProperty("routes");
    expect(config.main).toBe("/project/src/worker.ts");
    expect(config.assets).toEqual({
      directory: "/project/.edgefeed/public",
      binding: "ASSETS",
      run_worker_first: ["/_records/*"],
    });
    // A publisher's SITE_URL would send every link of the local preview to the live site.
    expect(config.vars).toEqual({ SITE_URL: "", OTHER: "kept" });
  });

  it("serves another entry and assets directory when asked", () => {
    const config = devConfig(TOML, { root: "/project", main: "tests/entry.ts", assetsDir: "/tmp/public" });
    expect(config.main).toBe("/project/tests/entry.ts");
    expect(config.assets?.directory).toBe("/tmp/public");
  });

  it("serves the preview's own Worker over its store, and no assets directory, for the preview", () => {
    const config = devConfig(TOML, { root: "/project", store: "http://127.0.0.1:4321" });
    expect(config.main).toBe(`/project/${PREVIEW_WORKER}`);
    // Nothing of the build for wrangler to watch: the Worker reads it from the store.
    expect(config).not.toHaveProperty("assets");
    expect(config.vars).toEqual({ SITE_URL: "", OTHER: "kept", [STORE_VARIABLE]: "http://127.0.0.1:4321" });
  });

  describe("as wrangler reads it", () => {
    let dir = "";
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), "edgefeed-config-"));
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    it("has this project's Worker and assets, and no build command", async () => {
      const path = await writeDevConfig(join(dir, "nested", "wrangler.json"), { root: ROOT });
      const config = unstable_readConfig({ config: path });
      const original = unstable_readConfig({ config: join(ROOT, "wrangler.toml") });
      expect(original.build.command, "wrangler.toml keeps its hook for a bare `wrangler deploy`").toBeTruthy();
      expect(config.build.command).toBeUndefined();
      expect(config.main).toBe(original.main);
      // wrangler resolves the original's assets directory against wrangler.toml's folder when it serves.
      expect(config.assets).toEqual({ ...original.assets, directory: resolve(ROOT, original.assets?.directory ?? "") });
      expect(config.name).toBe(original.name);
    });
  });
});

describe("editor scratch files", () => {
  it.each([
    "articles/.hello.md.swp",
    "articles/.hello.md.swo",
    "articles/hello.md~",
    "articles/4913",
    "articles/.#hello.md",
    "articles/#hello.md#",
    "articles/hello.md___jb_tmp___",
    "articles/hello.md___jb_old___",
    ".goutputstream-ABC123",
    "site.yaml.kate-swp",
  ])("%s never starts a build", (path) => {
    expect(isEditorScratch(path)).toBe(true);
  });

  it.each([
    "articles/hello.md",
    "articles/2024.md",
    "site.yaml",
    "articles/bundle/index.md",
    "articles/bundle/photo.jpg",
  ])("%s does", (path) => {
    expect(isEditorScratch(path)).toBe(false);
  });
});

describe("the rebuild scheduler", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A build that takes `ms` of (fake) time and counts how often it ran and how many ran at once. */
  function slowBuild(ms: number) {
    const stats = { runs: 0, running: 0, mostAtOnce: 0 };
    const run = async () => {
      stats.runs++;
      stats.running++;
      stats.mostAtOnce = Math.max(stats.mostAtOnce, stats.running);
      await new Promise((done) => setTimeout(done, ms));
      stats.running--;
    };
    return { stats, run };
  }

  it("builds once for a burst of events, after the directory has been quiet", async () => {
    const { stats, run } = slowBuild(10);
    const scheduler = new RebuildScheduler(run);
    // An atomic save: the temporary file, its rename over the article, a directory change.
    for (let i = 0; i < 5; i++) {
      scheduler.changed();
      await vi.advanceTimersByTimeAsync(QUIET_MS / 3);
    }
    expect(stats.runs).toBe(0);
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    expect(stats.runs).toBe(1);
    await vi.advanceTimersByTimeAsync(10 * QUIET_MS);
    expect(stats.runs).toBe(1);
  });

  it("builds once more after a build during which content changed, never two at once", async () => {
    const { stats, run } = slowBuild(5 * QUIET_MS);
    const scheduler = new RebuildScheduler(run);
    scheduler.changed();
    await vi.advanceTimersByTimeAsync(QUIET_MS + 1);
    expect(stats.runs).toBe(1);
    // Two saves while the first build runs: one more build covers both.
    scheduler.changed();
    await vi.advanceTimersByTimeAsync(QUIET_MS + 1);
    scheduler.changed();
    await vi.advanceTimersByTimeAsync(QUIET_MS + 1);
    await vi.advanceTimersByTimeAsync(20 * QUIET_MS);
    expect(stats.runs).toBe(2);
    expect(stats.mostAtOnce).toBe(1);
  });

  it("keeps scheduling after a build throws", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    let runs = 0;
    const scheduler = new RebuildScheduler(async () => {
      runs++;
      if (runs === 1) throw new Error("disk full");
    });
    scheduler.changed();
    await vi.advanceTimersByTimeAsync(QUIET_MS + 1);
    scheduler.changed();
    await vi.advanceTimersByTimeAsync(QUIET_MS + 1);
    expect(runs).toBe(2);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining("crashed"), expect.any(Error));
    errors.mockRestore();
  });

  it("starts nothing once closed", async () => {
    const { stats, run } = slowBuild(1);
    const scheduler = new RebuildScheduler(run);
    scheduler.changed();
    await scheduler.close();
    scheduler.changed();
    await vi.advanceTimersByTimeAsync(10 * QUIET_MS);
    expect(stats.runs).toBe(0);
  });
});
