/**
 * The one home of where the worker's private objects lie among its static assets: the
 * record packs (model/packs.ts names them), the build's manifest, and the files of page
 * bundles whose article was scheduled when the site was built. The worker has one assets
 * directory, which Cloudflare serves without running the worker, so these live under a
 * directory no one can name: `/_records/<key>/`, where the key is 128 random bits that
 * only the build and the bundled worker know. `run_worker_first` covers `/_records/*`
 * too, but it matches the raw path, while the asset layer decodes percent-escapes and
 * folds repeated slashes first; a path that cannot be guessed has no spelling to probe.
 * Code elsewhere names private objects by their logical path (`/_records/site/0.json`);
 * only `storedPath` puts the key in.
 */
import { RECORDS_PREFIX } from "./packs";

/** A storage key: 128 bits as 32 lowercase hex digits (one case, so no file system folds it). */
const KEY_PATTERN = /^[0-9a-f]{32}$/;

export function isStorageKey(text: string): boolean {
  return KEY_PATTERN.test(text);
}

export function newStorageKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** True for a logical path of a private object (one under `/_records/`). */
export function isPrivatePath(path: string): boolean {
  return path.startsWith(RECORDS_PREFIX);
}

/**
 * Where the private object at logical `path` is stored: `/_records/site/0.json` →
 * `/_records/<key>/site/0.json`. It works on decoded and percent-encoded paths alike.
 * Without a key (an index with nothing stored) the path stays as it is.
 */
export function storedPath(key: string | undefined, path: string): string {
  if (!isPrivatePath(path)) throw new Error(`${path} is not a private path (under ${RECORDS_PREFIX})`);
  return key === undefined ? path : `${RECORDS_PREFIX}${key}/${path.slice(RECORDS_PREFIX.length)}`;
}

/** The logical path of the build's manifest of what it wrote into the assets. */
export const MANIFEST_PATH = `${RECORDS_PREFIX}manifest.json`;

/**
 * The logical path of a file of a page bundle held back until its article is visible
 * (`file` relative to the bundle, decoded): the worker serves it at the article's URL.
 */
export function heldFilePath(slug: string, file: string): string {
  return `${RECORDS_PREFIX}files/${slug}/${file}`;
}
