/**
 * The incremental build's memory, under `.edgefeed/cache/`. Per content file it keeps
 * what processFile made of it, keyed by the file's size, modification time and page-
 * bundle neighbours: the diagnostics and the article's facts in one small manifest,
 * the record's fields (the bulk) in a segment file. A rebuild re-reads and re-renders
 * only the files that changed, and loads the fields of the others only when a pack
 * that holds them must be written again. The whole cache is void when the compiler's
 * code, its renderers or site.yaml's time zone change (the fingerprint), so a stale
 * result is never used. `npm run check` opens it read-only: it is as fast as a warm
 * build and writes nothing.
 *
 * Fields are appended to one segment per build, not written one file each: a cold
 * build of 10,000 articles made 10,000 files (three system calls apiece) and spent
 * more time in the file system than in rendering. A segment is kept while the
 * manifest refers to it; one less than half live, or small, has its live fields moved
 * into the build's own segment, so the cache stays within twice its live size and a
 * publisher's many one-article rebuilds never leave many small files behind.
 */
import { createHash, randomBytes } from "node:crypto";
import { closeSync, createWriteStream, mkdirSync, openSync, readSync, type WriteStream } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import { dirname, join } from "node:path";
import { type FileOutcome, sharingEmptyLists } from "../render/process";

/** A file's bundle neighbours when it has none, as most have: one frozen list for all. */
const NONE: string[] = Object.freeze([]) as unknown as string[];

/** Where a file's fields are: segment name, byte offset, byte length. */
export type FieldsAt = [segment: string, offset: number, length: number];

/** What the manifest keeps of one file: its outcome without the fields, and where those are. */
export interface CachedFile extends Omit<FileOutcome, "fields" | "read"> {
  mtimeMs: number;
  size: number;
  bundleFiles: string[];
  fieldsAt?: FieldsAt;
}

/**
 * The manifest is JSON lines: the fingerprint, then one `[file, entry]` per file. At
 * 100,000 articles one JSON document would be a string of hundreds of megabytes, made
 * and parsed at once; lines are written and read one at a time.
 */
const MANIFEST = "files.jsonl";
const SEGMENTS = "fields";
/** A segment smaller than this is folded into the next build's segment. */
const SMALL_SEGMENT = 1 << 20;

/**
 * Where each entry read from the manifest was in it, as offset × 2^20 + length in
 * bytes (its line and newline): an entry the next build takes unchanged is copied from
 * the old manifest, not serialised again, and runs of such entries are copied as one
 * piece. Two numbers, not the line: at 1,000,000 articles the lines are 660 MB of heap.
 */
const placeOf = new WeakMap<CachedFile, number>();
const PLACE = 2 ** 20;

/** The manifest is read in pieces of this many bytes. */
const PIECE = 1 << 22;

/**
 * Reads the manifest a line at a time: at 1,000,000 articles the file is larger than
 * the longest string V8 can make, so it is never read whole.
 */
async function readManifest(path: string, fingerprint: string): Promise<Record<string, CachedFile> | undefined> {
  const handle = await open(path, "r");
  try {
    const files: Record<string, CachedFile> = {};
    let first = true;
    let carry = Buffer.alloc(0);
    // Where `carry` begins in the file.
    let base = 0;
    for (;;) {
      const piece = Buffer.allocUnsafe(PIECE);
      const { bytesRead } = await handle.read(piece, 0, PIECE, base + carry.length);
      const text =
        carry.length > 0 ? Buffer.concat([carry, piece.subarray(0, bytesRead)]) : piece.subarray(0, bytesRead);
      let start = 0;
      for (let end = text.indexOf(10, start); end >= 0; start = end + 1, end = text.indexOf(10, start)) {
        if (end === start) continue;
        const line = text.toString("utf8", start, end);
        if (first) {
          first = false;
          if (JSON.parse(line) !== fingerprint) return undefined;
          continue;
        }
        const [file, entry] = JSON.parse(line) as [string, CachedFile];
        sharingEmptyLists(entry);
        if (entry.bundleFiles.length === 0) entry.bundleFiles = NONE;
        files[file] = entry;
        if (end + 1 - start < PLACE) placeOf.set(entry, (base + start) * PLACE + (end + 1 - start));
      }
      // A last line without its newline (a manifest cut short) is not read.
      if (bytesRead === 0) break;
      carry = Buffer.from(text.subarray(start));
      base += start;
    }
    return first ? undefined : files;
  } finally {
    await handle.close();
  }
}

