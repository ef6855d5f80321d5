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
 * build right after it, never two at once.
 */
export class RebuildScheduler {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(
    private readonly rebuild: () => Promise<void>,
    private readonly quietMs = QUIET_MS,
  ) {}

  changed(): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#start(), this.quietMs);
  }

  #start(): void {
    this.#timer = undefined;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.rebuild()
      .catch((error: unknown) => console.error("edgefeed: the preview build crashed:", error))
      .finally(() => {
        this.#running = undefined;
        if (this.#again && !this.#closed) {
          this.#again = false;
          this.#start();
        }
      });
  }

  /** Stops scheduling; resolves once a running build has finished. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#running;
  }
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
