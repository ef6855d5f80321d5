/** A build thread (see pool.ts): processes the batches of files it is sent and posts the outcomes back. */
import { parentPort } from "node:worker_threads";
import type { FileOutcome } from "./process";
import { type FileTask, processInOrder } from "./pool";

parentPort?.on("message", async ({ start, tasks }: { start: number; tasks: FileTask[] }) => {
  const results: FileOutcome[] = new Array(tasks.length);
  await processInOrder(tasks, (i, outcome) => {
    results[i] = outcome;
  });
  parentPort?.postMessage({ start, results });
});
