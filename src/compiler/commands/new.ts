/**
 * `npm run new -- "Title" [--tags a,b] [--content dir]`: writes a new article (see
 * new-article.ts) and prints its path; exits 1, writing nothing, when the slug is taken.
 */
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatDiagnostic } from "../diagnostics";
import { createArticle } from "./new-article";

const USAGE = 'usage: npm run new -- "Title of the article" [--tags "Tag one,Tag two"] [--content content]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { tags: { type: "string", default: "" }, content: { type: "string", default: "content" } },
  });
  const title = positionals.join(" ").trim();
  if (!title) {
    console.error(USAGE);
    return 1;
  }
  const tags = values.tags
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);
  const result = await createArticle({ contentDir: values.content, title, tags, now: Date.now() });
  for (const diagnostic of result.siteErrors) console.error(formatDiagnostic(diagnostic));
  if ("error" in result) {
    console.error(`edgefeed: ${result.error}`);
    return 1;
  }
  const shown = relative(process.cwd(), result.path);
  console.log(shown.startsWith("..") ? resolve(result.path) : shown);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("edgefeed: could not write the article:", error);
    process.exit(1);
  },
);