/** Writes bytes to a stream, waiting when its buffer is full. */
async function writeOut(out: WriteStream, bytes: string | Uint8Array): Promise<void> {
  if (!out.write(bytes)) await once(out, "drain");
}

/**
 * Writes the manifest beside the old one (`path`, still there), then puts it in its
 * place. Entries read from the old manifest are copied from it, a run of them in
 * pieces of at most PIECE bytes; the others are serialised.
 */
async function writeManifest(path: string, fingerprint: string, files: Record<string, CachedFile>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const old = await open(path, "r").catch(() => undefined);
  const out = createWriteStream(`${path}.tmp`);
  try {
    // The run of old lines not yet copied: [offset, length].
    let run: [number, number] = [0, 0];
    const copyRun = async () => {
      for (let [offset, length] = run; length > 0 && old;) {
        const bytes = Buffer.allocUnsafe(Math.min(length, PIECE));
        const { bytesRead } = await old.read(bytes, 0, bytes.length, offset);
        if (bytesRead === 0) throw new Error(`${path} changed while the build read it`);
        await writeOut(out, bytes.subarray(0, bytesRead));
        offset += bytesRead;
        length -= bytesRead;
      }
      run = [0, 0];
    };
    await writeOut(out, `${JSON.stringify(fingerprint)}\n`);
    for (const [file, entry] of Object.entries(files)) {
      const place = old && placeOf.get(entry);
      if (place !== undefined) {
        const offset = Math.floor(place / PLACE);
        const length = place % PLACE;
        if (run[1] > 0 && run[0] + run[1] === offset) run[1] += length;
        else {
          await copyRun();
          run = [offset, length];
        }
        continue;
      }
      await copyRun();
      await writeOut(out, `${JSON.stringify([file, entry])}\n`);
    }
    await copyRun();
  } finally {
    await old?.close();
    out.end();
    await once(out, "finish");
  }
  await rename(`${path}.tmp`, path);
}

/** The code whose change makes every cached result stale: the compiler and what it renders with. */
const FINGERPRINTED_DIRS = ["src/compiler", "src/text", "src/model"];
const FINGERPRINTED_PACKAGES = ["marked", "sanitize-html", "htmlparser2", "yaml", "js-yaml", "smol-toml", "zod"];

async function hashSources(hash: ReturnType<typeof createHash>, root: string, dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) {
    const files = (await readdir(join(root, dir), { recursive: true })).filter((file) => file.endsWith(".ts")).sort();
    for (const file of files) hash.update(file).update(await readFile(join(root, dir, file)));
  }
}

/**
 * Hash of the compiler's sources, its renderers' versions and what of the site
 * configuration a file's outcome depends on (`siteInputs`: the time zone its dates are read in).
 */
export async function compilerFingerprint(root: string, siteInputs: string): Promise<string> {
  const hash = createHash("sha1").update(siteInputs);
  await hashSources(hash, root, FINGERPRINTED_DIRS);
  for (const name of FINGERPRINTED_PACKAGES) {
    hash.update(name).update(await readFile(join(root, "node_modules", name, "package.json")).catch(() => ""));
  }
  return hash.digest("base64url");
}

