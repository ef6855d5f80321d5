/** Builds the served fixture the way a deploy would (see served-fixture.ts), for the worker and browser tests. */
import { build } from "../../src/compiler/pipeline/build";
import { formatDiagnostic } from "../../src/compiler/diagnostics";
import type { EncodedIndex } from "../../src/model/types";
import { SERVED_FIXTURE_DIR, TEST_ASSETS, TEST_MODULE } from "./served-fixture";

/**
 * Builds the served fixture into `.edgefeed/test/` (or the module and assets given);
 * throws with the diagnostics if it does not compile. Returns its index.
 */
export async function buildServedFixture(moduleOut = TEST_MODULE, assetsDir = TEST_ASSETS): Promise<EncodedIndex> {
  const result = await build({ contentDir: SERVED_FIXTURE_DIR, moduleOut, assetsDir });
  if (!result.content || !result.index) {
    throw new Error(`cannot compile ${SERVED_FIXTURE_DIR}:\n${result.diagnostics.map(formatDiagnostic).join("\n")}`);
  }
  return result.index;
}
