/**
 * `npm run bench:preview [-- N]`: how fast the preview (`npm start`) shows what a
 * publisher does, on an archive of N articles (default 10,000; a synthetic one, or
 * `--content DIR`, copied first so it is never edited). It prints, in seconds:
 *
 * - **cold build**: `npm run build`'s CLI with no cache and no output, the reference;
 * - **cold start**: from starting the real preview runner (src/preview/cli.ts) with no
 *   cache and no output to the first 200 of `/` over HTTP;
 * - **article edit**: from saving a one-line change to an article's body to the first
 *   answer of its page (`/articles/<slug>`) that holds the change, `--edits R` times
 *   (default 5), each figure and the median;
 * - **site.yaml edit**: from saving a new `description` to the first home page that holds it;
 *
 * then every figure as one JSON line. Edits are detected by polling over HTTP every
 * 20 ms, so a figure is at most that much late. Wall time on whatever else the machine
 * is doing: run it on an idle machine for figures to quote (docs/cost.md).
 *
 * Options: `--tags T` (default min(1000, N/100)), `--seed S`, `--content DIR`,
 * `--edits R`, `--keep` (leave .edgefeed/bench-preview/).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { collectOutput, freePort, hasExited, HOST, stopGroup } from "../tests/support/processes";
import { positiveInteger, runChecked } from "./bench-scale/processes";
import { writeSyntheticArchive } from "./synthetic-archive";

const ROOT = resolve(import.meta.dirname, "..");
const DIR = join(ROOT, ".edgefeed", "bench-preview");
const POLL_MS = 20;
/** Longer than any edit or start the benchmark is meant to see; past it the run fails. */
const GIVE_UP_MS = 10 * 60_000;
/** The node flags of `npm start` and `npm run build` (package.json). */
const NODE_FLAGS = ["--max-old-space-size=1024", "--max-semi-space-size=32", "--import", "tsx"];

interface Settings {
  articles: number;
  tags: number;
  seed: number;
  content?: string;
  edits: number;
  keep: boolean;
}

function settings(): Settings {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      tags: { type: "string" },
      seed: { type: "string", default: "7" },
      content: { type: "string" },
      edits: { type: "string" },
      keep: { type: "boolean", default: false },
    },
  });
  const articles = positiveInteger("N", positionals[0], 10_000);
  return {
    articles,
    tags: positiveInteger("--tags", values.tags, Math.max(1, Math.min(1000, Math.floor(articles / 100)))),
    seed: Number(values.seed),
    ...(values.content ? { content: resolve(values.content) } : {}),
    edits: positiveInteger("--edits", values.edits, 5),
    keep: values.keep,
  };
}

const seconds = (ms: number) => Math.round(ms) / 1000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** Polls `url` until `done(status, body)` holds; the milliseconds since `since`. Fails once `runner` has exited. */
async function until(
  runner: ChildProcess,
  url: string,
  done: (status: number, body: string) => boolean,
  since: number,
): Promise<number> {
  while (performance.now() - since < GIVE_UP_MS) {
    if (hasExited(runner)) throw new Error(`the preview exited (${runner.exitCode ?? runner.signalCode})`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(GIVE_UP_MS) });
      const body = await response.text();
      if (done(response.status, body)) return performance.now() - since;
    } catch {
      // Not listening yet.
    }
    await sleep(POLL_MS);
  }
  throw new Error(`${url}: not as expected within ${GIVE_UP_MS / 1000} s`);
}

/** The content to run on: a copy of `--content`, or a synthetic archive. */
async function prepareContent(s: Settings): Promise<string> {
  const content = join(DIR, "content");
  if (s.content) {
    await cp(s.content, content, { recursive: true });
    return content;
  }
  const written = await writeSyntheticArchive({
    articles: s.articles,
    tags: s.tags,
    dir: join(DIR, "archive"),
    seed: s.seed,
    hugo: false,
  });
  return written.contentDir;
}

