/**
 * `npm run ping`: tells the WebSub hub named in site.yaml which feeds changed since the
 * last ping (see ./ping.ts). Prints one line per topic sent and a summary on stdout,
 * build diagnostics and configuration errors on stderr; exits 1 when any notification
 * failed or the run could not start, so a deploy script can stop or retry.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runPing } from "./ping";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

const USAGE = `Usage: npm run ping -- [options]

Notifies the WebSub hub named in content/site.yaml (hub:) of every feed (site and tag
feeds, RSS, Atom and JSON Feed) whose document changed since the last ping.

Options:
  --site-url <url>  public origin of the feeds (default: $SITE_URL, then wrangler.toml [vars] SITE_URL)
  --content <dir>   content directory (default: content)
  --state <file>    what the hub last accepted (default: .edgefeed/ping-state.json)
  --dry-run         print what would be sent; send nothing, write nothing
  --help            show this help

Exit status: 0 when every changed feed was accepted (or nothing changed), 1 otherwise.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      "site-url": { type: "string" },
      content: { type: "string", default: "content" },
      state: { type: "string", default: resolve(REPO_ROOT, ".edgefeed/ping-state.json") },
      "dry-run": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const result = await runPing({
    contentDir: resolve(values.content),
    stateFile: resolve(values.state),
    origin: {
      flag: values["site-url"],
      env: process.env.SITE_URL,
      wranglerConfig: resolve(REPO_ROOT, "wrangler.toml"),
    },
    dryRun: values["dry-run"],
  });
  for (const line of result.problems) console.error(`edgefeed: ${line}`);
  for (const line of result.report) console.log(line);
  return result.exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // parseArgs rejects unknown options and missing values with a readable message.
    const usageError = error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS");
    if (usageError) console.error(`edgefeed: ${error.message}\n\n${USAGE}`);
    else console.error("edgefeed: ping failed:", error);
    process.exitCode = 1;
  },
);