/**
 * This build's segment: fields are appended as files are processed, and read only
 * after `finish`. The stream's buffer holds only Buffers the build keeps anyway (each
 * processed file's fields stay in memory until its packs are written), so appends
 * never wait for the disk.
 */
class Segment {
  readonly name = `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}.bin`;
  private out: WriteStream | undefined;
  private failed: Error | undefined;
  private markFinished!: () => void;
  /** Settles once `finish` has flushed every append: only then can the segment be read. */
  readonly finished = new Promise<void>((resolve) => (this.markFinished = resolve));
  length = 0;

  constructor(private readonly dir: string) {}

  append(bytes: Uint8Array): FieldsAt {
    if (!this.out) {
      mkdirSync(this.dir, { recursive: true });
      this.out = createWriteStream(join(this.dir, this.name));
      this.out.on("error", (error) => (this.failed = error));
    }
    const at: FieldsAt = [this.name, this.length, bytes.length];
    this.length += bytes.length;
    this.out.write(bytes);
    return at;
  }

  async finish(): Promise<void> {
    try {
      if (!this.out) return;
      this.out.end();
      await finished(this.out);
      if (this.failed) throw this.failed;
    } finally {
      this.markFinished();
    }
  }
}

export class FileCache {
  private previous: Record<string, CachedFile> = {};
  private readonly next: Record<string, CachedFile> = {};
  private readonly segment: Segment;
  /** Segments open for reading, by name: descriptors. */
  private readonly handles = new Map<string, number>();
  private saved = false;
  /** Files this build processed and kept: with none, and every file found, the manifest stays as it was. */
  private stored = 0;
  hits = 0;

  private constructor(
    private readonly dir: string,
    private readonly fingerprint: string,
    /** Looked up, never written: `npm run check` takes what the last build left and leaves it as it was. */
    private readonly readOnly: boolean,
  ) {
    this.segment = new Segment(join(dir, SEGMENTS));
  }

  static async open(dir: string, fingerprint: string, { readOnly = false } = {}): Promise<FileCache> {
    const cache = new FileCache(dir, fingerprint, readOnly);
    try {
      const files = await readManifest(join(dir, MANIFEST), fingerprint);
      if (files) cache.previous = files;
    } catch {
      // No cache yet, or an unreadable one: everything is built.
    }
    return cache;
  }

