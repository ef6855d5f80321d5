/**
 * What a build keeps per article, in heap: `compileContent` run in-process on a content
 * directory, the heap read (after a full collection) before it, once it returned (its
 * result held, as the build holds it while the packs are written) and once the cache
 * was released. The records' fields are not held (`recordsHeld` 0: they are read back
 * from the cache), so the figure is what grows with the archive whatever RECORDS_HELD is.
 *
 * `node --expose-gc --import tsx scripts/bench-scale-heap.ts CONTENT_DIR [--cache DIR] [--threads T]`
 * (a cold build when the cache directory is new; run it twice for a warm one).
 */
import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { compileContent } from "../src/compiler/pipeline/compile";

const collect = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  // Twice: what the first collection frees can make more of the heap unreachable.
  collect?.();
  collect?.();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { cache: { type: "string" }, threads: { type: "string" }, cold: { type: "boolean", default: false } },
  });
  const [content] = positionals;
  if (!content || !collect) {
    throw new Error(
      "usage: node --expose-gc --import tsx scripts/bench-scale-heap.ts CONTENT_DIR [--cache DIR] [--cold]",
    );
  }
  const cacheDir = resolve(values.cache ?? `${content}/../heap-cache`);
  if (values.cold) await rm(cacheDir, { recursive: true, force: true });
  const before = heapUsed();
  const started = performance.now();
  const result = await compileContent(resolve(content), {
    cacheDir,
    recordsHeld: 0,
    ...(values.threads ? { threads: Number(values.threads) } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  const articles = result.content?.articles.length ?? 0;
  if (!result.content) throw new Error(`the build failed: ${result.diagnostics.length} diagnostic(s)`);
  const compiled = heapUsed();
  await result.release?.();
  const released = heapUsed();
  const perArticle = (bytes: number) => `${((bytes - before) / articles / 1024).toFixed(2)} KiB`;
  const files = result.files ? `${result.files.cached} cached, ${result.files.rendered} rendered` : "";
  console.log(`${articles} articles (${files}) in ${seconds.toFixed(1)} s`);
  console.log(`heap per article, compiled: ${perArticle(compiled)}; cache released: ${perArticle(released)}`);
  // Kept reachable until here, so the figures above count it.
  if (result.content.articles.length < 0) console.log(result);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
