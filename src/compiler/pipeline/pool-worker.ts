/** A build thread (see pool.ts): processes the batches of files it is sent and posts the outcomes back. */
import { parentPort } from "node:worker_threads";
import { type FileTask, processOne, sentOutcome } from "./pool";

parentPort?.on("message", ({ start, tasks }: { start: number; tasks: FileTask[] }) => {
  parentPort?.postMessage({ start, results: tasks.map((task) => sentOutcome(processOne(task))) });
});
