/**
 * What a build keeps per article, in heap: the build (`build`, as `npm run build` runs
 * it) in-process on a content directory, the live heap read after a full collection
 * before it, at the start of each of its phases, and once it returned. The records'
 * fields are not held (`recordsHeld` 0: they are read back from the cache), so the
 * figures are what grows with the archive whatever RECORDS_HELD is; the largest is the
 * heap the build needs per article, give or take what it makes between two phases.
 *
 * `node --expose-gc --import tsx scripts/bench-scale-heap.ts CONTENT_DIR [--out DIR] [--cold] [--threads T]`
 * (DIR holds the cache and the output; `--cold` empties it first; run without it for a warm build).
 */
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { build } from "../src/compiler/pipeline/build";

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
    options: { out: { type: "string" }, threads: { type: "string" }, cold: { type: "boolean", default: false } },
  });
  const [content] = positionals;
  if (!content || !collect) {
    throw new Error(
      "usage: node --expose-gc --import tsx scripts/bench-scale-heap.ts CONTENT_DIR [--out DIR] [--cold] [--threads T]",
    );
  }
  const out = resolve(values.out ?? `${content}/../heap-build`);
  if (values.cold) await rm(out, { recursive: true, force: true });
  const before = heapUsed();
  const phases: [string, number][] = [];
  const started = performance.now();
  const result = await build({
    contentDir: resolve(content),
    moduleOut: join(out, "content.ts"),
    assetsDir: join(out, "public"),
    cacheDir: join(out, "cache"),
    recordsHeld: 0,
    ...(values.threads ? { threads: Number(values.threads) } : {}),
    progress: {
      phase: (name) => phases.push([name.replace(/[\d,]+/g, "N"), heapUsed()]),
      advance: () => undefined,
      end: () => undefined,
    },
  });
  const seconds = (performance.now() - started) / 1000;
  phases.push(["built", heapUsed()]);
  const articles = result.index?.count ?? 0;
  if (!result.assets || articles === 0) throw new Error(`the build failed: ${result.diagnostics.length} diagnostic(s)`);
  const files = result.files ? `${result.files.cached} cached, ${result.files.rendered} rendered` : "";
  console.log(`${articles} articles (${files}) in ${seconds.toFixed(1)} s; live heap per article at each phase:`);
  for (const [name, bytes] of phases) {
    console.log(`  ${((bytes - before) / articles / 1024).toFixed(2).padStart(6)} KiB  ${name}`);
  }
  const most = Math.max(...phases.map(([, bytes]) => bytes));
  console.log(`most: ${((most - before) / articles / 1024).toFixed(2)} KiB per article`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
