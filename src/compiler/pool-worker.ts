/** A build thread (see pool.ts): processes the batches of files it is sent and posts the outcomes back. */
import { parentPort } from "node:worker_threads";
import { type FileTask, processOne } from "./pool";

parentPort?.on("message", async ({ start, tasks }: { start: number; tasks: FileTask[] }) => {
  const results = await Promise.all(tasks.map(processOne));
  parentPort?.postMessage({ start, results });
});
