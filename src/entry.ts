/**
 * The Worker over an index. Everything that does not depend on a request is done at
 * start-up, where Workers allow a second and the first request does not pay for it:
 * the index is decoded, the app and its route matcher made, and the code every
 * document runs compiled (warm-up.ts). The ASSETS binding (where the records are)
 * arrives with each request; the app reads through whichever it was last given, its
 * private objects under the index's storage key.
 * src/worker.ts serves the build's index with it; the tests serve a fixture's.
 * `problems` are the errors of content that did not build; every page shows them.
 */
import { createApp } from "./app";
import type { AssetsBinding, Env } from "./env";
import { decodeIndex } from "./model/index-codec";
import type { BuildProblem, EncodedIndex } from "./model/types";
import { heldFiles, privateAssets } from "./providers/private-assets";
import { assetsSource } from "./providers/records";
import { warmUp } from "./warm-up";

export function createWorker(encoded: EncodedIndex, problems: readonly BuildProblem[] = []): ExportedHandler<Env> {
  const index = decodeIndex(encoded);
  let current: AssetsBinding | undefined;
  const assets = privateAssets(
    { fetch: (request) => (current ? current.fetch(request) : Promise.reject(new Error("no ASSETS binding"))) },
    encoded.storageKey,
  );
  const { fetch: serve, app } = createApp({
    index,
    source: assetsSource(assets),
    heldFiles: heldFiles(assets),
    problems,
  });
  for (const path of ["/", "/rss.xml", "/tags/a/rss.xml", "/tags/a/archive/1/rss.xml", "/articles/x", "/x/y/z"]) {
    app.router.match("GET", path);
  }
  return {
    fetch(request, env, ctx) {
      current = env.ASSETS;
      // Workers hands the handler its own Request type; the app takes the standard one.
      return serve(request as unknown as Request, env, ctx);
    },
  };
}

/** createWorker, and the warm-up every fresh isolate runs before its first request. */
export async function startWorker(
  encoded: EncodedIndex,
  problems: readonly BuildProblem[] = [],
): Promise<ExportedHandler<Env>> {
  const worker = createWorker(encoded, problems);
  await warmUp(encoded.site);
  return worker;
}
