/**
 * `npm run bench:scale [-- N]`: the cost figures of a site of N articles (default
 * 10,000), in one run: generate a synthetic archive, build it with the real CLI (cold,
 * then after one edit) beside Hugo, measure what wrangler would upload and how long the
 * worker takes to start, serve a mixed set of documents from the deployed bundle in
 * workerd (Miniflare) and read the isolate heap, then load our cached feed against a
 * constant-string worker. Prints labelled figures, then all of them as one JSON line;
 * exits 1 if any document was not served as expected. docs/cost.md explains each figure.
 *
 * Options: `--tags T` (default min(1000, N/100)), `--seed S`, `--rounds R` (load
 * rounds, default 3), `--seconds S` (per load run, default 5), `--keep` (leave the run's
 * files under .edgefeed/bench/). Environment: BENCH_SCALE_ARTICLES, BENCH_SCALE_TAGS.
 */
import { rm } from "node:fs/promises";
import { loadavg } from "node:os";
import { relative } from "node:path";
import { parseArgs } from "node:util";
import type { Miniflare } from "miniflare";
import { articleSlug, reviseArticle, tagSlug, writeSyntheticArchive } from "./synthetic-archive";
import { type BuildFigure, coldBuild, hugoBuild, timedBuild } from "./bench-scale/builds";
import {
  checkStartup,
  countAssets,
  dryRunDeploy,
  prepareDeployProject,
  readWranglerConfig,
  type StartupFigure,
  type UploadFigure,
  type WranglerConfig,
} from "./bench-scale/deploy";
import { type HeapFigure, isolateHeap } from "./bench-scale/inspector";
import { type BenchLayout, benchLayout } from "./bench-scale/layout";
import { loadGenerator } from "./bench-scale/load";
import { onPath, positiveInteger } from "./bench-scale/processes";
import { servingRatio } from "./bench-scale/ratio";
import {
  BARE_WORKER,
  bareWorkers,
  type ConstantBody,
  type ConstantForm,
  constantWorker,
  deployedWorker,
  serveMixedSet,
  WORKER,
} from "./bench-scale/serve";

/** Past this many articles, one cold build and no second (each takes minutes). */
const LARGE_ARCHIVE = 100_000;
const SAMPLE_TAGS = 80;
const SAMPLE_ARTICLES = 1_000;
const STARTUP_RUNS = 3;
const RECORD_PATHS = ["/_records/site/0.json", "/_records/manifest.json"];

interface Settings {
  articles: number;
  tags: number;
  seed: number;
  rounds: number;
  seconds: number;
  keep: boolean;
}

function parseSettings(): Settings {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      tags: { type: "string" },
      seed: { type: "string" },
      rounds: { type: "string" },
      seconds: { type: "string" },
      keep: { type: "boolean", default: false },
    },
  });
  const articles = positiveInteger("N", positionals[0] ?? process.env.BENCH_SCALE_ARTICLES, 10_000);
  const defaultTags = Math.max(1, Math.min(1_000, Math.floor(articles / 100)));
  return {
    articles,
    tags: positiveInteger("--tags", values.tags ?? process.env.BENCH_SCALE_TAGS, defaultTags),
    seed: positiveInteger("--seed", values.seed, 7),
    rounds: positiveInteger("--rounds", values.rounds, 3),
    seconds: positiveInteger("--seconds", values.seconds, 5),
    keep: values.keep,
  };
}

/** `count` indices spread evenly over [0, total). */
function spread(count: number, total: number): number[] {
  const n = Math.min(count, total);
  return Array.from({ length: n }, (_, i) => Math.floor((i * total) / n));
}

