/**
 * `npm run bench:stats`: what counting subscribers costs. It builds a synthetic archive
 * with the real build (333 tags: with the site's, 1,000 feed URLs), makes the bundle
 * wrangler would deploy, and serves it through Miniflare twice, once without STATS_DB
 * (counting off) and once with a real local D1 bound and migrated (counting on). Into
 * each it replays the same day of polls: self-hosted readers polling the feeds they
 * follow (conditionally after the first time), cloud readers reporting changing
 * figures, crawlers and browsers. It prints:
 *
 * - the D1 rows the day writes (client rows, which the next day's roll-up deletes again,
 *   cloud figures, the daily gauge), against the free plan's 100,000;
 * - CPU per request, counting off and on, over the whole replay and over a hot loop
 *   (one client polling one feed again and again: what the hot path adds); CPU is the
 *   kernel's per-thread accounting of the workerd process (as bench:cpu reads it);
 *   local D1 runs in that same process, so "on" includes SQLite's own work, which on
 *   Cloudflare runs in D1, not in the worker;
 * - the /stats page's and /stats.json's render time, wall and CPU.
 *
 * Options: `--articles N` (default 3,000), `--clients C` (default 2,500), `--polls P`
 * (polls a day per client and feed, default 2), `--seed S`, `--keep`.
 */
import { readdir, readFile, rm } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Miniflare } from "miniflare";
import { coldBuild } from "./bench-scale/builds";
import { dryRunDeploy, prepareDeployProject, readWranglerConfig } from "./bench-scale/deploy";
import { benchLayout } from "./bench-scale/layout";
import { positiveInteger } from "./bench-scale/processes";
import { writeSyntheticArchive } from "./synthetic-archive";
import { decodeIndex } from "../src/model/index-codec";
import type { EncodedIndex } from "../src/model/types";

const TAGS = 333;
const TOKEN = "bench-stats-token";
const FREE_PLAN_ROWS_WRITTEN = 100_000;

interface Poll {
  path: string;
  headers: Record<string, string>;
}

/** A small deterministic generator (mulberry32), so every run replays the same day. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SELF_HOSTED = [
  "Mozilla/5.0 (compatible; Miniflux/2.1.3; +https://miniflux.app)",
  "FreshRSS/1.24.1 (Linux; https://freshrss.org)",
  "NetNewsWire (RSS Reader; https://netnewswire.com/)",
  "newsboat/2.36.0 (Linux x86_64)",
  "CommaFeed/4.6.0 (https://github.com/Athou/commafeed)",
  "NextCloud-News/1.0",
];
const CLOUD = [
  (n: number) => `Feedly/1.0 (+http://www.feedly.com/fetcher.html; ${n} subscribers; )`,
  (n: number) => `Mozilla/5.0 (compatible; inoreader.com; ${n} subscribers)`,
  (n: number, id: number) => `Feedbin feed-id:${id} - ${n} subscribers`,
];
const CRAWLER = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

/** The 1,000 feed URLs: the site's RSS, and each tag's three formats. */
function feedPaths(tags: string[]): string[] {
  return ["/rss.xml", ...tags.flatMap((tag) => ["rss.xml", "atom.xml", "feed.json"].map((f) => `/tags/${tag}/${f}`))];
}

