/**
 * `node --experimental-websocket --import tsx scripts/bench-scale-index.ts N [--tags T] [--keep]`: what the
 * bundled index alone costs at N articles, without building N articles. The index of a synthetic archive (one article
 * an hour, 3 of T tags each, the slugs in tables beside the packs as the build puts
 * them) is encoded by the build's own encoder and written by the build's own writer
 * into a throwaway deploy project, and wrangler says what it would upload and how long
 * the worker takes to start (`wrangler check startup`, three runs). The packs are not
 * made: start-up reads none. For the start-up and upload of a million articles in
 * seconds, where a real build of them takes most of an hour. Last, the isolate heap
 * the index takes: the bundle served as deployed, with no records, after a request of
 * each kind that decodes postings, instants or lookups (those that need records answer
 * 503); what the caches add after a mixed set is measured by bench:scale.
 */
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSize } from "../src/compiler/emit/limits";
import { problemsModulePath, writeIndexModule, writeProblemsModule } from "../src/compiler/emit/emit";
import { encodeIndex } from "../src/model/index-codec";
import type { Tag } from "../src/model/types";
import { checkStartup, dryRunDeploy, prepareDeployProject, readWranglerConfig } from "./bench-scale/deploy";
import { Miniflare } from "miniflare";
import { cpuNanos } from "./bench-cpu/workerd";
import { isolateHeap } from "./bench-scale/inspector";
import { deployedWorker, WORKER } from "./bench-scale/serve";
import { benchLayout } from "./bench-scale/layout";
import { positiveInteger } from "./bench-scale/processes";

const HOUR = 3_600_000;
const NEWEST = Date.parse("2026-01-01T00:00:00Z");

/** A deterministic stream of numbers in [0, 1): the same archive on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { tags: { type: "string" }, keep: { type: "boolean", default: false } },
  });
  const count = positiveInteger("N", positionals[0], 1_000_000);
  const tagCount = positiveInteger("--tags", values.tags, Math.min(10_000, Math.max(1, Math.floor(count / 100))));
  const next = random(11);
  const tags: Tag[] = Array.from({ length: tagCount }, (_, i) => ({
    slug: `topic-${i}`,
    name: `Topic ${i}`,
    declared: true,
    articles: [],
  }));
  const articles = Array.from({ length: count }, (_, ordinal) => {
    const published = NEWEST - ordinal * HOUR;
    const own = new Set(Array.from({ length: 3 }, () => Math.floor(next() * tagCount)));
    for (const tag of own) tags[tag]?.articles.push(ordinal);
    return { slug: `report-${ordinal}`, published, updated: published };
  });
  const site = {
    title: "Scale Wire",
    description: "Synthetic archive.",
    language: "en",
    domain: "scale.example",
    established: "2026-01-01",
    authors: [{ name: "Scale Desk" }],
    copyright: "(c) Scale",
    feedSize: 20,
    feedContent: "full" as const,
  };
  const tagLookup = Object.fromEntries(
    tags.flatMap((tag) => [
      [tag.slug, tag.slug],
      [tag.name.toLowerCase(), tag.slug],
    ]),
  );
  const bundle = { site, articles, tags, tagLookup, retired: [], merged: {}, authors: [], authorLookup: {} };
  const index = { ...encodeIndex(bundle, NEWEST), storageKey: "0".repeat(32) };

  const layout = benchLayout(count, "index");
  await rm(layout.root, { recursive: true, force: true });
  const config = await readWranglerConfig(layout.repo);
  await prepareDeployProject(layout, config);
  await mkdir(layout.assets, { recursive: true });
  await writeIndexModule(layout.indexModule, index);
  await writeProblemsModule(problemsModulePath(layout.indexModule), []);
  const show = (label: string, value: string) => console.log(`${label.padEnd(44)} ${value}`);
  show("index", `${count} articles, ${tagCount} tags, pack size ${index.packSize}`);
  show("index module gzip (the build's estimate)", `${((await gzipSize(layout.indexModule)) / 1024).toFixed(1)} KiB`);
  const upload = await dryRunDeploy(layout);
  show(
    "worker upload (wrangler deploy --dry-run)",
    `${upload.totalKiB.toFixed(1)} KiB, gzip ${upload.gzipKiB.toFixed(1)} KiB`,
  );
  for (let run = 1; run <= 3; run++) {
    const startup = await checkStartup(layout);
    show(
      `start-up #${run} (wrangler check startup)`,
      `span ${startup.spanMs.toFixed(1)} ms, busy ${startup.busyMs.toFixed(1)} ms, in worker code ${startup.workerScriptMs.toFixed(1)} ms`,
    );
  }
  const cpu: number[] = [];
  for (let run = 0; run < 5; run++) cpu.push(await startupCpu(join(layout.dryRun, "worker.js"), config));
  show(
    "start-up CPU (workerd's threads, 5 runs)",
    `${cpu.map((ms) => ms.toFixed(1)).join(" / ")} ms, median ${[...cpu].sort((a, b) => a - b)[2]?.toFixed(1)} ms`,
  );
  if (typeof WebSocket === "undefined") show("isolate heap", "not measured: run node with --experimental-websocket");
  else show("isolate heap, the index alone", await indexHeap(join(layout.dryRun, "worker.js"), layout.assets, config));
  if (!values.keep) await rm(layout.root, { recursive: true, force: true });
}

/**
 * Start-up as `wrangler check startup` runs it (a fresh workerd imports the bundle when
 * its first request comes), read as the CPU workerd's threads spent on that request
 * (schedstat, as bench:cpu reads it), not as the profile's span, which moves with the
 * machine's load. Importing an empty module costs about 5 ms of it.
 */
