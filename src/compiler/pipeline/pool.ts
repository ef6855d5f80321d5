/**
 * Reading and rendering many content files, on several threads when there are many.
 * Rendering Markdown and sanitising HTML is most of a cold build, and each file is
 * independent, so with N threads the main thread and N - 1 worker threads (each
 * running pool-worker.ts) take batches of files from one queue. The main thread works
 * too because on a 2-core machine a second worker would only compete with it for a
 * core, and every file it processes itself is one whose outcome need not be copied
 * across threads. Small jobs run in-process. Either way each outcome is handed over
 * as it comes (with its task's index), so memory holds a few batches, never the whole
 * archive.
 */
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { ArticleContext } from "../render/article";
import { type FileOutcome, type FileRead, processFile } from "../render/process";

export interface FileTask {
  /** Relative to the content directory, as diagnostics name it. */
  file: string;
  /** The content directory, the same string for every task: the file read is `dir/file`. */
  dir: string;
  context: ArticleContext;
}

/** One thread per core, up to four: beyond that the main thread taking the outcomes in is the limit. */
export function defaultThreads(): number {
  return Math.min(availableParallelism(), 4);
}

/** Below this many files, starting threads costs more than it saves. */
const MIN_FOR_THREADS = 400;
const BATCH = 64;

/** Takes one file's outcome in: `index` is its task's position. */
export type OutcomeSink = (index: number, outcome: FileOutcome) => void | Promise<void>;

export async function processFiles(tasks: readonly FileTask[], take: OutcomeSink, threads = 1): Promise<void> {
  if (threads <= 1 || tasks.length < MIN_FOR_THREADS) return processInOrder(tasks, take);
  const batches: number[] = [];
  for (let start = 0; start < tasks.length; start += BATCH) batches.push(start);
  const workers = Array.from({ length: threads - 1 }, startWorker);
  try {
    await Promise.all([
      ...workers.map((worker) => workerLane(worker, batches, tasks, take)),
      mainLane(batches, tasks, take),
    ]);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

async function takeBatch(start: number, outcomes: readonly FileOutcome[], take: OutcomeSink): Promise<void> {
  await Promise.all(outcomes.map((outcome, i) => take(start + i, outcome)));
}

/**
 * A file's text with its modification time and size (for the build cache), or the
 * diagnostic that says why it cannot be read. The read is synchronous: a content file
 * is small and, on a machine that just wrote or built it, in the page cache, where one
 * blocking call costs a fraction of the four thread-pool round trips (open, stat,
 * read, close) of an asynchronous read; on a build thread nothing else is waiting
 * anyway. The stat is of the descriptor read, so it describes the very text read.
 */
function readTask(task: FileTask): { text: string; read: FileRead } | FileOutcome {
  let fd: number | undefined;
  try {
    fd = openSync(join(task.dir, task.file), "r");
    const { mtimeMs, size } = fstatSync(fd);
    return { text: readFileSync(fd, "utf8"), read: { mtimeMs, size } };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    return {
      diagnostics: [{ severity: "error", file: task.file, field: "", message: `cannot be read (${reason})` }],
      unknownFields: [],
    };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** One file: read and processed; an unreadable file is a diagnostic, not a crash. */
export function processOne(task: FileTask): FileOutcome {
  const got = readTask(task);
  if (!("text" in got)) return got;
  return { ...processFile(task.file, got.text, task.context), read: got.read };
}

/**
 * An outcome as a build thread sends it: all but the fields as JSON text. Objects
 * copied across threads each get a hidden class of their own, about 700 bytes of heap
 * per article that the main thread keeps until the cache is saved; the same objects
 * read from JSON share theirs (and JSON's short strings, a tag's spelling, are shared
 * too), as the cache's entries read from its manifest do.
 */
export interface SentOutcome {
  json: string;
  fields?: Uint8Array;
}

export function sentOutcome({ fields, ...rest }: FileOutcome): SentOutcome {
  return fields === undefined ? { json: JSON.stringify(rest) } : { json: JSON.stringify(rest), fields };
}

function receivedOutcome({ json, fields }: SentOutcome): FileOutcome {
  const outcome = JSON.parse(json) as FileOutcome;
  if (fields !== undefined) outcome.fields = fields;
  return outcome;
}

/**
 * Files in order, each handed over as soon as it is processed, through JSON as a build
 * thread's are: objects made by spreading and destructuring have hidden classes of
 * their own too.
 */
async function processInOrder(tasks: readonly FileTask[], take: OutcomeSink): Promise<void> {
  for (let i = 0; i < tasks.length; i++) await take(i, receivedOutcome(sentOutcome(processOne(tasks[i] as FileTask))));
}

/** A worker thread running pool-worker.ts through tsx, as the build itself runs. */
function startWorker(): Worker {
  const target = new URL("./pool-worker.ts", import.meta.url).href;
  const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); });`;
  // A thread holds two batches at a time: a small old generation keeps a 100,000-article build's
  // memory flat, and a large young one (as npm run build's --max-semi-space-size gives the main
  // thread) lets rendering's short-lived strings die young.
  return new Worker(boot, {
    eval: true,
    resourceLimits: { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 96 },
  });
}

/** The main thread's share: a batch at a time, letting the workers' outcomes in between batches. */
async function mainLane(batches: number[], tasks: readonly FileTask[], take: OutcomeSink): Promise<void> {
  for (let start = batches.shift(); start !== undefined; start = batches.shift()) {
    const first = start;
    await processInOrder(tasks.slice(first, first + BATCH), (i, outcome) => take(first + i, outcome));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A worker thread's share: it holds a batch in hand and one queued, so it never waits for the main thread. */
function workerLane(worker: Worker, batches: number[], tasks: readonly FileTask[], take: OutcomeSink): Promise<void> {
  return new Promise<void>((done, fail) => {
    let inFlight = 0;
    const next = () => {
      const start = batches.shift();
      if (start === undefined) {
        if (inFlight === 0) done();
        return;
      }
      inFlight++;
      worker.postMessage({ start, tasks: tasks.slice(start, start + BATCH) });
    };
    worker.on("message", ({ start, results }: { start: number; results: SentOutcome[] }) => {
      inFlight--;
      next();
      takeBatch(start, results.map(receivedOutcome), take).then(
        () => inFlight === 0 && batches.length === 0 && done(),
        fail,
      );
    });
    worker.once("error", fail);
    worker.once("exit", (code) => {
      if (batches.length > 0 || inFlight > 0 || code !== 0) fail(new Error(`a build thread stopped (exit ${code})`));
    });
    for (let queued = 0; queued < 2; queued++) next();
  });
}