/** A day of polls, in the order they are replayed, and how many cloud figure writes it should cause. */
function dayOfPolls(feeds: string[], clients: number, polls: number, seed: number) {
  const next = random(seed);
  // Popularity falls with rank, as a newsroom's topics do.
  const pick = () => feeds[Math.min(feeds.length - 1, Math.floor(feeds.length * next() ** 3))] ?? "/rss.xml";
  const rounds: Poll[][] = Array.from({ length: polls }, () => []);
  const pairs = new Set<string>();
  for (let client = 0; client < clients; client++) {
    const address = `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`;
    const agent = SELF_HOSTED[client % SELF_HOSTED.length] ?? "";
    const follows = new Set(Array.from({ length: 1 + Math.floor(next() * 4) }, pick));
    for (const path of follows) {
      pairs.add(`${path} ${address} ${agent}`);
      for (const round of rounds) round.push({ path, headers: { "User-Agent": agent, "CF-Connecting-IP": address } });
    }
  }
  let figureWrites = 0;
  const cloud: Poll[] = [];
  for (const [rank, path] of feeds.slice(0, 300).entries()) {
    for (const [reader, agent] of CLOUD.entries()) {
      const base = Math.max(1, Math.round(2000 / (rank + 1)));
      let highest = -1;
      for (let poll = 0; poll < 6; poll++) {
        const figure = base + Math.floor(next() * 5) - 2;
        if (figure > highest) {
          highest = figure;
          figureWrites++;
        }
        cloud.push({
          path,
          headers: { "User-Agent": agent(figure, 1000 + rank), "CF-Connecting-IP": `172.16.${reader}.${poll}` },
        });
      }
    }
  }
  const others: Poll[] = [];
  for (const path of feeds.slice(0, 500)) others.push({ path, headers: { "User-Agent": CRAWLER } });
  for (const path of feeds.slice(0, 200)) {
    others.push({
      path,
      headers: { "User-Agent": BROWSER, "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document" },
    });
  }
  // Interleaved as a day would be: each round of self-hosted polls, a share of the cloud and the rest.
  const day: Poll[] = [];
  rounds.forEach((round, i) => {
    day.push(...round, ...cloud.filter((_, j) => j % polls === i), ...others.filter((_, j) => j % polls === i));
  });
  return { day, pairs: pairs.size, figureWrites };
}

/** The workerd process Miniflare started (the newest child of this process running workerd). */
async function workerdPid(): Promise<number> {
  const found: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const command = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (parent === process.pid && command.includes("workerd")) found.push(Number(entry));
  }
  const pid = found.sort((a, b) => b - a)[0];
  if (pid === undefined) throw new Error("cannot find the workerd process Miniflare started");
  return pid;
}

