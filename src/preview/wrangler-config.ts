/**
 * wrangler dev's configuration for a build that is already made: wrangler.toml as it
 * is, minus its `[build]` hook (whoever starts wrangler has built and rebuilds by
 * itself) and minus what points at the live site (SITE_URL, and the routes whose host
 * wrangler dev would make every request's origin), so a local site links to itself.
 * Written as JSON with absolute paths so the copy can live anywhere, optionally with
 * another Worker entry and assets directory (the tests' builds), or, for the preview,
 * its own Worker over its store. The preview and the browser tests both serve through it.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { parse } from "smol-toml";
import { STORE_VARIABLE } from "../preview-worker/protocol";

export interface DevConfigOptions {
  /** The project root: where wrangler.toml is, and what its relative paths are relative to. */
  root: string;
  /** A Worker entry to serve instead of wrangler.toml's `main`. */
  main?: string;
  /** An assets directory to serve instead of wrangler.toml's `[assets] directory`. */
  assetsDir?: string;
  /**
   * The preview's store (src/preview/store.ts): the Worker is then the preview's own
   * (src/preview-worker/entry.ts), reading builds and files from the store, and wrangler
   * serves no assets directory, so it has nothing of the build to watch.
   */
  store?: string;
}

/** The preview's Worker entry, relative to the project root. */
export const PREVIEW_WORKER = "src/preview-worker/entry.ts";

/** The parts of wrangler.toml that name paths or the build; everything else is copied as it is. */
interface WranglerConfig {
  main?: string;
  build?: unknown;
  assets?: { directory?: string };
  vars?: Record<string, unknown>;
  d1_databases?: { migrations_dir?: string }[];
  [key: string]: unknown;
}

/** wrangler.toml's text → the configuration wrangler dev gets. */
export function devConfig(wranglerToml: string, { root, main, assetsDir, store }: DevConfigOptions): WranglerConfig {
  const config = parse(wranglerToml) as WranglerConfig;
  delete config.build;
  delete config.route;
  delete config.routes;
  // Empty means "the origin of the request": links in the preview stay on localhost.
  config.vars = { ...config.vars, SITE_URL: "" };
  const entry = main ?? config.main;
  const assets = assetsDir ?? config.assets?.directory;
  if (entry !== undefined) config.main = resolve(root, entry);
  if (assets !== undefined) config.assets = { ...config.assets, directory: resolve(root, assets) };
  config.d1_databases = config.d1_databases?.map((database) => ({
    ...database,
    migrations_dir: resolve(root, database.migrations_dir ?? "migrations"),
  }));
  if (config.d1_databases === undefined) delete config.d1_databases;
  if (store !== undefined) {
    config.main = resolve(root, PREVIEW_WORKER);
    delete config.assets;
    config.vars = { ...config.vars, [STORE_VARIABLE]: store };
  }
  return config;
}

/** Writes the dev configuration to `path` (JSON, which wrangler reads like TOML) and returns the path. */
export async function writeDevConfig(path: string, options: DevConfigOptions): Promise<string> {
  const config = devConfig(await readFile(join(options.root, "wrangler.toml"), "utf8"), options);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}
