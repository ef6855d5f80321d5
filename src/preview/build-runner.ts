/**
 * Where the preview's builds run. A build at 100,000 articles keeps a thread busy for
 * seconds at a time, and the preview's store, which answers every request of the
 * Worker, and its quick looks at saved articles share the runner's main thread: so
 * `npm start` builds on a thread of its own (`threadRunner`), and the main thread
 * stays free to answer. Tests build in-process (`inProcessRunner`); both hand back
 * the same plain result, what the preview needs of a build and nothing that must stay
 * in one thread.
 */
import { Worker } from "node:worker_threads";
import { buildSummary } from "../compiler/commands/summary";
import type { Diagnostic } from "../compiler/diagnostics";
import { build, type BuildOptions } from "../compiler/pipeline/build";
import type { ArticleLookups, UnpublishedArticle } from "../compiler/pipeline/compile";
import type { Progress } from "../compiler/progress";
import type { EncodedIndex } from "../model/types";

/** What the preview takes from one build. */
export interface PreviewBuild {
  diagnostics: Diagnostic[];
  /** Present when the build is good (and wrote its output). */
  index?: EncodedIndex;
  /** The build's one-line summary (commands/summary.ts), when it is good. */
  summary?: string;
  unpublished?: Omit<UnpublishedArticle, "article">[];
  unpublishedPack?: Uint8Array;
  lookups?: ArticleLookups;
}

/** The options of a build the runner makes; progress is reported to `progress`. */
export type BuildRunner = (options: Omit<BuildOptions, "progress">, progress?: Progress) => Promise<PreviewBuild>;

/** Builds with `options` in this thread, and keeps what the preview needs. */
export async function previewBuild(options: BuildOptions): Promise<PreviewBuild> {
  const result = await build(options);
  if (!result.content || !result.index) return { diagnostics: result.diagnostics };
  const preview: PreviewBuild = {
    diagnostics: result.diagnostics,
    index: result.index,
    summary: buildSummary(result.content, result, options.now ?? Date.now()),
    unpublished: (result.unpublished ?? []).map(({ article: _record, ...rest }) => rest),
  };
  if (result.unpublishedPack) preview.unpublishedPack = result.unpublishedPack;
  if (result.lookups) preview.lookups = result.lookups;
  return preview;
}

export const inProcessRunner: BuildRunner = (options, progress) =>
  previewBuild(progress ? { ...options, progress } : options);

/** Messages from the build thread (build-thread.ts). */
export type ThreadMessage =
  | { kind: "phase"; name: string; total?: number }
  | { kind: "advance"; done: number }
  | { kind: "end" }
  | { kind: "done"; build: PreviewBuild }
  | { kind: "failed"; message: string };

/**
 * Builds on one thread kept for the runner's life, a build at a time (the scheduler
 * never asks for two at once). The thread's heap is the one `npm start` gives its own.
 */
export function threadRunner(): { run: BuildRunner; close: () => Promise<void> } {
  const target = new URL("./build-thread.ts", import.meta.url).href;
  const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); });`;
  const worker = new Worker(boot, {
    eval: true,
    resourceLimits: { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 64 },
  });
  worker.unref();
  let pending: { progress?: Progress; done: (build: PreviewBuild) => void; fail: (error: Error) => void } | undefined;
  worker.on("message", (message: ThreadMessage) => {
    const progress = pending?.progress;
    if (message.kind === "phase") progress?.phase(message.name, message.total);
    else if (message.kind === "advance") progress?.advance(message.done);
    else if (message.kind === "end") progress?.end();
    else {
      const settled = pending;
      pending = undefined;
      if (message.kind === "done") settled?.done(message.build);
      else settled?.fail(new Error(message.message));
    }
  });
  worker.on("error", (error) => {
    pending?.fail(error);
    pending = undefined;
  });
  return {
    run: (options, progress) =>
      new Promise((done, fail) => {
        pending = { done, fail, ...(progress ? { progress } : {}) };
        worker.postMessage(options);
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
