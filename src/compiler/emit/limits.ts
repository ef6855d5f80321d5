/**
 * The platform's limits, said by the build before `wrangler deploy` says them: the
 * worker's upload (gzip), how many files the assets hold, and how large one may be.
 * Past a free-plan limit the build warns (the paid plan carries the site); past a
 * limit no plan lifts it is an error. Each finding says which limit, by how much, and
 * what would carry the site.
 */
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { Writable } from "node:stream";
import { createGzip } from "node:zlib";
import type { Diagnostic } from "../diagnostics";

export interface PlanLimits {
  /** The worker's upload, gzip-compressed, in bytes. */
  uploadGzip: number;
  /** Files in the assets directory. */
  assetFiles: number;
  /** Bytes of one asset file. */
  assetFileSize: number;
}

const MiB = 1024 * 1024;

/** Workers' limits (developers.cloudflare.com/workers/platform/limits/ and static-assets/). */
export const FREE_PLAN: PlanLimits = { uploadGzip: 3 * MiB, assetFiles: 20_000, assetFileSize: 25 * MiB };
export const PAID_PLAN: PlanLimits = { uploadGzip: 10 * MiB, assetFiles: 100_000, assetFileSize: 25 * MiB };

/**
 * The gzip size of the worker's code without the index, as `wrangler deploy --dry-run`
 * reports it (wrangler 4.86, the demo site: 63.4 KiB in all, 3.6 KiB of it the index).
 * The index module's own gzip size is measured; the code's is this estimate.
 */
export const CODE_GZIP = 60 * 1024;

/** What the build produced, in the limits' terms. */
export interface OutputSize {
  /** The index module's file and its gzip size. */
  index: { path: string; gzip: number };
  assetFiles: number;
  /** The largest asset file: its path in the assets and its size. */
  largest?: { path: string; size: number };
}

/** The gzip size of a file, read as a stream (the index module is tens of megabytes at a million articles). */
export async function gzipSize(path: string): Promise<number> {
  let size = 0;
  const count = new Writable({
    write(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done();
    },
  });
  await pipeline(createReadStream(path), createGzip(), count);
  return size;
}

const kib = (bytes: number) => `${(bytes / 1024).toLocaleString("en-US", { maximumFractionDigits: 1 })} KiB`;
const mib = (bytes: number) => `${(bytes / MiB).toLocaleString("en-US", { maximumFractionDigits: 2 })} MiB`;
const count = (n: number) => n.toLocaleString("en-US");

/**
 * Findings about `size` against the free and paid plans: a warning past a free limit
 * the paid plan lifts, an error past a limit of every plan. `assetsDir` and `files`
 * name where the finding is, as diagnostics do.
 */
export function checkLimits(
  size: OutputSize,
  where: { assetsDir: string },
  free: PlanLimits = FREE_PLAN,
  paid: PlanLimits = PAID_PLAN,
): Diagnostic[] {
  const found: Diagnostic[] = [];
  const say = (over: "free" | "paid", file: string, message: string) =>
    found.push({ severity: over === "paid" ? "error" : "warning", file, field: "", message });

  const upload = size.index.gzip + CODE_GZIP;
  const uploadWhat = `the worker's upload would be about ${mib(upload)} gzip (the index ${kib(size.index.gzip)}, the code about ${kib(CODE_GZIP)})`;
  if (upload > paid.uploadGzip) {
    say(
      "paid",
      size.index.path,
      `${uploadWhat}: ${mib(upload - paid.uploadGzip)} over the ${mib(paid.uploadGzip)} Workers allows on any plan; fewer articles or tags per site would carry it (split the archive into sites)`,
    );
  } else if (upload > free.uploadGzip) {
    say(
      "free",
      size.index.path,
      `${uploadWhat}: ${mib(upload - free.uploadGzip)} over the free plan's ${mib(free.uploadGzip)}; the Workers paid plan (${mib(paid.uploadGzip)}) carries it`,
    );
  }

  const files = `${count(size.assetFiles)} asset files`;
  if (size.assetFiles > paid.assetFiles) {
    say(
      "paid",
      where.assetsDir,
      `${files}: ${count(size.assetFiles - paid.assetFiles)} over the ${count(paid.assetFiles)} Workers allows on any plan; larger record packs carry it (a larger feed_size in site.yaml: a pack holds two feeds' worth of records)`,
    );
  } else if (size.assetFiles > free.assetFiles) {
    say(
      "free",
      where.assetsDir,
      `${files}: ${count(size.assetFiles - free.assetFiles)} over the free plan's ${count(free.assetFiles)}; the Workers paid plan (${count(paid.assetFiles)}) carries them, or larger record packs (a larger feed_size in site.yaml)`,
    );
  }

  const largest = size.largest;
  if (largest && largest.size > paid.assetFileSize) {
    say(
      "paid",
      `${where.assetsDir}${largest.path}`,
      `${mib(largest.size)}: ${mib(largest.size - paid.assetFileSize)} over the ${mib(paid.assetFileSize)} Workers allows for one asset file on any plan; ${largest.path.includes("/_records/") ? "smaller record packs (a smaller feed_size in site.yaml) or shorter articles carry it" : "serve it from elsewhere (R2, another host) and link to it"}`,
    );
  } else if (largest && largest.size > free.assetFileSize) {
    say(
      "free",
      `${where.assetsDir}${largest.path}`,
      `${mib(largest.size)}: ${mib(largest.size - free.assetFileSize)} over the free plan's ${mib(free.assetFileSize)} for one asset file`,
    );
  }
  return found;
}
