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
 * - the /stats page's and /stats.json's render, wall and CPU, over a full window: before
 *   the replay, 89 past days of figures for every feed are written straight into D1 (as
 *   the daily roll-ups would have left them). Each is rendered first in the isolate, again
 *   with nothing changed, and again after one more poll;
 * - cold, first and hot CPU of a few feeds with counting off and on, as bench:cpu defines
 *   them (cold: the first request of a fresh isolate; first: a feed's first render in an
 *   isolate that served another; hot: the same poll again, the mean of 200), each read
 *   once the process is idle, so the write after the response is counted with its request;
 *   and hot with a new client on every poll (each one a D1 write).
 *
 * Options: `--articles N` (default 3,000), `--clients C` (default 2,500), `--polls P`
 * (polls a day per client and feed, default 2), `--seed S`, `--history D` (past days
 * seeded, default 89), `--cpu-only` (the cold, first and hot table alone), `--keep`.
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
import type { StatsDatabase, StatsStatement } from "../src/env";
import { countedFeed, SubscriberCounter } from "../src/stats/counter";
import type { EncodedIndex } from "../src/model/types";
import { StatsSnapshots } from "../src/stats/snapshot";
import { dayOf, HISTORY_DAYS, readPast, readToday, readVersions } from "../src/stats/store";

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

/** The key a feed's polls count under, and its format: "/tags/x/atom.xml" is tags/x, atom. */
function countedAs(path: string): { feed: string; format: string } {
  const parts = path.split("/").filter(Boolean);
  const file = parts.pop() ?? "";
  const format = file === "feed.json" ? "json" : file === "atom.xml" ? "atom" : "rss";
  return { feed: parts.length === 0 ? "site" : parts.join("/"), format };
}

/**
 * `days` past days of figures for every feed, written as the daily roll-ups leave them:
 * per format and all formats in stats_totals, and three cloud readers' figures for the
 * 300 most followed feeds in stats_readers.
 */
