/**
 * Global setup for every test project: the publisher's own build (the cache under
 * `.edgefeed/cache/`, the assets in `.edgefeed/public/` and their key, the modules in
 * `src/generated/`) is noted before the tests run and compared after. Tests build into
 * temporary folders or `.edgefeed/test/`; one that writes, deletes or rewrites any of
 * these files makes the run fail with the files it touched, because a publisher's next
 * `npm start` or deploy would otherwise pay for it (a cold cache, or a build of a fixture
 * in place of their site).
 */
import { readdir, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");
/** What belongs to the publisher's build, relative to the project root. */
export const PUBLISHER_BUILD = [".edgefeed/cache", ".edgefeed/public", ".edgefeed/public.key", "src/generated"];

/** File (relative to `root`) → its size and modification time, for every file under `paths`. */
export type Fingerprint = Map<string, string>;

async function note(root: string, path: string, into: Fingerprint): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return;
  if (info.isDirectory()) {
    for (const entry of await readdir(path)) await note(root, join(path, entry), into);
    return;
  }
  into.set(relative(root, path), `${info.size} bytes, modified ${info.mtimeMs}`);
}

export async function fingerprint(root: string, paths: readonly string[] = PUBLISHER_BUILD): Promise<Fingerprint> {
  const files: Fingerprint = new Map();
  for (const path of paths) await note(root, join(root, path), files);
  return files;
}

/** One line per file added, removed or changed between two fingerprints. */
export function changes(before: Fingerprint, after: Fingerprint): string[] {
  const lines: string[] = [];
  for (const [file, was] of before) {
    const now = after.get(file);
    if (now === undefined) lines.push(`${file}: removed`);
    else if (now !== was) lines.push(`${file}: rewritten (${was}; now ${now})`);
  }
  for (const file of after.keys()) if (!before.has(file)) lines.push(`${file}: created`);
  return lines.sort();
}

export default async function setup(): Promise<() => Promise<void>> {
  const before = await fingerprint(ROOT);
  return async () => {
    const touched = changes(before, await fingerprint(ROOT));
    if (touched.length === 0) return;
    // A global teardown cannot fail a test; it fails the run, saying why.
    console.error(
      `\nThe tests touched the publisher's build (${PUBLISHER_BUILD.join(", ")}); a test must build into a temporary folder:\n  ${touched.join("\n  ")}\n`,
    );
    process.exitCode = 1;
  };
}