async function coldBuild(content: string): Promise<number> {
  const out = join(DIR, "build");
  await rm(out, { recursive: true, force: true });
  const cli = join(ROOT, "src", "compiler", "commands", "cli.ts");
  const result = await runChecked(
    process.execPath,
    [
      ...NODE_FLAGS,
      cli,
      ...["--content", content, "--out", join(out, "content.ts")],
      ...["--assets", join(out, "public"), "--cache", join(out, "cache")],
    ],
    { cwd: ROOT },
  );
  await rm(out, { recursive: true, force: true });
  return result.seconds;
}

/** One article file, its slug and text: the first of articles/ by name. */
async function anArticle(content: string): Promise<{ path: string; slug: string; text: string }> {
  const names = (await readdir(join(content, "articles"))).filter((name) => name.endsWith(".md")).sort();
  const name = names[0];
  if (!name) throw new Error(`${content}/articles has no article`);
  const path = join(content, "articles", name);
  return { path, slug: name.replace(/\.md$/, ""), text: await readFile(path, "utf8") };
}

/** The article with a sentence of its own after its front matter. */
function withSentence(text: string, sentence: string): string {
  const end = text.indexOf("\n---\n", 3) + "\n---\n".length;
  return `${text.slice(0, end)}\n${sentence}\n${text.slice(end)}`;
}

async function main(): Promise<void> {
  const s = settings();
  await rm(DIR, { recursive: true, force: true });
  await mkdir(DIR, { recursive: true });
  const content = await prepareContent(s);
  const articleCount = (await readdir(join(content, "articles"))).length;
  console.log(`bench:preview: ${articleCount} article files in ${content}`);

  const build = await coldBuild(content);
  console.log(`cold build (npm run build, no cache): ${build.toFixed(2)} s`);

  const previewDir = join(DIR, "preview");
  const port = await freePort();
  const base = `http://${HOST}:${port}`;
  const started = performance.now();
  const runner: ChildProcess = spawn(
    process.execPath,
    [
      ...NODE_FLAGS,
      join(ROOT, "src", "preview", "cli.ts"),
      ...["--content", content, "--out", join(previewDir, "content.ts"), "--assets", join(previewDir, "public")],
      ...["--port", String(port), "--ip", HOST, "--inspector-port", String(await freePort())],
      "--show-interactive-dev-session=false",
    ],
    { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  const output = collectOutput(runner);
  const figures: Record<string, number | number[]> = { articles: articleCount, coldBuild: build };
  try {
    const first = await until(runner, `${base}/`, (status) => status === 200, started);
    figures.coldStart = seconds(first);
    console.log(`cold start (npm start, no cache) to the first page: ${seconds(first).toFixed(2)} s`);

    const article = await anArticle(content);
    const edits: number[] = [];
    for (let round = 1; round <= s.edits; round++) {
      const sentence = `Benchmark edit ${round} at ${Date.now()}.`;
      // Let the previous build settle, as a person between two saves would.
      await sleep(1_000);
      const saved = performance.now();
      await writeFile(article.path, withSentence(article.text, sentence));
      const shown = await until(
        runner,
        `${base}/articles/${article.slug}`,
        (_, body) => body.includes(sentence),
        saved,
      );
      edits.push(seconds(shown));
    }
    figures.articleEdit = edits;
    figures.articleEditMedian = median(edits);
    console.log(
      `article edit shown by its page: median ${median(edits).toFixed(2)} s (${edits.map((e) => e.toFixed(2)).join(", ")})`,
    );

    await sleep(1_000);
    const sitePath = join(content, "site.yaml");
    const siteText = await readFile(sitePath, "utf8");
    const description = `Benchmark description ${Date.now()}`;
    const saved = performance.now();
    await writeFile(sitePath, siteText.replace(/^description:.*$/m, `description: ${description}`));
    const siteEdit = await until(runner, `${base}/`, (_, body) => body.includes(description), saved);
    figures.siteEdit = seconds(siteEdit);
    console.log(`site.yaml edit shown by the home page: ${seconds(siteEdit).toFixed(2)} s`);
  } catch (error) {
    console.error(output());
    throw error;
  } finally {
    await stopGroup(runner);
    if (!s.keep) await rm(DIR, { recursive: true, force: true });
  }
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  console.log(JSON.stringify(figures));
}

main().catch((error: unknown) => {
  console.error("bench:preview:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
