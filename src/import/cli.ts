/**
 * `npm run import -- <file|url> [--dry-run] [--force] [--content DIR]`: brings an old
 * site's posts into `content/articles/`. Prints one line per item and a summary;
 * errors go to stderr, and the exit code is 1 when anything stopped the import
 * (then nothing was written) and 2 for a wrong command line.
 */
import { parseArgs } from "node:util";
import { type ImportOptions, runImport } from "./run";

const USAGE = `usage: npm run import -- <file|url> [--dry-run] [--force] [--content DIR] [--timeout SECONDS] [--max-pages N] [--follow-other-origins]
  <file|url>   an RSS 2.0, Atom or JSON Feed document, or a WordPress export (WXR) file
  --dry-run    write nothing; say what would be written
  --force      overwrite a file that exists and differs
  --content    the content directory (default: content)
  --timeout    seconds to wait for each page of a URL (default: 30)
  --max-pages  how many pages of a URL to follow at most (default: 200)
  --follow-other-origins
               also follow older-page links and redirects that lead off the URL's own origin`;

class UsageError extends Error {}

function positiveNumber(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new UsageError(`--${name} must be a positive number, not "${value}"`);
  return number;
}

/** The options from the command line, or "help"; a UsageError says what is wrong. */
function readCommandLine(args: string[]): ImportOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        "dry-run": { type: "boolean", default: false },
        force: { type: "boolean", default: false },
        content: { type: "string", default: "content" },
        timeout: { type: "string", default: "30" },
        "max-pages": { type: "string", default: "200" },
        "follow-other-origins": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  const [source, ...extra] = positionals;
  if (source === undefined || extra.length > 0) throw new UsageError("give exactly one file or URL to import");
  return {
    source,
    contentDir: values.content,
    dryRun: values["dry-run"],
    force: values.force,
    timeoutMs: positiveNumber(values.timeout, "timeout") * 1000,
    maxPages: Math.floor(positiveNumber(values["max-pages"], "max-pages")),
    followOtherOrigins: values["follow-other-origins"],
    fetch: globalThis.fetch,
  };
}

async function main(): Promise<number> {
  let options: ImportOptions | "help";
  try {
    options = readCommandLine(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`import: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (options === "help") {
    console.log(USAGE);
    return 0;
  }
  const report = await runImport(options);
  for (const line of report.lines) console.log(line);
  for (const error of report.errors) console.error(`error: ${error}`);
  if (!report.ok) console.error(`import: ${report.errors.length} error(s) in ${options.source}; nothing was written`);
  return report.ok ? 0 : 1;
}

// Set, not forced: process.exit() would drop the lines still queued for a pipe (a large
// import's item lines and its summary).
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("import failed:", error);
    process.exitCode = 1;
  },
);
