/**
 * `npm run bench:cpu [-- N]`: the CPU one request costs the worker, for every kind of
 * document it serves, on an archive of N articles (default 10,000). It builds a
 * synthetic archive with the real build (or takes `--content DIR`), makes the bundle
 * wrangler would deploy (`wrangler deploy --dry-run`), serves it in a bare workerd
 * with its assets beside a constant-string worker (scripts/bench-cpu/workerd.ts), and
 * prints for each document:
 *
 * - **cold**: the first request of a fresh workerd (a fresh isolate), median of `--cold R` runs;
 * - **first**: the document's first render in an isolate that has served other documents, median of R isolates;
 * - **hot**: the same document again, median of 15 requests in each of them;
 *
 * beside the constant worker's cold and hot figures, then every figure as one JSON
 * line and, last, the worst case of each kind. CPU is read from the kernel's per-thread
 * accounting of the workerd process (schedstat), not from wall time. Requests carry
 * `Accept-Encoding: gzip`, as feed readers' do. docs/cost.md explains the figures.
 *
 * Options: `--tags T` (default min(1000, N/100)), `--seed S`, `--content DIR` (an
 * existing content directory instead of a synthetic archive), `--cold R` (default 3),
 * `--only REGEX` (documents whose label or path matches), `--keep`.
 */
import { existsSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { coldBuild } from "./bench-scale/builds";
import { dryRunDeploy, prepareDeployProject, readWranglerConfig } from "./bench-scale/deploy";
import { benchLayout } from "./bench-scale/layout";
import { positiveInteger } from "./bench-scale/processes";
import { writeSyntheticArchive } from "./synthetic-archive";
import { profileRequest } from "./bench-cpu/profile";
import { type Measured, Workerd, type WorkerdSetup } from "./bench-cpu/workerd";
import { decodeIndex } from "../src/model/index-codec";
import { storedPath } from "../src/model/storage";
import { SITEMAP_PART, sitemapListPath } from "../src/model/tables";
import type { ContentIndex, EncodedIndex } from "../src/model/types";

interface Settings {
  articles: number;
  tags: number;
  seed: number;
  content?: string;
  coldRuns: number;
  only?: RegExp;
  /** Profile this path's request instead of measuring every document. */
  profile?: string;
  /** Paths served before the profiled request (a warm isolate). */
  warm: string[];
  reuseBuild: boolean;
  keep: boolean;
}

const HOT_RUNS = 15;
const READER = { "Accept-Encoding": "gzip", "User-Agent": "bench-cpu/1.0" };

function parseSettings(): Settings {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      tags: { type: "string" },
      seed: { type: "string" },
      content: { type: "string" },
      cold: { type: "string" },
      only: { type: "string" },
      profile: { type: "string" },
      warm: { type: "string" },
      "reuse-build": { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
    },
  });
  const articles = positiveInteger("N", positionals[0], 10_000);
  return {
    articles,
    tags: positiveInteger("--tags", values.tags, Math.max(1, Math.min(1_000, Math.floor(articles / 100)))),
    seed: positiveInteger("--seed", values.seed, 7),
    content: values.content === undefined ? undefined : resolve(values.content),
    coldRuns: positiveInteger("--cold", values.cold, 3),
    only: values.only === undefined ? undefined : new RegExp(values.only),
    profile: values.profile,
    warm: values.warm ? values.warm.split(",") : [],
    reuseBuild: values["reuse-build"],
    keep: values.keep || values["reuse-build"] || values.profile !== undefined,
  };
}

/** One document to measure: what it is, its path, and the status it must answer with. */
interface Document {
  label: string;
  path: string;
  status: number;
  method?: string;
}

/** Articles to ask for: the oldest, one in the middle, the newest. */
interface ArticleSlugs {
  oldest: string;
  middle: string;
  newest: string;
}

/** The slugs of a few articles, from the sitemap lists the build wrote beside the packs (the index holds none). */
async function articleSlugs(assets: string, index: EncodedIndex): Promise<ArticleSlugs> {
  const list = async (part: number) =>
    Array.from(
      (await readFile(join(assets, storedPath(index.storageKey, sitemapListPath(part))), "utf8")).matchAll(
        /\/articles\/([^<]+)<\/loc>/g,
      ),
      (match) => ({ slug: decodeURIComponent(match[1] ?? "") }),
    );
  const parts = Math.ceil(index.count / SITEMAP_PART);
  const middle = await list(Math.ceil(parts / 2));
  return {
    oldest: (await list(1))[0]?.slug ?? "",
    middle: middle[Math.floor(middle.length / 2)]?.slug ?? "",
    newest: (await list(parts)).at(-1)?.slug ?? "",
  };
}

