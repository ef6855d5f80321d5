/**
 * The deploy figures, from a throwaway project that deploys exactly what the bench
 * built: a copy of src/ around the bench's index module, and a wrangler.toml derived
 * from the repository's (its main, its assets directory, no build command). Wrangler
 * itself reports the upload size (`deploy --dry-run`) and profiles start-up (`check
 * startup`); the asset files are counted on disk.
 */
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { parse as parseToml, stringify as toToml } from "smol-toml";
import { z } from "zod";
import type { BenchLayout } from "./layout";
import { OFFLINE_WRANGLER_ENV, runChecked } from "./processes";

/** What the bench reads from wrangler.toml; everything else is carried over untouched. */
const wranglerSchema = z.looseObject({
  compatibility_date: z.string(),
  compatibility_flags: z.array(z.string()).optional(),
  vars: z.record(z.string(), z.string()).optional(),
  assets: z.looseObject({
    directory: z.string(),
    binding: z.string(),
    run_worker_first: z.union([z.boolean(), z.array(z.string())]).optional(),
    html_handling: z.enum(["auto-trailing-slash", "force-trailing-slash", "drop-trailing-slash", "none"]).optional(),
    not_found_handling: z.enum(["single-page-application", "404-page", "none"]).optional(),
  }),
});

export type WranglerConfig = z.infer<typeof wranglerSchema>;

export async function readWranglerConfig(repo: string): Promise<WranglerConfig> {
  return wranglerSchema.parse(parseToml(await readFile(join(repo, "wrangler.toml"), "utf8")));
}

/** Copies src/ (without its generated module) and writes the deploy's wrangler.toml. */
export async function prepareDeployProject(layout: BenchLayout, config: WranglerConfig): Promise<void> {
  await rm(layout.deploy, { recursive: true, force: true });
  await cp(join(layout.repo, "src"), join(layout.deploy, "src"), {
    recursive: true,
    filter: (source) => source !== join(layout.repo, "src", "generated"),
  });
  await mkdir(join(layout.deploy, "src", "generated"), { recursive: true });
  const deployConfig: Record<string, unknown> = {
    ...config,
    main: "src/worker.ts",
    assets: { ...config.assets, directory: relative(layout.deploy, layout.assets) },
  };
  // No [build]: the repository's build command would rebuild content/, not the bench archive.
  delete deployConfig.build;
  const header = "# Throwaway deploy project of `npm run bench:scale`; derived from the repository's wrangler.toml.\n";
  await writeFile(join(layout.deploy, "wrangler.toml"), header + toToml(deployConfig));
}

function wranglerBin(repo: string): string {
  return join(repo, "node_modules", ".bin", "wrangler");
}

/** KiB from a wrangler size such as `183.08 KiB` or `8.19 MiB`. */
function kib(value: string, unit: string): number {
  const scale: Record<string, number> = { B: 1 / 1024, KiB: 1, MiB: 1024 };
  return Number(value) * (scale[unit] ?? Number.NaN);
}

export interface UploadFigure {
  totalKiB: number;
  gzipKiB: number;
  /** Wrangler's "Read N files from the assets directory" (it may count directories too). */
  wranglerAssetEntries: number | null;
  seconds: number;
  /** The bundled worker module that Miniflare runs. */
  bundle: string;
}

export async function dryRunDeploy(layout: BenchLayout): Promise<UploadFigure> {
  await rm(layout.dryRun, { recursive: true, force: true });
  const result = await runChecked(wranglerBin(layout.repo), ["deploy", "--dry-run", "--outdir", layout.dryRun], {
    cwd: layout.deploy,
    env: OFFLINE_WRANGLER_ENV,
  });
  const output = result.stdout + result.stderr;
  const sizes = /Total Upload:\s*([\d.]+)\s*(\w+)\s*\/\s*gzip:\s*([\d.]+)\s*(\w+)/.exec(output);
  if (!sizes) throw new Error(`wrangler deploy --dry-run printed no upload size:\n${output}`);
  const [, total = "", totalUnit = "", gzip = "", gzipUnit = ""] = sizes;
  const read = /Read (\d+) files? from the assets directory/.exec(output);
  return {
    totalKiB: kib(total, totalUnit),
    gzipKiB: kib(gzip, gzipUnit),
    wranglerAssetEntries: read ? Number(read[1]) : null,
    seconds: result.seconds,
    bundle: join(layout.dryRun, "worker.js"),
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface StartupFigure {
  /**
   * The profile's span (endTime − startTime), the figure issue 7 quotes. It runs until
   * wrangler's Profiler.stop arrives, so it includes idle time after the module ran.
   */
  spanMs: number;
  /** Sampled time that was not idle: evaluating the modules, compiling, collecting garbage. */
  busyMs: number;
  /** Sampled time inside the worker bundle's own functions. */
  workerScriptMs: number;
}

/** Milliseconds sampled in nodes that `counts` (a sample stands for the interval after it). */
function sampledMs(profile: CpuProfile, counts: (node: CpuProfile["nodes"][number]) => boolean): number {
  const counted = new Set(profile.nodes.filter(counts).map((node) => node.id));
  let micros = 0;
  profile.samples.forEach((node, i) => {
    if (counted.has(node)) micros += profile.timeDeltas[i + 1] ?? 0;
  });
  return micros / 1000;
}

/** `wrangler check startup` prints no time; it writes a CPU profile of the module's evaluation, read here. */
export async function checkStartup(layout: BenchLayout): Promise<StartupFigure> {
  await rm(layout.startupProfile, { force: true });
  await runChecked(wranglerBin(layout.repo), ["check", "startup", "--outfile", layout.startupProfile], {
    cwd: layout.deploy,
    env: OFFLINE_WRANGLER_ENV,
  });
  const profile = JSON.parse(await readFile(layout.startupProfile, "utf8")) as CpuProfile;
  return {
    spanMs: (profile.endTime - profile.startTime) / 1000,
    busyMs: sampledMs(profile, (node) => node.callFrame.functionName !== "(idle)"),
    workerScriptMs: sampledMs(profile, (node) => node.callFrame.url.endsWith("worker.js")),
  };
}

export interface AssetsFigure {
  files: number;
  bytes: number;
  largest: { path: string; bytes: number };
}

export async function countAssets(dir: string): Promise<AssetsFigure> {
  const figure: AssetsFigure = { files: 0, bytes: 0, largest: { path: "", bytes: 0 } };
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries.filter((e) => e.isFile())) {
    const path = join(entry.parentPath, entry.name);
    const { size } = await stat(path);
    figure.files++;
    figure.bytes += size;
    if (size > figure.largest.bytes) figure.largest = { path: `/${relative(dir, path)}`, bytes: size };
  }
  return figure;
}