/** The mixed set of issue 7: site feeds, tag feeds and pages, article pages, OPML, an archive page. */
function mixedSet({ articles, tags }: Settings): string[] {
  const tagPaths = spread(SAMPLE_TAGS, tags).flatMap((i) => {
    const base = `/tags/${tagSlug(i)}`;
    return [`${base}/rss.xml`, `${base}/atom.xml`, `${base}/feed.json`, base];
  });
  const articlePaths = spread(SAMPLE_ARTICLES, articles).map((i) => `/articles/${articleSlug(i)}`);
  return ["/rss.xml", "/atom.xml", "/feed.json", ...tagPaths, ...articlePaths, "/feeds.opml", "/archive/1/atom.xml"];
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const mib = (bytes: number) => bytes / 1024 / 1024;

function show(label: string, value: string): void {
  console.log(`${label.padEnd(50)} ${value}`);
}

function showBuild(label: string, figure: BuildFigure): void {
  const rss = figure.peakRssMiB === null ? "peak RSS unknown" : `peak RSS ${Math.round(figure.peakRssMiB)} MiB`;
  show(label, `${figure.seconds.toFixed(2)} s, ${rss}`);
  for (const line of figure.report) show("", `  ${line}`);
  if (figure.wroteOutsideBench.length > 0) {
    show("", `  WARNING: the build also changed .edgefeed/${figure.wroteOutsideBench.join(", .edgefeed/")}`);
  }
}

function buildJson(figure: BuildFigure) {
  return {
    seconds: round(figure.seconds, 2),
    peakRssMiB: figure.peakRssMiB === null ? null : Math.round(figure.peakRssMiB),
  };
}

/** Headers a transport adds to any answer, not our worker's. */
const TRANSPORT_HEADERS = new Set([
  "date",
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
  "server",
]);

/** The body, type and 304 headers our worker serves at /rss.xml, uncompressed, for the constant workers to copy. */
async function rssDocument(origin: URL): Promise<ConstantBody> {
  const url = new URL("/rss.xml", origin);
  const response = await fetch(url, { headers: { "Accept-Encoding": "identity" } });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`/rss.xml answered ${response.status}`);
  const etag = response.headers.get("ETag") ?? "";
  const notModified = await fetch(url, { headers: { "If-None-Match": etag } });
  await notModified.arrayBuffer();
  if (notModified.status !== 304) throw new Error(`/rss.xml answered ${notModified.status} to its own ETag`);
  const notModifiedHeaders: [string, string][] = [];
  notModified.headers.forEach((value, name) => {
    if (!TRANSPORT_HEADERS.has(name)) notModifiedHeaders.push([name, value]);
  });
  return { body, contentType: response.headers.get("Content-Type") ?? "", notModifiedHeaders };
}

/** One run's settings, paths and the figures and failures it collects. */
interface BenchRun {
  settings: Settings;
  layout: BenchLayout;
  config: WranglerConfig;
  results: Record<string, unknown>;
  failures: string[];
}

async function withMiniflare<T>(mf: Miniflare, use: (mf: Miniflare) => Promise<T>): Promise<T> {
  try {
    return await use(mf);
  } finally {
    await mf.dispose();
  }
}

/** 1–3: the archive, our build cold (twice, each beside a cold Hugo build) and after one edit. */
async function measureBuilds({ settings, layout, results }: BenchRun): Promise<void> {
  const { articles, tags, seed } = settings;
  const hugo = onPath("hugo");
  // Without Hugo there is nothing to compare with: no Hugo copy (6 GB at 1,000,000 articles).
  const archive = await writeSyntheticArchive({ articles, tags, dir: `${layout.root}/archive`, seed, hugo: !!hugo });
  show("archive", `${articles} articles, ${tags} tags, ${archive.meanBodyBytes} B Markdown body on average`);
  results.meanBodyBytes = archive.meanBodyBytes;

  const cold: BuildFigure[] = [];
  const hugoSeconds: number[] = [];
  // Past 100,000 articles a cold build takes minutes: one is enough to quote.
  const coldRuns = articles > LARGE_ARCHIVE ? 1 : 2;
  for (let i = 1; i <= coldRuns; i++) {
    const figure = await coldBuild(layout);
    cold.push(figure);
    showBuild(`build, cold #${i} (${figure.rssSource})`, figure);
    if (hugo && archive.hugoDir) {
      const seconds = await hugoBuild(hugo, archive.hugoDir);
      hugoSeconds.push(seconds);
      show(`hugo --quiet, cold #${i}`, `${seconds.toFixed(2)} s (ours ${figure.seconds.toFixed(2)} s)`);
    }
  }
  if (!hugo) show("hugo", "not on PATH: no comparison");
  await reviseArticle(layout.content, Math.floor(articles / 2));
  const rebuild = await timedBuild(layout);
  showBuild("rebuild after editing one article", rebuild);
  results.build = { cold: cold.map(buildJson), rssSource: rebuild.rssSource, rebuild: buildJson(rebuild) };
  results.hugo = hugo ? { seconds: hugoSeconds.map((s) => round(s, 2)) } : null;
}

