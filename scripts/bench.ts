/**
 * `npm run bench`: prints what a request costs, on a synthetic archive far larger than
 * the bundled one, to check the Cost promise (no request does work proportional to
 * the archive; documents are rendered once per isolate). Runs the real app in Node;
 * figures are wall-clock on this machine, so compare them with each other, not with
 * the 10 ms CPU limit of the free plan too literally.
 */
import { createLocalApp } from "../src/local";
import { syntheticBundle } from "../tests/support/synthetic-bundle";

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 20_000);
const TAGS = Number(process.env.BENCH_TAGS ?? 1_000);
const WARM_REQUESTS = 2_000;

async function time(label: string, requests: number, run: () => Response | Promise<Response>): Promise<void> {
  const started = performance.now();
  let bytes = 0;
  for (let i = 0; i < requests; i++) bytes += (await (await run()).arrayBuffer()).byteLength;
  const perRequest = (performance.now() - started) / requests;
  console.log(`${label.padEnd(44)} ${perRequest.toFixed(3).padStart(9)} ms/request  ${Math.round(bytes / requests)} B`);
}

async function main(): Promise<void> {
  const bundle = syntheticBundle({ articles: ARTICLES, tags: TAGS, feedSize: 50, newest: Date.UTC(2029, 0, 1) });
  console.log(`synthetic archive: ${ARTICLES} articles, ${TAGS} tags, feed_size ${bundle.site.feedSize}`);
  const heapBefore = process.memoryUsage().heapUsed;
  const { app, services } = createLocalApp(bundle, () => Date.UTC(2030, 0, 1));
  const get = (path: string, headers: Record<string, string> = {}) =>
    app.request(`https://bench.example${path}`, { headers });

  const documents: [string, string][] = [
    ["site Atom feed", "/atom.xml"],
    ["site RSS feed", "/rss.xml"],
    ["site JSON feed", "/feed.json"],
    ["tag Atom feed", "/tags/topic-7/atom.xml"],
    ["home page (all tags with counts)", "/"],
    ["tag index", "/tags"],
    ["tag subscribe page", "/tags/topic-7/subscribe"],
    ["OPML (every feed)", "/feeds.opml"],
    ["article page", "/articles/article-123"],
  ];
  for (const [label, path] of documents) {
    await time(`cold render  ${label}`, 1, () => get(path));
    await time(`warm (memory) ${label}`, WARM_REQUESTS, () => get(path));
  }
  const etag = (await get("/atom.xml")).headers.get("ETag") ?? "";
  await time("warm 304 (If-None-Match) site Atom feed", WARM_REQUESTS, () =>
    get("/atom.xml", { "If-None-Match": etag }),
  );
  await time("warm gzip site Atom feed", WARM_REQUESTS, () => get("/atom.xml", { "Accept-Encoding": "gzip" }));

  const renders = services.cache.renders;
  await time(
    "cold render  50 different tag feeds (each)",
    50,
    (() => {
      let i = 100;
      return () => get(`/tags/topic-${i++}/atom.xml`);
    })(),
  );
  console.log(
    `documents rendered: ${services.cache.renders} (${services.cache.renders - renders} for the 50 tag feeds)`,
  );
  const heapAfter = process.memoryUsage().heapUsed;
  console.log(`heap used by archive + cache: ${((heapAfter - heapBefore) / 1_048_576).toFixed(1)} MiB`);
}

// The exit code is set, not forced: process.exit() would drop figures still queued for a pipe.
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
