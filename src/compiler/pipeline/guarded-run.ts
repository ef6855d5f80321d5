/**
 * A build that runs out of memory says so in one line a publisher can act on, not in
 * V8's stack. The command runs the build in a child process of the same Node with the
 * same flags (and a heap limit of the publisher's choosing, `--memory MiB`); the
 * parent does nothing but pass the child's output on. When the child dies of the heap
 * limit, the parent holds back V8's report and says how many articles the build was
 * given and what to try.
 */
import { spawn } from "node:child_process";
import { fstatSync } from "node:fs";
import { opendir } from "node:fs/promises";
import { join } from "node:path";
import { once } from "node:events";
import { totalmem } from "node:os";
import { createInterface } from "node:readline";

/** Set in the child's environment: the child builds, the parent only guards. */
const CHILD = "EDGEFEED_BUILD_CHILD";

/** Lines that begin V8's out-of-memory report: from here on the child's stderr is not the publisher's business. */
const OUT_OF_MEMORY = /^<--- Last few GCs --->|FATAL ERROR: .*(heap limit|out of memory)|JavaScript heap out of memory/;

export function isGuardedChild(): boolean {
  return process.env[CHILD] === "1";
}

/** The old-generation limit a list of Node flags sets (the last one wins, as in V8), in MiB. */
export function heapLimitOf(execArgv: readonly string[]): number | undefined {
  let limit: number | undefined;
  for (const flag of execArgv) {
    const match = /^--max-old-space-size=(\d+)$/.exec(flag);
    if (match) limit = Number(match[1]);
  }
  return limit;
}

/** `--memory N` out of the arguments: a heap limit in MiB for the build, or undefined. */
function memoryOption(args: readonly string[]): { memory?: number; rest: string[] } {
  const rest: string[] = [];
  let memory: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    let value: string | undefined;
    if (arg.startsWith("--memory=")) value = arg.slice("--memory=".length);
    else if (arg === "--memory") value = args[++i];
    else {
      rest.push(arg);
      continue;
    }
    const mib = Number(value);
    if (!Number.isInteger(mib) || mib < 16) {
      throw new Error(`--memory must be a whole number of MiB, at least 16: got ${value ?? "nothing"}`);
    }
    memory = mib;
  }
  return memory === undefined ? { rest } : { memory, rest };
}

function isOpen(fd: number): boolean {
  try {
    fstatSync(fd);
    return true;
  } catch {
    return false;
  }
}

/** How many article files `content` holds, for the message; undefined when it cannot be listed. */
async function articleCount(contentDir: string): Promise<number | undefined> {
  try {
    // Loaded only now: the guard itself stays as light as a process can be.
    const { listContent } = await import("../read/content-files");
    return (await listContent(contentDir)).articles.length;
  } catch {
    return undefined;
  }
}

/**
 * What a build keeps per article until its packs are written (ids, tags, the record's
 * signature and the cache's entry; each article's facts until the cache is saved),
 * with room for what it makes meanwhile: at most 2.5 KiB of live heap an article,
 * measured by scripts/bench-scale-heap.ts on 20,000 articles of gen-archive.py, cold
 * and warm. 3 KiB was not enough: a 1,000,000-article build (at 68f6a34) ran out of
 * its 3,072 MiB while writing its packs, after 84 minutes. 4 KiB gives it 4,096 MiB.
 */
const HEAP_PER_ARTICLE = 4 * 1024;

/** Entries in content/articles/, counted without holding their names (a million at the most of archives). */
async function articleEntries(contentDir: string): Promise<number> {
  let count = 0;
  try {
    const dir = await opendir(join(contentDir, "articles"));
    while ((await dir.read()) !== null) count++;
    await dir.close();
  } catch {
    // No articles folder: nothing to size the heap by.
  }
  return count;
}

/**
 * The heap the build is given when the publisher names none: the command's own limit,
 * or more when the archive needs more (HEAP_PER_ARTICLE), within what the machine has.
 * Said in one line when it is more.
 */
export async function heapFor(
  contentDir: string,
  limit: number | undefined,
  perArticle = HEAP_PER_ARTICLE,
): Promise<number | undefined> {
  if (limit === undefined) return undefined;
  const articles = await articleEntries(contentDir);
  const needed = Math.ceil((articles * perArticle) / (256 * 1024 * 1024)) * 256;
  const machine = Math.floor(totalmem() / 1024 / 1024) - 1024;
  const heap = Math.min(Math.max(limit, needed), Math.max(limit, machine));
  if (heap > limit) {
    console.log(`edgefeed: ${articles.toLocaleString("en-US")} article files: the build gets a heap of ${heap} MiB`);
  }
  return heap;
}

/** The one line said when the build ran out of memory. */
export function outOfMemoryLine(
  articles: number | undefined,
  contentDir: string,
  limitMiB: number | undefined,
): string {
  const many = articles === undefined ? "the articles" : `${articles.toLocaleString("en-US")} article(s)`;
  const limit = limitMiB === undefined ? "Node's default heap limit" : `a heap limit of ${limitMiB} MiB`;
  // Twice the limit, rounded up to a GiB, within what the machine has.
  const machine = Math.floor(totalmem() / 1024 / 1024);
  const next = Math.min(Math.ceil(((limitMiB ?? 2048) * 2) / 1024) * 1024, Math.max(1024, machine - 1024));
  return (
    `edgefeed: the build ran out of memory on ${many} in ${contentDir} (${limit}) and did not finish. ` +
    `Try npm run build -- --memory ${next} (this machine has ${machine} MiB), or --threads 1, ` +
    `or build on a machine with more memory`
  );
}

/**
 * Runs `entry` (this module's caller) again as a child with the same arguments and
 * flags, `--memory` turned into the child's heap limit, and resolves with the exit
 * code to give. The child's stdout is the terminal's; its stderr is passed on line by
 * line until V8's out-of-memory report begins.
 */
export async function runGuarded(entry: string, args: readonly string[], contentDir: string): Promise<number> {
  const { memory, rest } = memoryOption(args);
  const heap = memory ?? (await heapFor(contentDir, heapLimitOf(process.execArgv)));
  const execArgv = [...process.execArgv, ...(heap === undefined ? [] : [`--max-old-space-size=${heap}`])];
  // Descriptors beyond stderr that the command was given (a caller's extra pipe) are the child's too.
  const extra = isOpen(3) ? [3] : [];
  const child = spawn(process.execPath, [...execArgv, entry, ...rest], {
    env: { ...process.env, [CHILD]: "1" },
    stdio: ["inherit", "inherit", "pipe", ...extra],
  });
  let outOfMemory = false;
  const lines = createInterface({ input: child.stderr as NodeJS.ReadableStream, crlfDelay: Infinity });
  const passed = (async () => {
    for await (const line of lines) {
      if (!outOfMemory && OUT_OF_MEMORY.test(line)) outOfMemory = true;
      if (!outOfMemory && !process.stderr.write(`${line}\n`)) await once(process.stderr, "drain");
    }
  })();
  const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  await passed;
  if (outOfMemory) {
    process.stderr.write(`${outOfMemoryLine(await articleCount(contentDir), contentDir, heapLimitOf(execArgv))}\n`);
    return 1;
  }
  if (signal) {
    process.stderr.write(`edgefeed: the build was stopped (${signal}); nothing was built\n`);
    return 1;
  }
  return code ?? 1;
}
