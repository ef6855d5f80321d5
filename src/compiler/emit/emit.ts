/**
 * Writing the build's output: the index and problems modules the worker imports, and the assets the
 * worker deploys with (record packs, content/static/ files, page-bundle files). Each
 * is checked against the previous build's manifest, so an edit rewrites only what it
 * touched (and wrangler re-uploads only that); what is no longer produced is removed.
 * Private objects (packs, held-back bundle files, the manifest) are stored under the
 * storage key (model/storage.ts); site files at their own paths.
 * Every file is written beside its final path and renamed, so a reader (wrangler
 * dev, a deploy) never sees half a file, and the modules are written last.
 */
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { copyFile, mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { isPrivatePath, MANIFEST_PATH, storedPath } from "../../model/storage";
import type { BuildProblem, EncodedIndex } from "../../model/types";
import type { PackToWrite } from "./records";
import { removeOtherStorage, storageKeyFor } from "./storage-key";

/**
 * A generated module exporting one constant as a literal, not JSON.parse of a string:
 * the index's bulk is a few long strings (slugs, coded numbers), which V8 then scans
 * once instead of twice.
 */
function literalModule(typeName: string, declaration: string, value: unknown): string {
  return [
    "// Generated from content/ by the build (`npm run build`, `npm start`). Do not edit; it is not committed.",
    `import type { ${typeName} } from "../model/types";`,
    "",
    `export const ${declaration} = ${JSON.stringify(value)};`,
    "",
  ].join("\n");
}

const PLACEHOLDER = "\0index\0";
const PLACEHOLDER_JSON = JSON.stringify(PLACEHOLDER);

export function indexModule(index: EncodedIndex): string {
  return literalModule("EncodedIndex", "index: EncodedIndex", index);
}

/** The build problems module: empty after every good build, so a deploy never shows a banner. */
export function problemsModule(problems: readonly BuildProblem[]): string {
  return literalModule("BuildProblem", "problems: BuildProblem[]", problems);
}

/** Where the problems module lives: beside the index module (src/generated/problems.ts). */
export function problemsModulePath(indexModulePath: string): string {
  return join(dirname(indexModulePath), "problems.ts");
}

/**
 * Writes `text` to `path` unless the file already holds exactly it. An unchanged file keeps
 * its time: wrangler dev watches src/ and reruns the build hook for any change there, so a
 * build that rewrote its unchanged modules would start itself again forever.
 */
async function writeAtomically(path: string, text: string): Promise<void> {
  const previous = await readFile(path).catch(() => undefined);
  if (previous && previous.length === Buffer.byteLength(text) && previous.toString("utf8") === text) return;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

/** A file made of chunks, written with one gathering write: the chunks are never joined in memory. */
async function writeChunks(path: string, chunks: readonly Uint8Array[], flags: "w" | "wx"): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.writev(chunks as Uint8Array[]);
  } finally {
    await handle.close();
  }
}

/**
 * A pack, written so that no reader sees half of it. A pack at a new path is written
 * in place: only the index module written after it can name it, so nothing reads it
 * before it is whole (and the exclusive open refuses a file that is there after all).
 * A pack that replaces one is written beside it and renamed over it. A cold build so
 * saves a rename per pack, which on ext4 costs as much as the write.
 */
