/** The preview's build thread (see build-runner.ts): builds what it is sent, reporting progress, and posts the result back. */
import { parentPort } from "node:worker_threads";
import type { BuildOptions } from "../compiler/pipeline/build";
import { previewBuild, type ThreadMessage } from "./build-runner";

const post = (message: ThreadMessage) => parentPort?.postMessage(message);

/** Counts are posted every this many units (and at the last): a message per file would cost more than the count is worth. */
const ADVANCE_EVERY = 100;

parentPort?.on("message", (options: BuildOptions) => {
  let total: number | undefined;
  let posted = 0;
  const progress = {
    phase: (name: string, size?: number) => {
      total = size;
      posted = 0;
      post(size === undefined ? { kind: "phase", name } : { kind: "phase", name, total: size });
    },
    advance: (done: number) => {
      if (done !== total && done - posted < ADVANCE_EVERY) return;
      posted = done;
      post({ kind: "advance", done });
    },
    end: () => post({ kind: "end" }),
  };
  previewBuild({ ...options, progress }).then(
    (build) => post({ kind: "done", build }),
    (error: unknown) =>
      post({ kind: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