async function startupCpu(bundle: string, config: Awaited<ReturnType<typeof readWranglerConfig>>): Promise<number> {
  const mf = new Miniflare({
    modulesRoot: "/",
    modules: [
      {
        type: "ESModule",
        path: "startup-entry.js",
        contents: 'export default { async fetch() { await import("worker.js"); return new Response("ok"); } };',
      },
      { type: "ESModule", path: "worker.js", contents: await readFile(bundle, "utf8") },
    ],
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags ?? [],
  });
  try {
    await mf.ready;
    const pid = await workerdChild();
    const before = await cpuNanos(pid);
    await (await mf.dispatchFetch("http://startup.invalid/")).text();
    return ((await cpuNanos(pid)) - before) / 1e6;
  } finally {
    await mf.dispose();
  }
}

/** The workerd process this one started (Miniflare does not say which it is). */
async function workerdChild(): Promise<number> {
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // pid (comm) state ppid …
    const [, comm = "", rest = ""] = /^\d+ \((.*)\) (.*)$/s.exec(stat) ?? [];
    if (comm === "workerd" && rest.split(" ")[1] === String(process.pid)) return Number(entry);
  }
  throw new Error("no workerd process started by this one");
}

/** Requests that read the index's postings, instants and lookups; those that need records answer 503 here. */
const HEAP_PATHS = [
  "/",
  "/tags",
  "/sitemap.xml",
  "/tags/topic-1",
  "/tags/topic-2/rss.xml",
  "/tags/topic-1+topic-2/rss.xml",
  "/tags/topic-3,topic-4/atom.xml",
  "/tags/Topic%205/feed.json",
  "/articles/report-5",
];

async function indexHeap(bundle: string, assets: string, config: Awaited<ReturnType<typeof readWranglerConfig>>) {
  const mf = deployedWorker(bundle, assets, config);
  try {
    const origin = await mf.ready;
    const statuses: number[] = [];
    for (const path of HEAP_PATHS) {
      const response = await fetch(new URL(path, origin));
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    const wake = () => fetch(new URL("/robots.txt", origin)).then((response) => void response.arrayBuffer());
    const heap = await isolateHeap(await mf.getInspectorURL(), WORKER, wake);
    return `${heap.usedMiB.toFixed(1)} MiB used of ${heap.totalMiB.toFixed(1)} MiB, after ${HEAP_PATHS.length} requests (${statuses.join(" ")})`;
  } finally {
    await mf.dispose();
  }
}

await main();