async function writePack(path: string, chunks: readonly Uint8Array[], isNew: boolean): Promise<void> {
  if (isNew) {
    try {
      return await writeChunks(path, chunks, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  await writeChunks(`${path}.tmp`, chunks, "w");
  await rename(`${path}.tmp`, path);
}

/**
 * The parts of `JSON.stringify(index)`, in order: each top-level field, and each element
 * of an array field, serialised alone. Joined they are the same text; written one by
 * one, no string of the whole index is ever made (at 1,000,000 articles it is tens of
 * megabytes, made while the build holds everything else too).
 */
export function* indexJsonParts(index: EncodedIndex): Generator<string> {
  let separator = "{";
  for (const [key, value] of Object.entries(index) as [string, unknown][]) {
    if (value === undefined || typeof value === "function") continue;
    const name = `${separator}${JSON.stringify(key)}:`;
    separator = ",";
    if (!Array.isArray(value)) {
      yield `${name}${JSON.stringify(value)}`;
      continue;
    }
    yield `${name}[`;
    for (let i = 0; i < value.length; i++) yield `${i > 0 ? "," : ""}${JSON.stringify(value[i]) ?? "null"}`;
    yield "]";
  }
  yield separator === "{" ? "{}" : "}";
}

/**
 * Writes a file from its parts as they are made, beside its path, and renames it over
 * the path unless the file there already holds the same bytes (then it keeps its time,
 * as writeAtomically's files do). The comparison reads Buffers, outside the heap.
 */
async function writeParts(path: string, parts: Iterable<string>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.tmp`;
  await pipeline(Readable.from(parts), createWriteStream(temporary));
  const previous = await readFile(path).catch(() => undefined);
  if (previous && previous.equals(await readFile(temporary))) {
    await unlink(temporary);
    return;
  }
  await rename(temporary, path);
}

/** The index module, written in parts (the same text as `indexModule`), beside its path and renamed. */
export async function writeIndexModule(path: string, index: EncodedIndex): Promise<void> {
  const [head, tail] = literalModule("EncodedIndex", "index: EncodedIndex", PLACEHOLDER).split(PLACEHOLDER_JSON);
  await writeParts(path, [head ?? "", ...indexJsonParts(index), tail ?? ""]);
}

export async function writeProblemsModule(path: string, problems: readonly BuildProblem[]): Promise<void> {
  await writeAtomically(path, problemsModule(problems));
}

export interface AssetsWritten {
  /** Record packs and site files written, because they are new or changed. */
  written: number;
  unchanged: number;
  /** Files of the previous build that this one no longer produces. */
  removed: number;
  /** The storage key the private objects are stored under: the bundled worker needs it. */
  storageKey: string;
  /** Files in the assets directory after this build, the manifest included. */
  files: number;
  /** The largest of them whose size the build knows (every one it wrote or copied, and packs since sizes were kept). */
  largest?: { path: string; size: number };
}

/**
 * A manifest entry is what a file was made from, and for a pack, after a space, its
 * size in bytes (entries of older builds have none): the build knows every asset's
 * size without a stat.
 */
function madeOf(entry: string): string {
  const space = entry.indexOf(" ");
  return space < 0 ? entry : entry.slice(0, space);
}

function sizeOf(entry: string): number | undefined {
  const space = entry.indexOf(" ");
  return space < 0 ? undefined : Number(entry.slice(space + 1));
}

function byteLength(chunks: readonly Uint8Array[]): number {
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  return total;
}

/** A file copied into the assets as it is: content/static/ at the root, page-bundle files under their article. */
export interface SiteFile {
  /** Absolute path of the source file. */
  source: string;
  /**
   * Its path in the assets: on the site (`/icon.png`, `/articles/slug/photo.jpg`), or a
   * private one (model/storage.ts) for a file the worker serves itself.
   */
  target: string;
}

/**
 * Asset path → what it was made from: a hash of a pack's signature, or a copied file's size
 * and modification time. It lives among the packs, so deleting the assets directory
 * forgets it too (and the worker answers its path with a 404).
 */
type Manifest = Record<string, string>;

async function readManifest(path: string): Promise<Manifest | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, "utf8"));
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every file under `/articles/` of the assets, as a manifest of unknown origin. Without
 * a manifest (a first build, a directory an older build wrote, a lost key), these stand
 * in for the last build's: a bundle file that was public then and is held back now must
 * not stay behind. No static file can lie there (the build refuses the site's own paths).
 */
async function bundleFilesIn(assetsDir: string): Promise<Manifest> {
  const root = join(assetsDir, "articles");
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return Object.fromEntries(
    entries
      .filter((entry) => !entry.isDirectory())
      .map((entry) => [`/${relative(assetsDir, join(entry.parentPath, entry.name)).split(sep).join("/")}`, ""]),
  );
}

/**
 * Runs `tasks` with at most a few dozen in flight: enough to keep the disk busy and the
 * CPU work of one task overlapping the I/O of others, few enough file handles. A task
 * starts as soon as any other ends, not when a whole batch has.
 */
export async function withLimit(tasks: readonly (() => Promise<unknown>)[], limit = 32): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) await (tasks[next++] as () => Promise<unknown>)();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
}

/** Removes the folders that removing `paths` left empty, deepest first, up to the assets directory. */
async function removeEmptyFolders(assetsDir: string, paths: readonly string[]): Promise<void> {
  const root = resolve(assetsDir);
  const folders = [...new Set(paths.map((path) => dirname(join(root, path))))];
  for (const folder of folders.sort((a, b) => b.length - a.length)) {
    for (let at = folder; at.startsWith(root + sep); at = dirname(at)) {
      // rmdir refuses a folder that still holds something: then its parents do too.
      const removed = await rmdir(at).then(
        () => true,
        () => false,
      );
      if (!removed) break;
    }
  }
}

function byKey([a]: [string, string], [b]: [string, string]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Writes the record packs and copies the site files under
 * `assetsDir`, skipping what is unchanged since the last build and removing what
 * the last build wrote and this one does not.
 */
export async function writeAssets(
  assetsDir: string,
  packs: readonly PackToWrite[],
  files: readonly SiteFile[] = [],
  /** What decides the packs' bytes besides their content (compiler/cache/file-cache.ts `outputFingerprint`). */
  layout = "",
): Promise<AssetsWritten> {
  const storageKey = await storageKeyFor(assetsDir);
  const located = (path: string) => (isPrivatePath(path) ? storedPath(storageKey, path) : path);
  await removeOtherStorage(assetsDir, storageKey);
  const manifestPath = join(assetsDir, storedPath(storageKey, MANIFEST_PATH));
  const previous = (await readManifest(manifestPath)) ?? (await bundleFilesIn(assetsDir));
  const next: Manifest = {};
  const tasks: (() => Promise<unknown>)[] = [];
  // Packs lie in a few directories: each is made once, before any pack is written into it.
  const dirs = new Set<string>();
  let largest: { path: string; size: number } | undefined;
  const measure = (path: string, size: number) => {
    if (!largest || size > largest.size) largest = { path, size };
  };
  for (const pack of packs) {
    const path = located(pack.path);
    const made = `pack:${createHash("sha1").update(layout).update("\0").update(pack.signature).digest("base64url")}`;
    const before = previous[path];
    if (before !== undefined && madeOf(before) === made) {
      next[path] = before;
      const size = sizeOf(before);
      if (size !== undefined) measure(path, size);
      continue;
    }
    next[path] = made;
    dirs.add(dirname(join(assetsDir, path)));
    const isNew = before === undefined;
    tasks.push(async () => {
      const chunks = await pack.chunks();
      await writePack(join(assetsDir, path), chunks, isNew);
      const size = byteLength(chunks);
      next[path] = `${made} ${size}`;
      measure(path, size);
    });
  }
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  await withLimit(
    files.map((file) => async () => {
      const path = located(file.target);
      const { size, mtimeMs } = await stat(file.source);
      const made = `file:${size}:${mtimeMs}`;
      next[path] = made;
      measure(path, size);
      if (previous[path] !== made) {
        tasks.push(async () => {
          await mkdir(dirname(join(assetsDir, path)), { recursive: true });
          await copyFile(file.source, join(assetsDir, path));
        });
      }
    }),
  );
  await withLimit(tasks);
  const stale = Object.keys(previous).filter((path) => !(path in next));
  await withLimit(stale.map((path) => () => rm(join(assetsDir, path), { force: true })));
  await removeEmptyFolders(assetsDir, stale);
  // In a fixed order (files are stat'ed in whatever order the disk answers), so an unchanged build writes the same bytes.
  await writeAtomically(manifestPath, JSON.stringify(Object.fromEntries(Object.entries(next).sort(byKey))));
  const made = Object.keys(next).length;
  return {
    written: tasks.length,
    unchanged: made - tasks.length,
    removed: stale.length,
    storageKey,
    // The manifest is a file of the assets too.
    files: made + 1,
    ...(largest ? { largest } : {}),
  };
}