  /** Whether an earlier build left outcomes to look up (else there is no need to look). */
  get warm(): boolean {
    for (const _file in this.previous) return true;
    return false;
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

  /**
   * Keeps a freshly processed file, keyed by the time and size it was read with (a file
   * that could not be read is not kept): its fields go to this build's segment, the rest
   * to the manifest by `save`.
   */
  store(file: string, bundleFiles: readonly string[], { fields, read, ...outcome }: FileOutcome): void {
    if (!read || this.readOnly) return;
    this.stored++;
    const entry: CachedFile = { ...outcome, ...read, bundleFiles: bundleFiles.length === 0 ? NONE : [...bundleFiles] };
    if (fields !== undefined) entry.fieldsAt = this.segment.append(fields);
    this.next[file] = entry;
  }

  /** Where the fields of a file this build took from the cache are: valid until `close`, whatever `save` moves. */
  locate(file: string): FieldsAt | undefined {
    return this.next[file]?.fieldsAt;
  }

  /**
   * The fields at a place `locate` gave. Fields this build appended are read back once
   * its segment is flushed (by `save`): a cold build keeps only part of them in memory.
   * The read is synchronous: the segment was just written or read, so it is in the page
   * cache, where one blocking read of a few kilobytes costs a fraction of an
   * asynchronous one's promise and request. A 1,000,000-article build reads 4,000,000
   * records back, and the asynchronous reads, with a heap of gigabytes, were most of
   * the time it spent writing packs (measured on 40,000 reads: a fifth to a half of
   * the CPU).
   */
  async fields(at: FieldsAt): Promise<Uint8Array> {
    const [segment, offset, length] = at;
    if (segment === this.segment.name) await this.segment.finished;
    let fd = this.handles.get(segment);
    if (fd === undefined) {
      fd = openSync(join(this.dir, SEGMENTS, segment), "r");
      this.handles.set(segment, fd);
    }
    const bytes = Buffer.allocUnsafe(length);
    const bytesRead = readSync(fd, bytes, 0, length, offset);
    if (bytesRead !== length) throw new Error(`the build cache's ${segment} is shorter than its manifest says`);
    return bytes;
  }

  /**
   * Folds the fields of small or mostly dead segments into this build's segment,
   * finishes it and writes the manifest. It may run while records are read: the
   * segments it folds are deleted only by `close`.
   */
  async save(): Promise<void> {
    if (this.readOnly) return;
    const segmentsDir = join(this.dir, SEGMENTS);
    const live = new Map<string, number>();
    for (const entry of Object.values(this.next)) {
      const at = entry.fieldsAt;
      if (at && at[0] !== this.segment.name) live.set(at[0], (live.get(at[0]) ?? 0) + at[2]);
    }
    const folded = new Set<string>();
    for (const [name, bytes] of live) {
      const size = (await stat(join(segmentsDir, name)).catch(() => undefined))?.size ?? 0;
      // A small segment joins this build's own; a build that processed nothing has none to join.
      if ((size < SMALL_SEGMENT && this.stored > 0) || bytes * 2 < size) folded.add(name);
    }
    for (const [file, entry] of Object.entries(this.next)) {
      if (!entry.fieldsAt || !folded.has(entry.fieldsAt[0])) continue;
      this.next[file] = { ...entry, fieldsAt: this.segment.append(await this.fields(entry.fieldsAt)) };
    }
    await this.segment.finish();
    const unchanged =
      this.stored === 0 && folded.size === 0 && Object.keys(this.next).length === Object.keys(this.previous).length;
    // A build that changed nothing leaves the cache's files as they were, times included.
    if (!unchanged) await writeManifest(join(this.dir, MANIFEST), this.fingerprint, this.next);
    this.saved = true;
    // What is left to do is read fields and delete segments: the outcomes (each article's
    // facts and, in a rebuild, the manifest line it came from) need not outlive the
    // manifest, while the packs, which take most of the build, are still being written.
    for (const [file, entry] of Object.entries(this.next)) {
      this.next[file] = (entry.fieldsAt ? { fieldsAt: entry.fieldsAt } : {}) as CachedFile;
    }
    this.previous = {};
  }

  /**
   * Closes the segments read, and after a `save` deletes every segment the manifest
   * does not refer to (folded ones, and a failed or interrupted build's).
   */
  async close(): Promise<void> {
    for (const fd of this.handles.values()) closeSync(fd);
    this.handles.clear();
    if (!this.saved) return;
    const segmentsDir = join(this.dir, SEGMENTS);
    const kept = new Set(Object.values(this.next).flatMap((entry) => (entry.fieldsAt ? [entry.fieldsAt[0]] : [])));
    const present = await readdir(segmentsDir).catch(() => [] as string[]);
    await Promise.all(
      present.filter((name) => !kept.has(name)).map((name) => rm(join(segmentsDir, name), { recursive: true })),
    );
  }
}

/** The code that decides the bytes of what a build writes beside the worker (packs, tables, lists), and zlib's version. */
const OUTPUT_DIRS = ["src/compiler", "src/text", "src/model", "src/feeds", "src/pages"];

/**
 * Hash of what makes the build's output the bytes it is, for the assets manifest: when
 * it changes (an upgrade of Edgefeed, another zlib), every asset is written again, even
 * one whose content did not change.
 */
export async function outputFingerprint(root: string): Promise<string> {
  const hash = createHash("sha1").update(process.versions.zlib ?? "");
  await hashSources(hash, root, OUTPUT_DIRS);
  return hash.digest("base64url");
}
