/**
 * Writing the build's output: the index and problems modules the worker imports, and the record
 * packs into the assets directory the worker deploys with. Packs are content-hashed
 * against the previous build's manifest, so an edit rewrites only the packs it
 * touched (and wrangler re-uploads only those); packs no longer produced are removed.
 * Every file is written beside its final path and renamed, so a reader (wrangler
 * dev, a deploy) never sees half a file, and the modules are written last.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { RECORDS_PREFIX } from "../model/packs";
import type { BuildProblem, EncodedIndex } from "../model/types";

/**
 * A generated module exporting one constant as a single JSON string: V8 parses it
 * faster than the same data as an object literal.
 */
function jsonModule(typeName: string, declaration: string, value: unknown): string {
  return [
    "// Generated from content/ by the build (`npm run build`, `npm start`). Do not edit; it is not committed.",
    `import type { ${typeName} } from "../model/types";`,
    "",
    `export const ${declaration} = JSON.parse(${JSON.stringify(JSON.stringify(value))});`,
    "",
  ].join("\n");
}

export function indexModule(index: EncodedIndex): string {
  return jsonModule("EncodedIndex", "index: EncodedIndex", index);
}

/** The build problems module: empty after every good build, so a deploy never shows a banner. */
export function problemsModule(problems: readonly BuildProblem[]): string {
  return jsonModule("BuildProblem", "problems: BuildProblem[]", problems);
}

/** Where the problems module lives: beside the index module (src/generated/problems.ts). */
export function problemsModulePath(indexModulePath: string): string {
  return join(dirname(indexModulePath), "problems.ts");
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

export async function writeIndexModule(path: string, index: EncodedIndex): Promise<void> {
  await writeAtomically(path, indexModule(index));
}

export async function writeProblemsModule(path: string, problems: readonly BuildProblem[]): Promise<void> {
  await writeAtomically(path, problemsModule(problems));
}

export interface RecordsWritten {
  written: number;
  unchanged: number;
  removed: number;
}

/**
 * Pack path → hash of its text, as last written. It lives among the packs, so deleting
 * the assets directory forgets it too (and the worker answers its path with a 404).
 */
type Manifest = Record<string, string>;

async function readManifest(path: string): Promise<Manifest> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, "utf8"));
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Manifest) : {};
  } catch {
    return {};
  }
}

/** Writes the packs (path → JSON text) under `assetsDir`, skipping the ones unchanged since the last build. */
export async function writeRecords(assetsDir: string, packs: ReadonlyMap<string, string>): Promise<RecordsWritten> {
  const manifestPath = join(assetsDir, RECORDS_PREFIX, "manifest.json");
  const previous = await readManifest(manifestPath);
  const next: Manifest = {};
  const changed: [string, string][] = [];
  for (const [path, text] of packs) {
    const hash = createHash("sha1").update(text).digest("base64url");
    next[path] = hash;
    if (previous[path] !== hash) changed.push([path, text]);
  }
  // A handful of writes at a time: enough to keep the disk busy, few enough file handles.
  for (let i = 0; i < changed.length; i += 64) {
    await Promise.all(changed.slice(i, i + 64).map(([path, text]) => writeAtomically(join(assetsDir, path), text)));
  }
  const stale = Object.keys(previous).filter((path) => !(path in next));
  await Promise.all(stale.map((path) => rm(join(assetsDir, path), { force: true })));
  await writeAtomically(manifestPath, JSON.stringify(next));
  return { written: changed.length, unchanged: packs.size - changed.length, removed: stale.length };
}
