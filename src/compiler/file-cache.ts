/**
 * The incremental build's memory, under `.edgefeed/cache/`. Per content file it keeps
 * what processFile made of it, keyed by the file's size, modification time and page-
 * bundle neighbours: the diagnostics and the article's facts in one small manifest,
 * the record's fields (the bulk) in a file of their own. A rebuild re-reads and
 * re-renders only the files that changed, and loads the fields of the others only when
 * a pack that holds them must be written again. The whole cache is void when the
 * compiler's code, its renderers or site.yaml change (the fingerprint), so a stale
 * result is never used.
 */
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { once } from "node:events";
import { dirname, join } from "node:path";
import type { FileOutcome } from "./process";

/** What the manifest keeps of one file: its outcome without the fields, and where those are. */
export interface CachedFile extends Omit<FileOutcome, "fields"> {
  mtimeMs: number;
  size: number;
  bundleFiles: string[];
  fieldsKey?: string;
}

/**
 * The manifest is JSON lines: the fingerprint, then one `[file, entry]` per file. At
 * 100,000 articles one JSON document would be a string of hundreds of megabytes, made
 * and parsed at once; lines are written and read one at a time.
 */
const MANIFEST = "files.jsonl";

async function readManifest(path: string, fingerprint: string): Promise<Record<string, CachedFile> | undefined> {
  const lines = (await readFile(path, "utf8")).split("\n");
  if (JSON.parse(lines[0] ?? "null") !== fingerprint) return undefined;
  const files: Record<string, CachedFile> = {};
  for (const line of lines.slice(1)) {
    if (line === "") continue;
    const [file, entry] = JSON.parse(line) as [string, CachedFile];
    files[file] = entry;
  }
  return files;
}

async function writeManifest(path: string, fingerprint: string, files: Record<string, CachedFile>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(`${path}.tmp`);
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, "drain");
  };
  await write(JSON.stringify(fingerprint));
  for (const [file, entry] of Object.entries(files)) await write(JSON.stringify([file, entry]));
  out.end();
  await once(out, "finish");
  await rename(`${path}.tmp`, path);
}

/** The code whose change makes every cached result stale: the compiler and what it renders with. */
const FINGERPRINTED_DIRS = ["src/compiler", "src/text", "src/model"];
const FINGERPRINTED_PACKAGES = ["marked", "sanitize-html", "htmlparser2", "yaml", "smol-toml", "zod"];

/** Hash of the compiler's sources, its renderers' versions and the site configuration. */
export async function compilerFingerprint(root: string, siteText: string): Promise<string> {
  const hash = createHash("sha1").update(siteText);
  for (const dir of FINGERPRINTED_DIRS) {
    const files = (await readdir(join(root, dir), { recursive: true })).filter((file) => file.endsWith(".ts")).sort();
    for (const file of files) hash.update(file).update(await readFile(join(root, dir, file)));
  }
  for (const name of FINGERPRINTED_PACKAGES) {
    hash.update(name).update(await readFile(join(root, "node_modules", name, "package.json")).catch(() => ""));
  }
  return hash.digest("base64url");
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

export class FileCache {
  private previous: Record<string, CachedFile> = {};
  private readonly next: Record<string, CachedFile> = {};
  hits = 0;

  private constructor(
    private readonly dir: string,
    private readonly fingerprint: string,
  ) {}

  static async open(dir: string, fingerprint: string): Promise<FileCache> {
    const cache = new FileCache(dir, fingerprint);
    try {
      const files = await readManifest(join(dir, MANIFEST), fingerprint);
      if (files) cache.previous = files;
      // Made by other code: none of its fields will be asked for again.
      else await rm(join(dir, "fields"), { recursive: true, force: true });
    } catch {
      // No cache yet, or an unreadable one: everything is built.
    }
    return cache;
  }

  /** The cached outcome of a file whose size, time and bundle neighbours are what they were. */
  lookup(file: string, mtimeMs: number, size: number, bundleFiles: readonly string[]): CachedFile | undefined {
    const cached = this.previous[file];
    if (
      !cached ||
      cached.mtimeMs !== mtimeMs ||
      cached.size !== size ||
      cached.bundleFiles.join("\n") !== bundleFiles.join("\n")
    ) {
      return undefined;
    }
    this.hits++;
    this.next[file] = cached;
    return cached;
  }

  /** Keeps a freshly processed file: its fields are written now, the manifest by `save`. */
  async store(
    file: string,
    mtimeMs: number,
    size: number,
    bundleFiles: readonly string[],
    outcome: FileOutcome,
  ): Promise<string | undefined> {
    const { fields, ...rest } = outcome;
    const entry: CachedFile = { ...rest, mtimeMs, size, bundleFiles: [...bundleFiles] };
    if (fields !== undefined) {
      entry.fieldsKey = createHash("sha1").update(file).update("\0").update(fields).digest("base64url");
      await writeAtomically(this.fieldsPath(entry.fieldsKey), fields);
    }
    this.next[file] = entry;
    return entry.fieldsKey;
  }

  fields(key: string): Promise<string> {
    return readFile(this.fieldsPath(key), "utf8");
  }

  /** Writes this build's manifest and drops the fields no file refers to any more. */
  async save(): Promise<void> {
    await writeManifest(join(this.dir, MANIFEST), this.fingerprint, this.next);
    const live = new Set(Object.values(this.next).map((entry) => entry.fieldsKey));
    const stale = Object.values(this.previous).flatMap((entry) =>
      entry.fieldsKey !== undefined && !live.has(entry.fieldsKey) ? [entry.fieldsKey] : [],
    );
    await Promise.all(stale.map((key) => rm(this.fieldsPath(key), { force: true })));
  }

  private fieldsPath(key: string): string {
    // A two-character fan-out keeps directories small at 100,000 articles.
    return join(this.dir, "fields", key.slice(0, 2), `${key}.json`);
  }
}
