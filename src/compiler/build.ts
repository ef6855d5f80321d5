/**
 * One build, from content/ to what the worker deploys: compile (all or nothing), then
 * write the record packs into the assets directory, the index module, and last an
 * empty problems module (a good build has none; the preview fills it when a later
 * build fails). The CLI, the preview and the tests all build through here, so they
 * produce the same files.
 */
import { type CompileResult, compileContent } from "./compile";
import { problemsModulePath, type RecordsWritten, writeIndexModule, writeProblemsModule, writeRecords } from "./emit";
import { encodeIndex } from "../model/index-codec";
import { layOutRecords } from "./records";

export interface BuildOptions {
  contentDir: string;
  /** The index module the worker imports (src/generated/content.ts); the problems module goes beside it. */
  moduleOut: string;
  /** The assets directory deployed with the worker (.edgefeed/public). */
  assetsDir: string;
  /** The build's clock, epoch milliseconds. */
  now?: number;
}

export interface BuildResult extends CompileResult {
  /** Present when the build wrote its output (no errors). */
  records?: RecordsWritten & { packs: number };
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const result = await compileContent(options.contentDir, options.now === undefined ? {} : { now: options.now });
  if (!result.bundle) return result;
  const packs = layOutRecords(result.bundle);
  const written = await writeRecords(options.assetsDir, packs);
  await writeIndexModule(options.moduleOut, encodeIndex(result.bundle));
  await writeProblemsModule(problemsModulePath(options.moduleOut), []);
  return { ...result, records: { ...written, packs: packs.size } };
}