async function cpuNanos(pid: number): Promise<number> {
  let total = 0;
  for (const task of await readdir(`/proc/${pid}/task`)) {
    const text = await readFile(`/proc/${pid}/task/${task}/schedstat`, "utf8").catch(() => "0");
    total += Number(text.split(" ")[0]) || 0;
  }
  return total;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

interface Served {
  mf: Miniflare;
  pid: number;
  base: URL;
  etags: Map<string, string>;
}

async function serve(
  bundle: string,
  assets: string,
  config: Awaited<ReturnType<typeof readWranglerConfig>>,
  persist?: string,
) {
  const mf = new Miniflare({
    host: "127.0.0.1",
    port: 0,
    modules: true,
    scriptPath: bundle,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags ?? [],
    bindings: { ...(config.vars ?? {}), SITE_URL: "", STATS_TOKEN: TOKEN },
    // As wrangler dev routes it: a path without an asset reaches the worker.
    assets: { directory: assets, binding: "ASSETS", routerConfig: { has_user_worker: true } },
    ...(persist ? { d1Databases: { STATS_DB: "bench-stats" }, d1Persist: persist } : {}),
  });
  const base = await mf.ready;
  if (persist) {
    const db = await mf.getD1Database("STATS_DB");
    const migrations = join(import.meta.dirname, "..", "migrations");
    for (const file of (await readdir(migrations)).filter((name) => name.endsWith(".sql")).sort()) {
      const sql = (await readFile(join(migrations, file), "utf8")).replace(/--[^\n]*/g, "");
      for (const statement of sql
        .split(";")
        .map((part) => part.trim())
        .filter(Boolean)) {
        await db.prepare(statement).run();
      }
    }
  }
  return { mf, pid: await workerdPid(), base, etags: new Map<string, string>() } satisfies Served;
}

/** Replays `polls` one at a time (conditionally once a client has the feed's ETag) and returns CPU ms per request. */
async function replay(served: Served, polls: Poll[]): Promise<{ cpuMs: number; statuses: Map<number, number> }> {
  const statuses = new Map<number, number>();
  await sleep(50);
  const before = await cpuNanos(served.pid);
  for (const poll of polls) {
    const etag = served.etags.get(poll.path);
    const headers = { "Accept-Encoding": "gzip", ...poll.headers, ...(etag ? { "If-None-Match": etag } : {}) };
    const response = await served.mf.dispatchFetch(new URL(poll.path, served.base), { headers });
    await response.arrayBuffer();
    const got = response.headers.get("ETag");
    if (got) served.etags.set(poll.path, got);
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  }
  // The writes after the responses run on: wait for the process to be idle again.
  let last = await cpuNanos(served.pid);
  for (;;) {
    await sleep(200);
    const now = await cpuNanos(served.pid);
    if (now - last < 2_000_000) break;
    last = now;
  }
  return { cpuMs: (last - before) / 1e6 / polls.length, statuses };
}

async function timed(served: Served, path: string): Promise<{ wallMs: number; cpuMs: number; bytes: number }> {
  await sleep(50);
  const before = await cpuNanos(served.pid);
  const start = performance.now();
  const response = await served.mf.dispatchFetch(new URL(path, served.base), {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  const bytes = (await response.arrayBuffer()).byteLength;
  const wallMs = performance.now() - start;
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  await sleep(50);
  return { wallMs, cpuMs: ((await cpuNanos(served.pid)) - before) / 1e6, bytes };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      articles: { type: "string", default: "3000" },
      clients: { type: "string", default: "2500" },
      polls: { type: "string", default: "2" },
      seed: { type: "string", default: "17" },
      keep: { type: "boolean", default: false },
    },
  });
  const articles = positiveInteger("--articles", values.articles, 3000);
  const clients = positiveInteger("--clients", values.clients, 2500);
  const polls = positiveInteger("--polls", values.polls, 2);
  const seed = positiveInteger("--seed", values.seed, 17);
  const layout = benchLayout(articles, "stats");
  const config = await readWranglerConfig(layout.repo);
  console.log(
    `bench:stats: ${articles} synthetic articles, ${TAGS} tags, ${clients} clients, seed ${seed}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")}`,
  );
  try {
    await prepareDeployProject(layout, config);
    await writeSyntheticArchive({ articles, tags: TAGS, dir: join(layout.root, "archive"), seed, hugo: false });
    const build = await coldBuild(layout);
    console.log(`build: ${build.seconds.toFixed(1)} s`);
    await dryRunDeploy(layout);
    const bundle = join(layout.root, "dry-run", "worker.js");
    const { index } = (await import(pathToFileURL(layout.indexModule).href)) as { index: EncodedIndex };
    const tags = decodeIndex(index)
      .tags.map((tag) => tag.slug)
      .slice(0, TAGS);
    const feeds = feedPaths(tags);
    const { day, pairs, figureWrites } = dayOfPolls(feeds, clients, polls, seed);
    console.log(`feeds: ${feeds.length}; the day: ${day.length} polls, ${pairs} (feed, client) pairs`);
    // Every feed rendered once first in both runs, so the replay measures polls, not first renders.
    const warm = feeds.map((path) => ({ path, headers: { "User-Agent": CRAWLER } }));
    const hotLoop = Array.from({ length: 2000 }, () => ({
      path: "/rss.xml",
      headers: { "User-Agent": SELF_HOSTED[0] ?? "", "CF-Connecting-IP": "10.255.0.1" },
    }));

    const results: Record<string, { replay: number; hot: number; statuses: Map<number, number> }> = {};
    let stats: { page: Awaited<ReturnType<typeof timed>>; json: Awaited<ReturnType<typeof timed>> } | undefined;
    let rows = { clients: 0, readers: 0, gauge: 0 };
    for (const counting of [false, true]) {
      const persist = counting ? join(layout.root, "d1") : undefined;
      const served = await serve(bundle, layout.assets, config, persist);
      try {
        const warmed = await replay(served, warm);
        if (warmed.statuses.get(200) !== warm.length) {
          throw new Error(`the feeds did not all answer 200: ${JSON.stringify([...warmed.statuses])}`);
        }
        served.etags.clear();
        console.log(`counting ${counting ? "on" : "off"}: every feed rendered once; replaying the day…`);
        const { cpuMs, statuses } = await replay(served, day);
        const hot = await replay(served, hotLoop);
        results[counting ? "on" : "off"] = { replay: cpuMs, hot: hot.cpuMs, statuses };
        if (counting) {
          await timed(served, "/stats.json");
          stats = { page: await timed(served, "/stats"), json: await timed(served, "/stats.json") };
          const db = await served.mf.getD1Database("STATS_DB");
          const count = async (sql: string) => Number(Object.values((await db.prepare(sql).first()) ?? {})[0] ?? 0);
          rows = {
            clients: await count("SELECT COUNT(*) FROM stats_clients"),
            readers: await count("SELECT COUNT(*) FROM stats_readers"),
            gauge: await count("SELECT COALESCE(MAX(pairs), 0) FROM stats_salts"),
          };
        }
      } finally {
        await served.mf.dispose();
      }
    }
    const off = results.off!;
    const on = results.on!;
    const gaugeWrites = Math.floor(rows.clients / 50);
    const written = rows.clients * 2 + figureWrites + gaugeWrites + 1;
    const line = (label: string, value: string) => console.log(`${label.padEnd(44)} ${value}`);
    line("answers (counting on)", [...on.statuses].map(([status, n]) => `${n} × ${status}`).join(", "));
    line("client rows (one per new pair)", `${rows.clients} (pairs in the replay: ${pairs}, and the hot loop's)`);
    line("cloud reader rows / figure writes", `${rows.readers} / ${figureWrites}`);
    line("gauge in D1 / its writes", `${rows.gauge} / ${gaugeWrites}`);
    line(
      "D1 rows written for the day",
      `${written} (clients ×2 with the next day's delete, figures, gauge, salt) of ${FREE_PLAN_ROWS_WRITTEN.toLocaleString("en")}`,
    );
    line(
      "CPU per request, replay, off / on",
      `${off.replay.toFixed(3)} / ${on.replay.toFixed(3)} ms (×${(on.replay / off.replay).toFixed(2)})`,
    );
    line(
      "CPU per request, hot loop, off / on",
      `${off.hot.toFixed(3)} / ${on.hot.toFixed(3)} ms (×${(on.hot / off.hot).toFixed(2)})`,
    );
    line(
      "/stats render, wall / CPU",
      `${stats!.page.wallMs.toFixed(1)} / ${stats!.page.cpuMs.toFixed(1)} ms, ${(stats!.page.bytes / 1024).toFixed(0)} KiB`,
    );
    line(
      "/stats.json render, wall / CPU",
      `${stats!.json.wallMs.toFixed(1)} / ${stats!.json.cpuMs.toFixed(1)} ms, ${(stats!.json.bytes / 1024).toFixed(0)} KiB`,
    );
    console.log(
      JSON.stringify({
        feeds: feeds.length,
        polls: day.length,
        pairs,
        rows,
        figureWrites,
        written,
        cpuReplayOff: off.replay,
        cpuReplayOn: on.replay,
        cpuHotOff: off.hot,
        cpuHotOn: on.hot,
        stats,
      }),
    );
    // The hot loop's client is one pair more than the day's.
    return rows.clients === pairs + 1 ? 0 : 1;
  } finally {
    if (!values.keep) await rm(layout.root, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("bench:stats:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
