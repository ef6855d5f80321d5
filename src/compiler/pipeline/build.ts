/**
 * One build, from content/ to what the worker deploys: compile (all or nothing), then
 * write the record packs into the assets directory, the index module, and last an
 * empty problems module (a good build has none; the preview fills it when a later
 * build fails). The CLI, the preview and the tests all build through here, so they
 * produce the same files.
 */
import { type CompileOptions, type CompileResult, compileContent } from "./compile";
import {
  type AssetsWritten,
  problemsModulePath,
  writeAssets,
  writeIndexModule,
  writeProblemsModule,
} from "../emit/emit";
import { encodeIndex } from "../../model/index-codec";
import type { EncodedIndex } from "../../model/types";
import { listsOf, packsOf, tablesOf } from "../emit/records";
import { outputFingerprint } from "../cache/file-cache";
import { encodePack } from "../../model/packs";
import { relative } from "node:path";
import { checkLimits, gzipSize, type PlanLimits } from "../emit/limits";

export interface BuildOptions extends CompileOptions {
  contentDir: string;
  /** The index module the worker imports (src/generated/content.ts); the problems module goes beside it. */
  moduleOut: string;
  /** The assets directory deployed with the worker (.edgefeed/public). */
  assetsDir: string;
  /** The plans' limits the output is held to (emit/limits.ts); the tests make them small. */
  limits?: { free: PlanLimits; paid: PlanLimits };
}

export interface BuildResult extends CompileResult {
  /** The index module's index, when the build wrote its output. */
  index?: EncodedIndex;
  /** Present when the build wrote its output (no errors). */
  assets?: AssetsWritten & { packs: number };
  /**
   * With `keepUnpublished` (the preview's): the records of `unpublished`, in its order, as
   * one pack held in memory. Never written among the assets.
   */
  unpublishedPack?: Uint8Array;
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const { contentDir, moduleOut, assetsDir, limits, ...compileOptions } = options;
  // Taken before compiling, as the cache's fingerprint is: a build of many minutes must
  // not describe its packs by code that changed while it ran (every pack would then be
  // written again by the next build).
  const layout = outputFingerprint(compileOptions.root ?? process.cwd());
  layout.catch(() => undefined);
  const result = await compileContent(contentDir, compileOptions);
  if (!result.content) {
    compileOptions.progress?.end();
    return result;
  }
  const now = compileOptions.now ?? Date.now();
  const progress = compileOptions.progress;
  progress?.phase("planning record packs");
  const encoded = encodeIndex(result.content, now);
  const packs = [...packsOf(result.content), ...tablesOf(result.content), listsOf(result.content, encoded, now)];
  let written: AssetsWritten;
  let unpublishedPack: Uint8Array | undefined;
  try {
    progress?.phase(
      `writing what changed among ${packs.length.toLocaleString("en")} record packs and ${result.content.siteFiles.length.toLocaleString("en")} site files`,
    );
    written = await writeAssets(assetsDir, packs, result.content.siteFiles, await layout);
    if (result.unpublished) {
      const records = await Promise.all(result.unpublished.map(({ article }) => article.record()));
      unpublishedPack = Buffer.concat(encodePack(records));
    }
  } finally {
    await result.release?.();
  }
  progress?.phase("writing the index");
  // The key to the private storage goes into the bundled worker, and nowhere else it is served.
  const index = { ...encoded, storageKey: written.storageKey };
  await writeIndexModule(moduleOut, index);
  await writeProblemsModule(problemsModulePath(moduleOut), []);
  progress?.end();
  // Said after writing, when the sizes are known; an error (a limit of every plan) fails the command, not the preview.
  const size = {
    index: { path: relative(process.cwd(), moduleOut), gzip: await gzipSize(moduleOut) },
    assetFiles: written.files,
    ...(written.largest ? { largest: written.largest } : {}),
  };
  const beyond = checkLimits(size, { assetsDir: relative(process.cwd(), assetsDir) }, limits?.free, limits?.paid);
  const diagnostics = [...result.diagnostics, ...beyond];
  return {
    ...result,
    diagnostics,
    index,
    assets: { ...written, packs: packs.length },
    ...(unpublishedPack ? { unpublishedPack } : {}),
  };
}
