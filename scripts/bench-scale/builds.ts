/**
 * The build figures: our real build CLI as a child process (cold, and after one
 * article changed), and Hugo on the same articles. A cold build starts with no output
 * and no cache: the bench's assets directory, index module and build working
 * directory (where a cache under `./.edgefeed/` would live) are deleted first, and
 * every path is passed explicitly, so the project's own build is never read or reused.
 */
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { BenchLayout } from "./layout";
import { type RssSource, runChecked } from "./processes";

export interface BuildFigure {
  seconds: number;
  peakRssMiB: number | null;
  rssSource: RssSource;
  /** What the build printed about itself (its `edgefeed:` lines: counts, time, cache use). */
  report: string[];
  /** Entries of the repository's `.edgefeed/` the build created or changed outside the bench. */
  wroteOutsideBench: string[];
}

/** Name → modification time of the repository's `.edgefeed/` entries, the bench's own left out. */
async function projectStateEntries(repo: string): Promise<Map<string, number>> {
  const dir = join(repo, ".edgefeed");
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries = new Map<string, number>();
  for (const name of names.filter((n) => n !== "bench")) {
    entries.set(name, (await stat(join(dir, name))).mtimeMs);
  }
  return entries;
}

export async function timedBuild(layout: BenchLayout): Promise<BuildFigure> {
  const before = await projectStateEntries(layout.repo);
  const cli = join(layout.repo, "src", "compiler", "commands", "cli.ts");
  // The same node flags as `npm run build` (package.json), so the figures are the command's.
  const args = [
    "--max-old-space-size=1024",
    "--max-semi-space-size=32",
    "--import",
    "tsx",
    cli,
    "--content",
    layout.content,
    "--out",
    layout.indexModule,
  ];
  const cache = join(layout.buildCwd, ".edgefeed", "cache");
  const result = await runChecked(process.execPath, [...args, "--assets", layout.assets, "--cache", cache], {
    cwd: layout.buildCwd,
  });
  const after = await projectStateEntries(layout.repo);
  return {
    seconds: result.seconds,
    peakRssMiB: result.peakRssMiB,
    rssSource: result.rssSource,
    report: `${result.stdout}\n${result.stderr}`.split("\n").filter((line) => line.startsWith("edgefeed:")),
    wroteOutsideBench: [...after].filter(([name, mtime]) => before.get(name) !== mtime).map(([name]) => name),
  };
}

export async function coldBuild(layout: BenchLayout): Promise<BuildFigure> {
  await Promise.all([
    rm(layout.assets, { recursive: true, force: true }),
    rm(layout.indexModule, { force: true }),
    rm(layout.buildCwd, { recursive: true, force: true }),
  ]);
  await mkdir(layout.buildCwd, { recursive: true });
  return timedBuild(layout);
}

/** `hugo --quiet` from cold: its output and resource cache deleted first. */
export async function hugoBuild(hugo: string, site: string): Promise<number> {
  await Promise.all(["public", "resources"].map((dir) => rm(join(site, dir), { recursive: true, force: true })));
  return (await runChecked(hugo, ["--quiet"], { cwd: site })).seconds;
}