/**
 * Every kind of document the worker serves, from the built index: each named scope is
 * a different tag or author, so a document's first render never reuses another's packs.
 */
function documents(index: ContentIndex, slugs: ArticleSlugs): Document[] {
  const tags = index.tags.filter((tag) => tag.count > 0).map((tag) => tag.slug);
  const pick = (() => {
    let next = 0;
    return () => tags[(next++ * 7919) % Math.max(1, tags.length)] ?? "none";
  })();
  /** `count` distinct tags in canonical (ascending) order, joined by `mode`. */
  const combination = (count: number, mode: "+" | ",") =>
    [...new Set(Array.from({ length: count }, pick))].sort().join(mode);
  const authors = index.authors.filter((author) => author.count > 0).map((author) => author.slug);
  const siteArchives = Math.floor(index.published.length / index.site.feedSize);
  const entries = index.published.length + tags.length + authors.length + 4;
  const sitemapParts = entries > SITEMAP_PART ? Math.ceil(entries / SITEMAP_PART) : 0;
  const docs: Document[] = [
    { label: "site feed rss", path: "/rss.xml", status: 200 },
    { label: "site feed atom", path: "/atom.xml", status: 200 },
    { label: "site feed json", path: "/feed.json", status: 200 },
    { label: "site archive oldest rss", path: "/archive/1/rss.xml", status: 200 },
    {
      label: "site archive middle atom",
      path: `/archive/${Math.max(1, Math.floor(siteArchives / 2))}/atom.xml`,
      status: 200,
    },
    { label: "site archive newest json", path: `/archive/${Math.max(1, siteArchives)}/feed.json`, status: 200 },
    { label: "home page", path: "/", status: 200 },
    { label: "tag index", path: "/tags", status: 200 },
    { label: "site subscribe page", path: "/subscribe", status: 200 },
    { label: "opml", path: "/feeds.opml", status: 200 },
    { label: "sitemap", path: "/sitemap.xml", status: 200 },
    { label: "robots.txt", path: "/robots.txt", status: 200 },
    { label: "article page (newest)", path: `/articles/${slugs.newest}`, status: 200 },
    { label: "article page (middle)", path: `/articles/${slugs.middle}`, status: 200 },
    { label: "article page (oldest)", path: `/articles/${slugs.oldest}`, status: 200 },
    { label: "tag page", path: `/tags/${pick()}`, status: 200 },
    { label: "tag subscribe page", path: `/tags/${pick()}/subscribe`, status: 200 },
    { label: "tag feed rss", path: `/tags/${pick()}/rss.xml`, status: 200 },
    { label: "tag feed atom", path: `/tags/${pick()}/atom.xml`, status: 200 },
    { label: "tag feed json", path: `/tags/${pick()}/feed.json`, status: 200 },
    { label: "tag archive rss", path: `/tags/${pick()}/archive/1/rss.xml`, status: 200 },
    { label: "tag archive atom", path: `/tags/${pick()}/archive/2/atom.xml`, status: 200 },
    { label: "combination all (2) atom", path: `/tags/${combination(2, "+")}/atom.xml`, status: 200 },
    { label: "combination all (3) json", path: `/tags/${combination(3, "+")}/feed.json`, status: 200 },
    { label: "combination any (4) rss", path: `/tags/${combination(4, ",")}/rss.xml`, status: 200 },
    { label: "combination any (2) page", path: `/tags/${combination(2, ",")}`, status: 200 },
    { label: "combination any (2) subscribe", path: `/tags/${combination(2, ",")}/subscribe`, status: 200 },
    { label: "combination any (3) archive", path: `/tags/${combination(3, ",")}/archive/1/atom.xml`, status: 200 },
    { label: "author index", path: "/authors", status: 200 },
    { label: "redirect: tag in another case", path: `/tags/${pick().toUpperCase()}/rss.xml`, status: 301 },
    { label: "redirect: trailing slash", path: `/tags/${pick()}/`, status: 301 },
    { label: "redirect: feed alias", path: "/index.xml", status: 301 },
    { label: "404: unknown article", path: "/articles/no-such-article-here", status: 404 },
    { label: "404: unknown tag feed", path: "/tags/no-such-tag-here/rss.xml", status: 404 },
    { label: "404: unknown path", path: "/no/such/page", status: 404 },
    { label: "404: archive page past the end", path: "/archive/999999/rss.xml", status: 404 },
    { label: "405: POST", path: "/rss.xml", status: 405, method: "POST" },
  ];
  for (let part = 1; part <= sitemapParts; part++) {
    docs.push({ label: `sitemap part ${part}`, path: `/sitemaps/${part}.xml`, status: 200 });
  }
  const author = authors[0];
  if (author) {
    docs.push(
      { label: "author page", path: `/authors/${author}`, status: 200 },
      { label: "author feed rss", path: `/authors/${author}/rss.xml`, status: 200 },
      { label: "author feed json", path: `/authors/${authors[1] ?? author}/feed.json`, status: 200 },
      { label: "author subscribe page", path: `/authors/${authors[2] ?? author}/subscribe`, status: 200 },
    );
  }
  const retired = index.retired[0];
  if (retired) docs.push({ label: "410: retired tag", path: `/tags/${retired.slug}`, status: 410 });
  return docs;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const ms = (value: number) => value.toFixed(2).padStart(7);

interface Row {
  document: Document;
  cold: number[];
  first: number[];
  hot: number[];
  bytes?: number;
  problems: string[];
}

function check(row: Row, answer: Measured, when: string): void {
  const problem = `${when}: answered ${answer.status}, expected ${row.document.status}`;
  if (answer.status !== row.document.status && !row.problems.includes(problem)) row.problems.push(problem);
}

async function main(): Promise<number> {
  const settings = parseSettings();
  const layout = benchLayout(settings.articles, "cpu");
  const config = await readWranglerConfig(layout.repo);
  console.log(
    `bench:cpu: ${settings.content ? relative(process.cwd(), settings.content) : `${settings.articles} synthetic articles, ${settings.tags} tags, seed ${settings.seed}`}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")}`,
  );
  try {
    const reuse = settings.reuseBuild && existsSync(layout.indexModule);
    const generated = dirname(layout.indexModule);
    const kept = reuse
      ? await Promise.all(
          (await readdir(generated)).map(async (name) => [name, await readFile(join(generated, name))] as const),
        )
      : undefined;
    await prepareDeployProject(layout, config);
    if (kept) {
      for (const [name, bytes] of kept) await writeFile(join(generated, name), bytes);
      console.log("build: reused from the last run (--reuse-build)");
    } else {
      if (settings.content) {
        layout.content = settings.content;
      } else {
        await writeSyntheticArchive({
          articles: settings.articles,
          tags: settings.tags,
          dir: join(layout.root, "archive"),
          seed: settings.seed,
          hugo: false,
        });
      }
      const build = await coldBuild(layout);
      console.log(`build: ${build.seconds.toFixed(1)} s; ${build.report.join("; ")}`);
    }
    const upload = await dryRunDeploy(layout);
    console.log(`bundle: ${upload.totalKiB.toFixed(1)} KiB, gzip ${upload.gzipKiB.toFixed(1)} KiB`);
    const encoded = (await import(pathToFileURL(layout.indexModule).href)) as { index: EncodedIndex };
    const index = decodeIndex(encoded.index);
    const docs = documents(index, await articleSlugs(layout.assets, encoded.index)).filter(
      (doc) => !settings.only || settings.only.test(doc.label) || settings.only.test(doc.path),
    );
    const setup: WorkerdSetup = {
      binary: join(layout.repo, "node_modules", "workerd", "bin", "workerd"),
      bundleDir: join(layout.root, "dry-run"),
      assets: layout.assets,
      compatibilityDate: config.compatibility_date,
      compatibilityFlags: config.compatibility_flags ?? [],
      vars: { SITE_URL: "", ...(config.vars ?? {}) },
    };
    if (settings.profile) {
      const out = join(layout.root, "request.cpuprofile");
      const summary = await profileRequest(setup, settings.profile, READER, out, settings.warm);
      console.log([`profile of ${settings.profile} (${out}):`, ...summary].join("\n"));
      return 0;
    }
    return await measureAll(setup, docs, settings);
  } finally {
    if (!settings.keep) await rm(layout.root, { recursive: true, force: true });
  }
}

async function measureAll(setup: WorkerdSetup, docs: Document[], settings: Settings): Promise<number> {
  const rows: Row[] = docs.map((document) => ({ document, cold: [], first: [], hot: [], problems: [] }));
  const constantCold: number[] = [];
  const constantHot: number[] = [];

  // Cold: each document as the first request of a fresh workerd.
  for (let run = 0; run < settings.coldRuns; run++) {
    for (const row of rows) {
      const workerd = await Workerd.start(setup);
      try {
        const { path, method } = row.document;
        const answer = await workerd.measure(workerd.ours, path, READER, method);
        check(row, answer, "cold");
        row.cold.push(answer.cpuMs);
      } finally {
        await workerd.stop();
      }
    }
    const workerd = await Workerd.start(setup);
    try {
      constantCold.push((await workerd.measure(workerd.constant, "/", READER)).cpuMs);
    } finally {
      await workerd.stop();
    }
  }

  // First and hot: in as many isolates as cold runs, each warmed by documents none of the measured ones shares packs with.
  for (let run = 0; run < settings.coldRuns; run++) {
    const workerd = await Workerd.start(setup);
    try {
      for (const path of ["/robots.txt", "/no/such/page"]) await workerd.fetch(workerd.ours, path, READER);
      for (let i = 0; i < HOT_RUNS; i++) {
        constantHot.push((await workerd.measure(workerd.constant, "/", READER)).cpuMs);
      }
      for (const row of rows) {
        const { path, method } = row.document;
        const first = await workerd.measure(workerd.ours, path, READER, method);
        check(row, first, "first");
        row.first.push(first.cpuMs);
        row.bytes = first.bytes;
        for (let i = 0; i < HOT_RUNS; i++) {
          const hot = await workerd.measure(workerd.ours, path, READER, method);
          check(row, hot, "hot");
          row.hot.push(hot.cpuMs);
        }
      }
    } finally {
      await workerd.stop();
    }
  }

  const constant = { cold: median(constantCold), hot: median(constantHot) };
  console.log(
    `\n${"document".padEnd(36)} ${"cold ms".padStart(7)} ${"first".padStart(7)} ${"hot".padStart(7)} ${"hot/const".padStart(9)}  path`,
  );
  console.log(
    `${"constant-string worker".padEnd(36)} ${ms(constant.cold)} ${"".padStart(7)} ${ms(constant.hot)} ${"1.00×".padStart(9)}`,
  );
  for (const row of rows) {
    const hot = median(row.hot);
    console.log(
      `${row.document.label.padEnd(36)} ${ms(median(row.cold))} ${ms(median(row.first))} ${ms(hot)} ${`${(hot / constant.hot).toFixed(2)}×`.padStart(9)}  ${row.document.method ?? "GET"} ${row.document.path}${row.problems.length ? `  PROBLEM: ${row.problems.join("; ")}` : ""}`,
    );
  }
  const worst = (value: (row: Row) => number) => rows.reduce((a, b) => (value(b) > value(a) ? b : a), rows[0] as Row);
  const coldWorst = worst((row) => median(row.cold));
  const firstWorst = worst((row) => median(row.first));
  const hotWorst = worst((row) => median(row.hot));
  console.log(
    JSON.stringify({
      date: new Date().toISOString(),
      articles: settings.articles,
      tags: settings.tags,
      content: settings.content ?? null,
      cpuSource: "workerd threads, /proc/PID/task/*/schedstat",
      constant,
      documents: rows.map((row) => ({
        label: row.document.label,
        path: row.document.path,
        coldMs: row.cold.map((v) => Number(v.toFixed(3))),
        firstMs: row.first.map((v) => Number(v.toFixed(3))),
        hotMs: Number(median(row.hot).toFixed(3)),
        bytes: row.bytes,
        problems: row.problems,
      })),
    }),
  );
  const problems = rows.filter((row) => row.problems.length > 0).length;
  console.log(
    `worst: cold ${median(coldWorst.cold).toFixed(2)} ms (${coldWorst.document.path}), first ${median(firstWorst.first).toFixed(2)} ms (${firstWorst.document.path}), hot ${(median(hotWorst.hot) / constant.hot).toFixed(2)}× the constant worker (${hotWorst.document.path}); ${problems} document(s) with a wrong status`,
  );
  return problems > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
