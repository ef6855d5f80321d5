/**
 * What each request of a sequence costs in CPU, in fresh isolates: the paths given are
 * requested in order in one fresh workerd, and again in `--rounds R` more, and each
 * request's minimum and median over the rounds printed beside the constant worker's.
 * For questions `bench:cpu`'s fixed order cannot ask: does a document cost less once
 * its packs are held, or once another of its kind has run; does a change help (run it
 * on two bundles in turn). It serves the bundle and assets of the last `bench:cpu` run
 * of N articles (kept with `--keep` or `--reuse-build`), or `--dir` another run's.
 * The minimum is the figure least disturbed by the rest of a shared machine.
 *
 *   node --import tsx scripts/bench-cpu/sequence.ts 100000 /rss.xml /atom.xml '/tags/a,b/rss.xml*2'
 *   node --import tsx scripts/bench-cpu/sequence.ts 100000 --v8-flags=--trace-gc /feeds.opml
 *
 * `PATH*K` requests PATH K times; `--v8-flags` passes flags to V8 and prints what the
 * process wrote during each request (collections with `--trace-gc`, tiering with `--trace-opt`).
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { benchLayout } from "../bench-scale/layout";
import { readWranglerConfig } from "../bench-scale/deploy";
import { Workerd } from "./workerd";

const READER = { "Accept-Encoding": "gzip", "User-Agent": "bench-cpu/1.0" };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: "string", default: "5" },
    dir: { type: "string" },
    "v8-flags": { type: "string", default: "" },
  },
});
const [articles = "10000", ...asked] = positionals;
const layout = benchLayout(Number(articles), "cpu");
const root = values.dir ?? layout.root;
const paths = asked.flatMap((arg) => {
  const [path = "/", times = "1"] = arg.split("*");
  return Array.from({ length: Number(times) }, () => path);
});
const flags = values["v8-flags"].split(" ").filter(Boolean);
const config = await readWranglerConfig(layout.repo);
const setup = {
  // V8 writes its traces through stdio, which a pipe buffers until exit: unbuffered, they arrive with their request.
  binary: flags.length > 0 ? "stdbuf" : join(layout.repo, "node_modules", "workerd", "bin", "workerd"),
  prefix: flags.length > 0 ? ["-o0", "-e0", join(layout.repo, "node_modules", "workerd", "bin", "workerd")] : [],
  bundleDir: join(root, "dry-run"),
  assets: join(root, "public"),
  compatibilityDate: config.compatibility_date,
  compatibilityFlags: config.compatibility_flags ?? [],
  vars: { SITE_URL: "", ...(config.vars ?? {}) },
  v8Flags: flags,
};

const figures: number[][] = paths.map(() => []);
const answers: string[] = [];
const constant: number[] = [];
for (let round = 0; round < Number(values.rounds); round++) {
  const workerd = await Workerd.start(setup);
  try {
    let seen = workerd.logs().length;
    for (let i = 0; i < 3; i++) constant.push((await workerd.measure(workerd.constant, "/", READER)).cpuMs);
    for (const [i, path] of paths.entries()) {
      const measured = await workerd.measure(workerd.ours, path, READER);
      figures[i]?.push(measured.cpuMs);
      answers[i] = `${measured.status} ${measured.bytes} B`;
      if (flags.length > 0) {
        const logs = workerd.logs();
        console.log(`${measured.cpuMs.toFixed(2)} ms ${path}\n${logs.slice(seen).trimEnd()}`);
        seen = logs.length;
      }
    }
  } finally {
    await workerd.stop();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const ms = (value: number) => value.toFixed(2).padStart(7);
console.log(`${"min ms".padStart(7)} ${"median".padStart(7)}  answer, path (${values.rounds} fresh isolates)`);
console.log(`${ms(Math.min(...constant))} ${ms(median(constant))}  constant-string worker`);
for (const [i, path] of paths.entries()) {
  console.log(`${ms(Math.min(...(figures[i] ?? [])))} ${ms(median(figures[i] ?? []))}  ${answers[i]}, ${path}`);
}
