/**
 * `npm run new -- "Title" [options]`: writes a new article (see new-article.ts) and
 * prints its path. Exit code 1 when the slug is taken (nothing is written), 2 for a
 * wrong command line (an unknown option, no title, a date that is unreadable or past).
 */
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatDiagnostic } from "../diagnostics";
import { createArticle, type NewArticle } from "./new-article";

const USAGE = `usage: npm run new -- "Title of the article" [options]
  --tags "Tag one,Tag two"   its tags, separated by commas
  --author "Jane Doe"        an author, by name, slug or alias (repeat it for more than one)
  --date 2026-12-03T09:00    schedule it: a future time, read in site.yaml's timezone unless
                             it has an offset (default: now)
  --draft                    a draft: checked by the build, never published
  --bundle                   a page bundle, articles/<slug>/index.md, for pictures beside it
  --content DIR              the content directory (default: content)
  --help                     show this help`;

class UsageError extends Error {}

/** The request from the command line, or "help"; a UsageError says what is wrong. */
function readCommandLine(args: string[], now: number): NewArticle | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        tags: { type: "string", default: "" },
        author: { type: "string", multiple: true, default: [] },
        date: { type: "string" },
        draft: { type: "boolean", default: false },
        bundle: { type: "boolean", default: false },
        content: { type: "string", default: "content" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    // parseArgs says what is wrong in words (an unknown option, a missing value); its stack helps nobody.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  const title = positionals.join(" ").trim();
  if (!title) throw new UsageError("give the article's title");
  const list = (text: string) =>
    text
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean);
  const request: NewArticle = {
    contentDir: values.content,
    title,
    tags: list(values.tags),
    authors: values.author.map((name) => name.trim()).filter(Boolean),
    draft: values.draft,
    bundle: values.bundle,
    now,
  };
  if (values.date !== undefined) request.date = values.date;
  return request;
}

async function main(): Promise<number> {
  let request: NewArticle | "help";
  try {
    request = readCommandLine(process.argv.slice(2), Date.now());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`new: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (request === "help") {
    console.log(USAGE);
    return 0;
  }
  const result = await createArticle(request);
  for (const diagnostic of result.siteErrors) console.error(formatDiagnostic(diagnostic));
  if ("error" in result) {
    console.error(result.usage ? `new: ${result.error}\n${USAGE}` : `new: ${result.error}`);
    return result.usage ? 2 : 1;
  }
  const shown = relative(process.cwd(), result.path);
  console.log(shown.startsWith("..") ? resolve(result.path) : shown);
  return 0;
}

// Set, not forced: process.exit() would drop output still queued for a pipe.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("new: could not write the article:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
