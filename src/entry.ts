/**
 * The Worker over an index: decoded once per isolate, at start-up; the app is made on
 * the first request, which is when the ASSETS binding (where the records are) is first
 * at hand, and reads its private objects under the index's storage key. src/worker.ts
 * serves the build's index with it; the tests serve a fixture's. `problems` are the
 * errors of content that did not build; every page shows them.
 */
import { createApp } from "./app";
import type { Env } from "./env";
import { decodeIndex } from "./model/index-codec";
import type { BuildProblem, EncodedIndex } from "./model/types";
import { heldFiles, privateAssets } from "./providers/private-assets";
import { assetsSource } from "./providers/records";

export function createWorker(encoded: EncodedIndex, problems: readonly BuildProblem[] = []): ExportedHandler<Env> {
  const index = decodeIndex(encoded);
  let serve: ReturnType<typeof createApp>["fetch"] | undefined;
  return {
    fetch(request, env, ctx) {
      if (!serve) {
        const assets = privateAssets(env.ASSETS, encoded.storageKey);
        serve = createApp({ index, source: assetsSource(assets), heldFiles: heldFiles(assets), problems }).fetch;
      }
      // Workers hands the handler its own Request type; the app takes the standard one.
      return serve(request as unknown as Request, env, ctx);
    },
  };
}
