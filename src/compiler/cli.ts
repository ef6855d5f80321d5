/**
 * `npm run build` / `npm run check`: compiles content/ into src/generated/content.ts,
 * or with `--check` only validates. Prints every error and warning, one per line,
 * and exits 1 when there is any error (leaving the previous bundle untouched).
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { compileContent } from "./compile";
import { formatDiagnostic } from "./diagnostics";
import { writeBundleModule } from "./emit";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      check: { type: "boolean", default: false },
      content: { type: "string", default: "content" },
      out: { type: "string", default: "src/generated/content.ts" },
    },
  });
  const contentDir = resolve(values.content);
  const result = await compileContent(contentDir);
  for (const diagnostic of result.diagnostics) console.error(formatDiagnostic(diagnostic));
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = result.diagnostics.length - errors;
  if (!result.bundle) {
    console.error(`edgefeed: ${errors} error(s), ${warnings} warning(s) in ${values.content}/; nothing was built`);
    return 1;
  }
  const { articles, tags } = result.bundle;
  const summary = `${articles.length} article(s), ${result.drafts} draft(s) left out, ${tags.length} tag(s), ${warnings} warning(s)`;
  if (values.check) {
    console.log(`edgefeed: ${values.content}/ is valid: ${summary}`);
    return 0;
  }
  await writeBundleModule(resolve(values.out), result.bundle);
  console.log(`edgefeed: built ${values.out}: ${summary}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("edgefeed: build failed:", error);
    process.exit(1);
  },
);
