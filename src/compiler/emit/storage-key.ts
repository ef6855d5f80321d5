/**
 * The build's side of the private storage (model/storage.ts): the key, made once and kept
 * beside the assets directory (`.edgefeed/public.key`, never inside it, since everything
 * inside is uploaded), so that an incremental build writes its packs at the same paths and
 * rewrites only what changed; and the clearing of private directories under any other key
 * (or none, as builds before the key wrote them), so no pack outlives the key it was made
 * under.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { RECORDS_PREFIX } from "../../model/packs";
import { isStorageKey, newStorageKey } from "../../model/storage";

/** Where the key of an assets directory is kept. */
export function storageKeyFile(assetsDir: string): string {
  return `${resolve(assetsDir)}.key`;
}

/** The assets directory's storage key: the one kept beside it, or a new one, then kept. */
export async function storageKeyFor(assetsDir: string): Promise<string> {
  const file = storageKeyFile(assetsDir);
  const kept = (await readFile(file, "utf8").catch(() => "")).trim();
  if (isStorageKey(kept)) return kept;
  const key = newStorageKey();
  await mkdir(dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, `${key}\n`, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return key;
}

/** Removes everything under the assets' `/_records/` but the directory of `key`. */
export async function removeOtherStorage(assetsDir: string, key: string): Promise<void> {
  const root = join(assetsDir, RECORDS_PREFIX);
  const entries = await readdir(root).catch(() => []);
  await Promise.all(
    entries.filter((name) => name !== key).map((name) => rm(join(root, name), { recursive: true, force: true })),
  );
}