/** 4–5: what wrangler would upload, the asset files, and start-up (a few times: its span moves with load). */
async function measureDeploy({ layout, results }: BenchRun): Promise<UploadFigure> {
  const upload = await dryRunDeploy(layout);
  const assets = await countAssets(layout.assets);
  const { totalKiB, gzipKiB, wranglerAssetEntries } = upload;
  show("worker upload (wrangler deploy --dry-run)", `${totalKiB.toFixed(1)} KiB, gzip ${gzipKiB.toFixed(1)} KiB`);
  const largest = `largest ${assets.largest.path} ${(assets.largest.bytes / 1024).toFixed(1)} KiB`;
  const read = wranglerAssetEntries === null ? "" : ` (wrangler read ${wranglerAssetEntries} entries)`;
  show("asset files", `${assets.files} files, ${mib(assets.bytes).toFixed(1)} MiB; ${largest}${read}`);
  results.upload = { totalKiB: round(totalKiB), gzipKiB: round(gzipKiB) };
  results.assets = {
    files: assets.files,
    MiB: round(mib(assets.bytes)),
    largest: assets.largest.path,
    largestKiB: round(assets.largest.bytes / 1024),
    wranglerEntries: wranglerAssetEntries,
  };

  const startups: StartupFigure[] = [];
  for (let i = 1; i <= STARTUP_RUNS; i++) {
    const startup = await checkStartup(layout);
    startups.push(startup);
    show(
      `start-up #${i} (wrangler check startup)`,
      `span ${startup.spanMs.toFixed(1)} ms, busy ${startup.busyMs.toFixed(1)} ms, in worker code ${startup.workerScriptMs.toFixed(1)} ms`,
    );
  }
  results.startup = {
    spanMs: startups.map((s) => round(s.spanMs)),
    busyMs: startups.map((s) => round(s.busyMs)),
    workerScriptMs: startups.map((s) => round(s.workerScriptMs)),
  };
  return upload;
}

function showHeap(label: string, heap: HeapFigure): void {
  show(
    label,
    `${heap.usedMiB.toFixed(1)} MiB used of ${heap.totalMiB.toFixed(1)} MiB (inspector target ${heap.target})`,
  );
}

/** 6: the deployed bundle in workerd: the mixed set, the record paths, the heap. Returns our /rss.xml. */
async function measureServing(run: BenchRun, bundle: string): Promise<ConstantBody> {
  const { results, failures } = run;
  return withMiniflare(deployedWorker(bundle, run.layout.assets, run.config), async (mf) => {
    const origin = await mf.ready;
    const inspector = await mf.getInspectorURL();
    const rss = await rssDocument(origin);
    // A document already served: answered from the hot cache, so waking the isolate adds next to nothing.
    const wake = () => rssDocument(origin).then(() => undefined);
    const heapAfterRss = await isolateHeap(inspector, WORKER, wake);
    showHeap("isolate heap after serving /rss.xml", heapAfterRss);

    const mixed = await serveMixedSet(origin, mixedSet(run.settings));
    const slowest = `slowest ${mixed.slowest.path} ${Math.round(mixed.slowest.ms)} ms`;
    show("mixed set", `${mixed.ok} of ${mixed.requests} answered 200 in ${mixed.seconds.toFixed(1)} s (${slowest})`);
    for (const { path, status } of mixed.failures.slice(0, 10)) show("", `  FAILED ${path}: ${status}`);
    if (mixed.failures.length > 0) failures.push(`${mixed.failures.length} mixed-set answer(s) not 200`);
    const heap = await isolateHeap(inspector, WORKER, wake);
    showHeap("isolate heap after the mixed set", heap);

    const records: Record<string, number> = {};
    for (const path of RECORD_PATHS) {
      const response = await fetch(new URL(path, origin));
      await response.arrayBuffer();
      records[path] = response.status;
      const verdict = response.status === 404 ? "" : " (FAILED: records must not be public)";
      show(`GET ${path}`, `${response.status}${verdict}`);
      if (response.status !== 404) failures.push(`${path} answered ${response.status}`);
    }
    results.mixedSet = {
      requests: mixed.requests,
      ok: mixed.ok,
      failures: mixed.failures,
      seconds: round(mixed.seconds),
      slowestMs: Math.round(mixed.slowest.ms),
    };
    results.recordPaths = records;
    results.heapMiB = {
      afterRssXml: { used: round(heapAfterRss.usedMiB), total: round(heapAfterRss.totalMiB) },
      afterMixedSet: { used: round(heap.usedMiB), total: round(heap.totalMiB) },
    };
    return rss;
  });
}

