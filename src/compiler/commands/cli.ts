/**
 * `npm run build` / `npm run check`: compiles content/ into the worker's index module
 * (src/generated/content.ts, with an empty problems module beside it) and the record
 * packs in the assets directory (.edgefeed/public), or with `--check` only validates.
 * Prints every error and warning, one per line, then what it did; exits 1 when there
 * is any error, leaving the previous build untouched. The build runs in a child
 * process (pipeline/guarded-run.ts): running out of memory is one line, and
 * `--memory MiB` gives the build a larger heap.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { CompileOptions, CompileResult } from "../pipeline/compile";
import { isGuardedChild, runGuarded } from "../pipeline/guarded-run";
import {
  DEPLOY_BUILD_VARIABLE,
  deployedSiteUrl,
  moduleHash,
  readDeployArguments,
  siteUrlProblem,
  wranglerArguments,
} from "./deploy-target";

/** The project: wrangler.toml and the compiler sources that fingerprint the cache. */
const ROOT = resolve(import.meta.dirname, "../../..");

/** `--threads N` (N ≥ 1), or `auto`: one per core (see pool.ts). */
function threadsOption(value: string, defaultThreads: () => number): number {
  if (value === "auto") return defaultThreads();
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1)
    throw new Error(`--threads must be a whole number from 1, or auto: got ${value}`);
  return threads;
}

/** The content directory the arguments name, for the guard's message (the child parses them for real). */
function contentArgument(args: readonly string[]): string {
  const at = args.indexOf("--content");
  const inline = args.find((arg) => arg.startsWith("--content="));
  return inline?.slice("--content=".length) ?? (at >= 0 ? args[at + 1] : undefined) ?? "content";
}

/**
 * When wrangler runs this build as its `[build]` hook (it sets WRANGLER_COMMAND): for a
 * deploy that `npm run deploy` has just built, nothing more to do (0); for any other
 * deploy or upload, the refusal of an empty SITE_URL (1) before anything is built. For
 * `wrangler dev`, or outside wrangler, undefined: build as usual.
 */
async function asWranglerHook(moduleOut: string): Promise<number | undefined> {
  const command = process.env["WRANGLER_COMMAND"];
  if (!command || command === "dev") return undefined;
  const built = process.env[DEPLOY_BUILD_VARIABLE];
  if (built && built === (await moduleHash(moduleOut))) {
    console.log("edgefeed: npm run deploy has just built content/; not building it again");
    return 0;
  }
  const args = readDeployArguments(wranglerArguments());
  const problem = siteUrlProblem(await deployedSiteUrl(ROOT, args), args);
  if (problem === undefined) return undefined;
  if (args.dryRun) {
    console.error(`warning: ${problem} (a dry run uploads nothing, so it goes on)`);
    return undefined;
  }
  console.error(`error: wrangler ${command} refused: ${problem}`);
  return 1;
}

/** Compiles without writing: the cache is only read, and closed once the content is judged. */
async function check(contentDir: string, options: CompileOptions): Promise<CompileResult> {
  const { compileContent } = await import("../pipeline/compile");
  const result = await compileContent(contentDir, { ...options, readOnlyCache: true });
  await result.release?.();
  return result;
}

async function main(): Promise<number> {
  const started = performance.now();
  // The build itself runs in a child, so that running out of memory is a line, not a crash (guarded-run.ts).
  if (!isGuardedChild()) {
    const args = process.argv.slice(2);
    return runGuarded(fileURLToPath(import.meta.url), args, contentArgument(args));
  }
  const [{ build }, { defaultThreads }, { formatDiagnostic }, { buildSummary }] = await Promise.all([
    import("../pipeline/build"),
    import("../pipeline/pool"),
    import("../diagnostics"),
    import("./summary"),
  ]);
  const { values } = parseArgs({
    options: {
      check: { type: "boolean", default: false },
      content: { type: "string", default: "content" },
      out: { type: "string", default: "src/generated/content.ts" },
      assets: { type: "string", default: ".edgefeed/public" },
      cache: { type: "string", default: ".edgefeed/cache" },
      threads: { type: "string", default: "auto" },
    },
  });
  if (!values.check) {
    const refused = await asWranglerHook(resolve(values.out));
    if (refused !== undefined) return refused;
  }
  const now = Date.now();
  const contentDir = resolve(values.content);
  // A check reads the build's cache as a warm build does, and leaves it as it was.
  const compileOptions = {
    now,
    cacheDir: resolve(values.cache),
    root: ROOT,
    threads: threadsOption(values.threads, defaultThreads),
  };
  const result = values.check
    ? await check(contentDir, compileOptions)
    : await build({ contentDir, moduleOut: resolve(values.out), assetsDir: resolve(values.assets), ...compileOptions });
  for (const diagnostic of result.diagnostics) console.error(formatDiagnostic(diagnostic));
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = result.diagnostics.length - errors;
  if (!result.content) {
    console.error(`edgefeed: ${errors} error(s), ${warnings} warning(s) in ${values.content}/; nothing was built`);
    return 1;
  }
  const summary = buildSummary(result.content, result, now);
  if (values.check) {
    console.log(`edgefeed: ${values.content}/ is valid: ${summary}`);
    return 0;
  }
  const { assets } = result as Awaited<ReturnType<typeof build>>;
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`edgefeed: built ${values.out} and ${values.assets}/ in ${seconds} s: ${summary}`);
  console.log(
    `edgefeed: ${result.files?.rendered} article file(s) read and rendered, ${result.files?.cached} unchanged since the last build (cache); ${assets?.packs} record pack(s) and site files: ${assets?.written} written, ${assets?.unchanged} unchanged, ${assets?.removed} removed`,
  );
  // A limit every plan has (emit/limits.ts) is an error: the deploy would fail on it.
  return errors > 0 ? 1 : 0;
}

// The exit code is set, never forced with process.exit(): a pipe takes what is written
// asynchronously, and forcing the exit would drop the lines still queued for it.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("edgefeed: build failed:", error);
    process.exitCode = 1;
  },
);
