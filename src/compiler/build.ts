/**
 * One build, from content/ to what the worker deploys: compile (all or nothing), then
 * write the record packs into the assets directory and the index module last. The
 * CLI, the preview and the tests all build through here, so they produce the same files.
 */
import { type CompileResult, compileContent } from "./compile";
import { type AssetsWritten, writeAssets, writeIndexModule } from "./emit";
import { encodeIndex } from "../model/index-codec";
import { layOutRecords } from "./records";

export interface BuildOptions {
  contentDir: string;
  /** The index module the worker imports (src/generated/content.ts). */
  moduleOut: string;
  /** The assets directory deployed with the worker (.edgefeed/public). */
  assetsDir: string;
  /** The build's clock, epoch milliseconds. */
  now?: number;
}

export interface BuildResult extends CompileResult {
  /** Present when the build wrote its output (no errors). */
  assets?: AssetsWritten & { packs: number };
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const result = await compileContent(options.contentDir, options.now === undefined ? {} : { now: options.now });
  if (!result.bundle) return result;
  const packs = layOutRecords(result.bundle);
  const written = await writeAssets(options.assetsDir, packs);
  await writeIndexModule(options.moduleOut, encodeIndex(result.bundle));
  return { ...result, assets: { ...written, packs: packs.size } };
}