/** 7: our cached /rss.xml under load against the constant workers, in one workerd. */
async function measureRatio(run: BenchRun, bundle: string, rss: ConstantBody): Promise<void> {
  const { settings, results, failures } = run;
  await withMiniflare(bareWorkers(bundle, run.layout.assets, run.config, rss), async (mf) => {
    await mf.ready;
    const ours = new URL("/rss.xml", await mf.unsafeGetDirectURL(BARE_WORKER));
    const etag = (await fetch(ours, { headers: { "Accept-Encoding": "identity" } })).headers.get("ETag") ?? "";
    const constant = (form: ConstantForm) => mf.unsafeGetDirectURL(constantWorker(form));
    const generator = loadGenerator();
    const rssBytes = Buffer.byteLength(rss.body);
    show(
      "load",
      `${generator.tool}, ${settings.seconds} s a run, ${settings.rounds} rounds; /rss.xml ${rssBytes} B, ${rss.contentType}`,
    );
    const ratios = await servingRatio(
      ours,
      etag,
      [
        {
          status: 200,
          baselines: { "constant string": await constant("string"), "constant bytes": await constant("bytes") },
        },
        {
          status: 304,
          baselines: {
            "constant 304": await constant("string"),
            "constant 304 with our headers": await constant("headers"),
          },
        },
      ],
      generator,
      { rounds: settings.rounds, seconds: settings.seconds, onRun: (line) => show("", `  ${line}`) },
    );
    const spanOf = (values: number[]) => `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))} req/s`;
    for (const figure of ratios) {
      for (const [name, ratio] of Object.entries(figure.ratios)) {
        show(
          `serving ratio, ${figure.status}: ours / ${name}`,
          `${ratio.toFixed(2)}× (ours ${spanOf(figure.ours)}, ${name} ${spanOf(figure.baselines[name] ?? [])})`,
        );
      }
      if (figure.badStatus > 0) failures.push(`${figure.badStatus} answer(s) under load were not ${figure.status}`);
      if (figure.socketErrors > 0)
        show("", `  ${figure.socketErrors} socket error(s) during the ${figure.status} runs`);
    }
    results.load = { tool: generator.tool, seconds: settings.seconds, rssBytes };
    results.servingRatio = Object.fromEntries(
      ratios.map((f) => [
        f.status,
        {
          ratios: Object.fromEntries(Object.entries(f.ratios).map(([name, r]) => [name, round(r, 2)])),
          ours: f.ours.map(Math.round),
          ...Object.fromEntries(Object.entries(f.baselines).map(([name, rates]) => [name, rates.map(Math.round)])),
        },
      ]),
    );
  });
}

async function main(): Promise<number> {
  const settings = parseSettings();
  const layout = benchLayout(settings.articles);
  const results: Record<string, unknown> = { date: new Date().toISOString(), ...settings };
  const failures: string[] = [];
  const where = relative(process.cwd(), layout.root);
  console.log(`bench:scale: ${settings.articles} articles, ${settings.tags} tags, seed ${settings.seed}, in ${where}/`);
  // Other work on a shared machine moves every timing here; the load average says how much there was.
  const machineLoad = () => loadavg().map((load) => round(load, 2));
  const loadAtStart = machineLoad();
  show("machine load average (1, 5, 15 min)", loadAtStart.join(", "));
  try {
    const config = await readWranglerConfig(layout.repo);
    const run: BenchRun = { settings, layout, config, results, failures };
    await prepareDeployProject(layout, config);
    await measureBuilds(run);
    const upload = await measureDeploy(run);
    const rss = await measureServing(run, upload.bundle);
    await measureRatio(run, upload.bundle, rss);
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  } finally {
    if (!settings.keep) await rm(layout.root, { recursive: true, force: true });
  }
  const loadAtEnd = machineLoad();
  show("machine load average at the end", loadAtEnd.join(", "));
  results.loadAverage = { start: loadAtStart, end: loadAtEnd };
  results.failures = failures;
  for (const failure of failures) console.error(`bench:scale: FAILED: ${failure}`);
  console.log(JSON.stringify(results));
  return failures.length > 0 ? 1 : 0;
}

// The exit code is set, not forced: process.exit() would drop the figures (and the JSON line)
// still queued for a pipe.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