async function seedHistory(
  db: Awaited<ReturnType<Miniflare["getD1Database"]>>,
  feeds: string[],
  days: number,
): Promise<number> {
  if (days === 0) return 0;
  const today = Math.floor(Date.now() / 86_400_000);
  const keys = [...new Set(feeds.map((path) => countedAs(path).feed))];
  const values = keys.map((feed, rank) => `(${rank}, '${feed.replace(/'/g, "''")}')`).join(",");
  const window = `WITH RECURSIVE d(day) AS (SELECT ${today - days} UNION ALL SELECT day + 1 FROM d WHERE day < ${today - 1}),
    f(rank, feed) AS (VALUES ${values})`;
  await db.batch([
    db.prepare(
      `INSERT OR REPLACE INTO stats_totals (day, feed, format, clients) ${window}
       SELECT day, feed, format, 1 + (rank * 7 + day) % 5 FROM d, f, (SELECT 'rss' AS format UNION ALL SELECT 'atom' UNION ALL SELECT 'json' UNION ALL SELECT '*')`,
    ),
    db.prepare(
      `INSERT OR REPLACE INTO stats_readers (day, feed, format, reader, feed_id, subscribers) ${window}
       SELECT day, feed, 'rss', reader, '', 1 + 2000 / (rank + 1) + day % 3 FROM d, f,
         (SELECT 'Feedly' AS reader UNION ALL SELECT 'Inoreader' UNION ALL SELECT 'Feedbin') WHERE rank < 300`,
    ),
  ]);
  const count = await db
    .prepare("SELECT (SELECT COUNT(*) FROM stats_totals) + (SELECT COUNT(*) FROM stats_readers) AS n")
    .first<{ n: number }>();
  return count?.n ?? 0;
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

/**
 * A D1 that answers every statement at once, with today's salt for the day's first
 * batch: counting on, with none of SQLite's work in the process, so what is measured is
 * what the worker itself spends (on Cloudflare, D1 runs elsewhere).
 */
const STUB_D1 = `export default function () {
  const statement = { bind() { return statement; }, async run() { return {}; }, async all() { return { results: [] }; } };
  const salt = { results: [{ salt: "${"5a".repeat(32)}", pairs: 0 }] };
  return { prepare() { return statement; }, async batch(statements) { return statements.map(() => salt); } };
}
`;

/** How STATS_DB is bound: not at all (counting off), a real local D1 kept under `persist`, or the stub above. */
type Database = { kind: "off" } | { kind: "d1"; persist: string; migrate: boolean } | { kind: "stub" };

async function serve(
  bundle: string,
  assets: string,
  config: Awaited<ReturnType<typeof readWranglerConfig>>,
  database: Database,
) {
  const persist = database.kind === "d1" ? database.persist : undefined;
  const mf = new Miniflare({
    host: "127.0.0.1",
    port: 0,
    workers: [
      {
        name: "edgefeed",
        modules: true,
        scriptPath: bundle,
        compatibilityDate: config.compatibility_date,
        compatibilityFlags: config.compatibility_flags ?? [],
        bindings: { ...(config.vars ?? {}), SITE_URL: "", STATS_TOKEN: TOKEN },
        // As wrangler dev routes it: a path without an asset reaches the worker.
        assets: { directory: assets, binding: "ASSETS", routerConfig: { has_user_worker: true } },
        ...(persist ? { d1Databases: { STATS_DB: "bench-stats" } } : {}),
        ...(database.kind === "stub" ? { wrappedBindings: { STATS_DB: { scriptName: "stub-d1" } } } : {}),
      },
      { name: "stub-d1", modules: true, script: STUB_D1 },
    ],
    ...(persist ? { d1Persist: persist } : {}),
  });
  const base = await mf.ready;
  if (persist) {
    const db = await mf.getD1Database("STATS_DB");
    // D1's own Durable Object started (and the schema brought up to date) before our worker's first request.
    await db.prepare("SELECT 1").run();
  }
  if (database.kind === "d1" && database.migrate) {
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

/** /stats or /stats.json rendered first in the isolate, again with nothing changed, and after one more poll. */
async function renders(served: Served, path: string, poll: Poll) {
  const first = await timed(served, path);
  const again = await timed(served, path);
  await replay(served, [poll]);
  const changed = await timed(served, path);
  return { first, again, changed };
}

/**
 * What D1's statements of a render cost the process on their own, sent straight to the
 * local D1 (from here, not through the worker): all of a first render's reads, the
 * version read of a render with nothing changed, and the version and today's reads
 * after a change. On Cloudflare this work is D1's, not the worker's.
 */
async function d1Share(served: Served) {
  const db = (await served.mf.getD1Database("STATS_DB")) as unknown as StatsDatabase;
  const today = dayOf(Date.now());
  const from = today - HISTORY_DAYS + 1;
  const measure = async (reads: () => Promise<unknown>) => {
    await sleep(50);
    const before = await cpuNanos(served.pid);
    await reads();
    await sleep(50);
    return ((await cpuNanos(served.pid)) - before) / 1e6;
  };
  return {
    first: await measure(() =>
      Promise.all([readVersions(db, from, today), readPast(db, from, today), readToday(db, today)]),
    ),
    again: await measure(() => readVersions(db, from, today)),
    changed: await measure(() => Promise.all([readVersions(db, from, today), readToday(db, today)])),
  };
}

const MINIFLUX = SELF_HOSTED[0] ?? "";

/**
 * A database that records what the local D1 answers each statement (by its SQL), and
 * one that answers the same again at once: the render's JavaScript can then be run with
 * no D1, no SQLite and no proxy in the measure.
 */
function recording(db: StatsDatabase, answers: Map<string, unknown>): StatsDatabase {
  const real = new WeakMap<StatsStatement, StatsStatement>();
  const sqlOf = new WeakMap<StatsStatement, string>();
  const wrap = (statement: StatsStatement, sql: string): StatsStatement => {
    const wrapper: StatsStatement = {
      bind: (...values) => wrap(statement.bind(...values), sql),
      run: () => statement.run(),
      all: () => statement.all(),
    };
    real.set(wrapper, statement);
    sqlOf.set(wrapper, sql);
    return wrapper;
  };
  return {
    prepare: (sql) => wrap(db.prepare(sql), sql),
    batch: async (statements) => {
      const results = await db.batch(statements.map((each) => real.get(each) ?? each));
      statements.forEach((each, i) => answers.set(sqlOf.get(each) ?? "", results[i]));
      return results;
    },
  };
}

function replaying(answers: Map<string, unknown>): StatsDatabase {
  const sqlOf = new WeakMap<StatsStatement, string>();
  const statement = (sql: string): StatsStatement => {
    const self: StatsStatement = {
      bind: () => self,
      run: () => Promise.resolve({}),
      all: <T>() => Promise.resolve({ results: [] as T[] }),
    };
    sqlOf.set(self, sql);
    return self;
  };
  return {
    prepare: statement,
    batch: (statements) =>
      Promise.resolve(
        statements.map(
          (each) => structuredClone(answers.get(sqlOf.get(each) ?? "") ?? { results: [] }) as { results?: unknown[] },
        ),
      ),
  };
}

/**
 * The worker's own JavaScript of a /stats.json render, run here in Node (the same V8):
 * `StatsSnapshots` as the worker keeps it, over the answers the local D1 gave (recorded,
 * then handed back at once, copied as the D1 binding would decode them), first, again
 * with nothing changed, and after one more poll. SQLite's work and D1's transport are
 * not in it; decoding D1's answers is only as far as copying them.
 */
async function workerShare(served: Served, poll: Poll) {
  const d1 = (await served.mf.getD1Database("STATS_DB")) as unknown as StatsDatabase;
  const today = dayOf(Date.now());
  const render = async (snapshots: StatsSnapshots, db: StatsDatabase) => {
    const before = process.cpuUsage();
    const got = await snapshots.read(db, today);
    got.body("json", () => got.json());
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  };
  const answers = new Map<string, unknown>();
  const snapshots = new StatsSnapshots();
  // Recorded first (the real answers), then measured over them.
  await render(new StatsSnapshots(), recording(d1, answers));
  const first = await render(snapshots, replaying(answers));
  const again = await render(snapshots, replaying(answers));
  await replay(served, [poll]);
  await render(new StatsSnapshots(), recording(d1, answers));
  return { first, again, changed: await render(snapshots, replaying(answers)) };
}
const HOT_POLLS = 200;

/** Cold, first and hot CPU of `path` (ms), each in a fresh instance, counting off or on. */
async function coldFirstHot(
  start: () => Promise<Served>,
  path: string,
  other: string,
): Promise<{ cold: number; first: number; hot: number; hotNew: number }> {
  const poll = (address: string): Poll => ({ path, headers: { "User-Agent": MINIFLUX, "CF-Connecting-IP": address } });
  let served = await start();
  let cold: number;
  try {
    cold = (await replay(served, [poll("10.200.0.1")])).cpuMs;
  } finally {
    await served.mf.dispose();
  }
  served = await start();
  try {
    await replay(served, [{ path: other, headers: { "User-Agent": MINIFLUX, "CF-Connecting-IP": "10.200.0.2" } }]);
    const first = (await replay(served, [poll("10.200.0.3")])).cpuMs;
    const hot = (
      await replay(
        served,
        Array.from({ length: HOT_POLLS }, () => poll("10.200.0.3")),
      )
    ).cpuMs;
    const fresh = Array.from({ length: HOT_POLLS }, (_, i) => poll(`10.201.${i >> 8}.${i & 255}`));
    const hotNew = (await replay(served, fresh)).cpuMs;
    return { cold, first, hot, hotNew };
  } finally {
    await served.mf.dispose();
  }
}

const line = (label: string, value: string) => console.log(`${label.padEnd(44)} ${value}`);

/**
 * What the worker's request path spends on a counted poll, in this Node process (V8, as
 * in workerd): `observe` on requests built once, with a database that answers at once,
 * in microseconds of CPU per poll: the same client again (the common poll), a cloud
 * reader again, and a new client every time (the HMAC and the statement, but no SQLite).
 */
async function observeCost(): Promise<Record<string, number>> {
  const salt = { results: [{ salt: "5a".repeat(32), pairs: 0 }] };
  const statement: StatsStatement = {
    bind: () => statement,
    run: () => Promise.resolve({}),
    all: <T>() => Promise.resolve({ results: [] as T[] }),
  };
  const db: StatsDatabase = {
    prepare: () => statement,
    batch: (statements) => Promise.resolve(statements.map(() => salt)),
  };
  const feed = countedFeed("tags/topic-0", "rss");
  const request = (agent: string, address: string) =>
    new Request("https://bench.example/tags/topic-0/rss.xml", {
      headers: { "User-Agent": agent, "CF-Connecting-IP": address, "Accept-Encoding": "gzip" },
    });
  const measure = async (requests: Request[]) => {
    const counter = new SubscriberCounter(() => undefined);
    const pending: Promise<unknown>[] = [];
    const defer = { waitUntil: (promise: Promise<unknown>) => void pending.push(promise) };
    // The first poll opens the day; not counted.
    counter.observe(request(MINIFLUX, "10.0.0.1"), feed, Date.now(), db, defer);
    await Promise.all(pending.splice(0));
    const before = process.cpuUsage();
    for (const each of requests) counter.observe(each, feed, Date.now(), db, defer);
    await Promise.all(pending.splice(0));
    const used = process.cpuUsage(before);
    return (used.user + used.system) / requests.length;
  };
  const n = 20_000;
  return {
    sameClient: await measure(Array.from({ length: n }, () => request(MINIFLUX, "10.0.0.1"))),
    cloudReader: await measure(Array.from({ length: n }, () => request(CLOUD[0]!(42, 1), "172.16.0.1"))),
    newClient: await measure(
      Array.from({ length: n }, (_, i) => request(MINIFLUX, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`)),
    ),
  };
}

/** Cold, first and hot of a few feeds, counting off and on, each in fresh instances; printed, and returned. */
async function cpuTable(tags: string[], start: (database: Database) => Promise<Served>, persist: string) {
  const [one = "", two = "", three = ""] = tags;
  const kinds = [
    ["/rss.xml", `/tags/${one}/rss.xml`],
    [`/tags/${one}/atom.xml`, "/rss.xml"],
    [`/tags/${two}/feed.json`, "/rss.xml"],
    [`/tags/${[one, three].sort().join("+")}/rss.xml`, "/rss.xml"],
  ];
  const cpu: Record<string, Record<string, Awaited<ReturnType<typeof coldFirstHot>>>> = {};
  console.log(
    `cold / first / hot / hot with a new client each poll, CPU ms, each as: counting off, on with a D1 that answers at once (the worker's own cost), on with local D1 (its SQLite in the same process) (load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")})`,
  );
  for (const [path = "", other = ""] of kinds) {
    cpu[path] = {};
    const modes: [string, Database][] = [
      ["off", { kind: "off" }],
      ["stub", { kind: "stub" }],
      ["d1", { kind: "d1", persist, migrate: false }],
    ];
    for (const [mode, database] of modes) {
      cpu[path][mode] = await coldFirstHot(() => start(database), path, other);
    }
    const {
      off: a,
      stub: b,
      d1: c,
    } = cpu[path] as Record<"off" | "stub" | "d1", Awaited<ReturnType<typeof coldFirstHot>>>;
    const three = (x: number, y: number, z: number, digits: number) =>
      `${x.toFixed(digits)} ${y.toFixed(digits)} ${z.toFixed(digits)}`;
    line(
      `  ${path}`,
      `${three(a.cold, b.cold, c.cold, 1)} / ${three(a.first, b.first, c.first, 1)} / ${three(a.hot, b.hot, c.hot, 3)} / ${three(a.hotNew, b.hotNew, c.hotNew, 3)}`,
    );
  }
  return cpu;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      articles: { type: "string", default: "3000" },
      clients: { type: "string", default: "2500" },
      polls: { type: "string", default: "2" },
      seed: { type: "string", default: "17" },
      history: { type: "string", default: "89" },
      "cpu-only": { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
    },
  });
  const articles = positiveInteger("--articles", values.articles, 3000);
  const clients = positiveInteger("--clients", values.clients, 2500);
  const polls = positiveInteger("--polls", values.polls, 2);
  const seed = positiveInteger("--seed", values.seed, 17);
  const historyDays = Math.min(89, Math.max(0, Number(values.history) || 0));
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
    const observed = await observeCost();
    line(
      "counting's request path (observe), µs CPU",
      `same client ${observed.sameClient?.toFixed(2)}, cloud reader ${observed.cloudReader?.toFixed(2)}, new client ${observed.newClient?.toFixed(2)} (HMAC and statement, no SQLite), in Node`,
    );
    if (values["cpu-only"]) {
      // The cold, first and hot table alone, over a migrated local D1.
      const persist = join(layout.root, "d1");
      await (await serve(bundle, layout.assets, config, { kind: "d1", persist, migrate: true })).mf.dispose();
      await cpuTable(tags, (database) => serve(bundle, layout.assets, config, database), persist);
      return 0;
    }
    // Every feed rendered once first in both runs, so the replay measures polls, not first renders.
    const warm = feeds.map((path) => ({ path, headers: { "User-Agent": CRAWLER } }));
    const hotLoop = Array.from({ length: 2000 }, () => ({
      path: "/rss.xml",
      headers: { "User-Agent": SELF_HOSTED[0] ?? "", "CF-Connecting-IP": "10.255.0.1" },
    }));

    const results: Record<string, { replay: number; hot: number; statuses: Map<number, number> }> = {};
    let stats: { page: Awaited<ReturnType<typeof renders>>; json: Awaited<ReturnType<typeof renders>> } | undefined;
    let seeded = 0;
    let d1: Awaited<ReturnType<typeof d1Share>> | undefined;
    let share: Awaited<ReturnType<typeof workerShare>> | undefined;
    let rows = { clients: 0, readers: 0, gauge: 0 };
    for (const counting of [false, true]) {
      const database: Database = counting
        ? { kind: "d1", persist: join(layout.root, "d1"), migrate: true }
        : { kind: "off" };
      const served = await serve(bundle, layout.assets, config, database);
      try {
        if (counting) seeded = await seedHistory(await served.mf.getD1Database("STATS_DB"), feeds, historyDays);
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
          const another = (n: number): Poll => ({
            path: "/rss.xml",
            headers: { "User-Agent": MINIFLUX, "CF-Connecting-IP": `10.254.0.${n}` },
          });
          stats = {
            json: await renders(served, "/stats.json", another(1)),
            page: await renders(served, "/stats", another(2)),
          };
          d1 = await d1Share(served);
          share = await workerShare(served, another(3));
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
    const render = (r: Awaited<ReturnType<typeof timed>>) =>
      `${r.cpuMs.toFixed(1)} ms CPU (${r.wallMs.toFixed(0)} ms wall)`;
    line("past days seeded (rows)", `${historyDays} (${seeded})`);
    for (const [label, r] of [
      ["/stats.json", stats!.json],
      ["/stats", stats!.page],
    ] as const) {
      line(
        `${label} render: first / again / after a poll`,
        `${render(r.first)} / ${render(r.again)} / ${render(r.changed)}, ${(r.first.bytes / 1024).toFixed(0)} KiB`,
      );
    }

    line(
      "  of which D1's statements alone",
      `${d1!.first.toFixed(1)} / ${d1!.again.toFixed(1)} / ${d1!.changed.toFixed(1)} ms CPU (D1's work on Cloudflare, not the worker's)`,
    );
    line(
      "  the worker's own JavaScript, in Node",
      `${share!.first.toFixed(1)} / ${share!.again.toFixed(1)} / ${share!.changed.toFixed(1)} ms CPU (/stats.json over D1's answers, copied as decoded)`,
    );

    const cpu = await cpuTable(
      tags,
      (database) => serve(bundle, layout.assets, config, database),
      join(layout.root, "d1"),
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
        d1,
        share,
        cpu,
      }),
    );
    // The hot loop's client is one pair more than the day's, and the three polls between renders three more.
    return rows.clients === pairs + 4 ? 0 : 1;
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
