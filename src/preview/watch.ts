/**
 * Watching content/ for the preview so that one save means one build. An editor's
 * save is a burst of file events (a temporary file written and renamed over the
 * article, a backup made and removed), so a build starts only once the directory has
 * been quiet for a moment; files an editor keeps beside the article while it is open
 * (swap, lock and backup files) never start one; and changes made while a build
 * runs start exactly one more after it.
 */
import { type FSWatcher, readdirSync, statSync, watch } from "node:fs";
import { basename, join, relative, sep } from "node:path";

/** How long content/ must be quiet before a build starts: longer than any editor's save, shorter than a person notices. */
export const QUIET_MS = 150;

const EDITOR_SCRATCH = [
  /~$/, // backups of vim, emacs, nano, gedit
  /^\..+\.sw[a-p]x?$/, // vim swap files (.article.md.swp, .swo, …)
  /^\d+$/, // vim's probe of whether it may write in the directory (4913)
  /^\.#|^#.*#$/, // emacs lock and auto-save files
  /___jb_(?:tmp|old)___$/, // JetBrains "safe write"
  /^\.goutputstream-/, // GNOME's safe write (gedit)
  /\.kate-swp$/, // Kate swap files
  /\.crswap$/, // browsers' File System Access writes
];

/** True for a file an editor writes beside the one being edited, which is never content. */
export function isEditorScratch(path: string): boolean {
  const name = basename(path);
  return EDITOR_SCRATCH.some((pattern) => pattern.test(name));
}

/**
 * Runs `rebuild` once per burst of changes: `changed()` (re)starts a quiet period, and
 * the build starts when it ends. A burst that ends while a build runs means one more
 * build right after it, never two at once. `quick`, when given, is called with the
 * paths of each burst as soon as it ends, even while a build runs (one quick look at a
 * time, in order): the preview shows an edit with it before the build is done.
 */
export class RebuildScheduler {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;
  readonly #paths = new Set<string>();
  #looking: Promise<void> = Promise.resolve();

  constructor(
    private readonly rebuild: () => Promise<void>,
    private readonly quietMs = QUIET_MS,
    private readonly quick?: (paths: string[]) => Promise<void>,
  ) {}

  /** A change, under the watched directory at `path` when it is known. */
  changed(path?: string): void {
    if (this.#closed) return;
    if (path !== undefined) this.#paths.add(path);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#quiet(), this.quietMs);
  }

  #quiet(): void {
    const quick = this.quick;
    if (quick) {
      const paths = [...this.#paths];
      this.#looking = this.#looking.then(() => quick(paths)).catch(report);
    }
    this.#paths.clear();
    this.#start();
  }

  #start(): void {
    this.#timer = undefined;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.rebuild()
      .catch(report)
      .finally(() => {
        this.#running = undefined;
        if (this.#again && !this.#closed) {
          this.#again = false;
          this.#start();
        }
      });
  }

  /** Stops scheduling; resolves once a running build and quick look have finished. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await Promise.all([this.#running, this.#looking]);
  }
}

function report(error: unknown): void {
  console.error("edgefeed: the preview build crashed:", error);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Calls `onChange` with the path (relative to the root) of each change under a
 * directory tree, editor scratch files left out. It watches every directory on its
 * own rather than the tree recursively: Node 20's recursive watch on Linux follows
 * files by inode, so it goes deaf to a file once an editor saves it by renaming a new
 * file over it, while a directory's watch reports every entry by name.
 */
export class TreeWatcher {
  readonly #watchers = new Map<string, FSWatcher>();

  constructor(
    private readonly root: string,
    private readonly onChange: (path: string) => void,
  ) {
    this.#watchTree(root);
  }

  close(): void {
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
  }

  #watchTree(dir: string): void {
    this.#watch(dir);
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isDirectory()) this.#watch(join(entry.parentPath, entry.name));
    }
  }

  #watch(dir: string): void {
    if (this.#watchers.has(dir)) return;
    const watcher = watch(dir, (event, name) => {
      if (name && isEditorScratch(name)) return;
      const path = name ? join(dir, name) : dir;
      // A directory appeared (watch it) or went (forget it and everything under it).
      if (event === "rename") this.#entryRenamed(path);
      this.onChange(relative(this.root, path));
    });
    watcher.on("error", (error) => {
      this.#forget(dir);
      if (dir === this.root) console.error(`edgefeed: cannot watch ${dir} any more: ${error.message}`);
    });
    this.#watchers.set(dir, watcher);
  }

  #entryRenamed(path: string): void {
    if (isDirectory(path)) this.#watchTree(path);
    else if (this.#watchers.has(path)) this.#forget(path);
  }

  #forget(dir: string): void {
    for (const [watched, watcher] of this.#watchers) {
      if (watched === dir || watched.startsWith(`${dir}${sep}`)) {
        watcher.close();
        this.#watchers.delete(watched);
      }
    }
  }
}
