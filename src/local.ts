/**
 * The app over a compiled bundle held in memory, records included: what the Node
 * tools (`npm run ping`, the benchmarks) and the tests run, with exactly the index
 * and packs the build would deploy.
 */
import { createApp } from "./app";
import { layOutRecords } from "./memory-layout";
import { decodeIndex, encodeIndex } from "./model/index-codec";
import type { BuildProblem, ContentBundle } from "./model/types";
import { memorySource } from "./providers/records";

export function createLocalApp(bundle: ContentBundle, clock?: () => number, problems: readonly BuildProblem[] = []) {
  const index = decodeIndex(encodeIndex(bundle));
  return createApp({ index, source: memorySource(layOutRecords(bundle)), problems, ...(clock ? { clock } : {}) });
}
