/**
 * `npm run stats -- --url https://site.example`: the site's subscriber counts in the
 * terminal, read from its /stats.json with the stats token (`--token`, else the
 * STATS_TOKEN environment variable, else STATS_TOKEN in ./.dev.vars). Without --url it
 * asks the local preview (http://localhost:8787). `--json` prints the report as served.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { StatsReport } from "./report";
import { reportTable, tokenFromDevVars } from "./terminal";

const USAGE = `usage: npm run stats -- [--url https://site.example] [--token TOKEN] [--json]

  --url     the site's address (default: the local preview, http://localhost:8787)
  --token   the stats token; default: $STATS_TOKEN, else STATS_TOKEN in ./.dev.vars
  --json    print /stats.json as it is
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: "string", default: "http://localhost:8787" },
      token: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const token =
    values.token ?? process.env.STATS_TOKEN ?? tokenFromDevVars(await readFile(".dev.vars", "utf8").catch(() => ""));
  if (!token) {
    process.stderr.write(
      "edgefeed: no stats token: pass --token, set STATS_TOKEN, or put STATS_TOKEN=... in .dev.vars\n",
    );
    return 2;
  }
  let base: URL;
  try {
    base = new URL(values.url);
  } catch {
    process.stderr.write(`edgefeed: --url ${values.url} is not an address\n\n${USAGE}`);
    return 2;
  }
  const address = new URL("/stats.json", base);
  let response: Response;
  try {
    response = await fetch(address, { headers: { Authorization: `Bearer ${token}` } });
  } catch (error) {
    process.stderr.write(`edgefeed: cannot reach ${address}: ${error instanceof Error ? error.message : error}\n`);
    return 1;
  }
  if (response.status === 401) {
    process.stderr.write(`edgefeed: ${address} refused the token (401): is it the site's STATS_TOKEN?\n`);
    return 1;
  }
  if (response.status === 404) {
    process.stderr.write(`edgefeed: ${address} answered 404: the site has no STATS_TOKEN (docs/stats.md)\n`);
    return 1;
  }
  if (!response.ok) {
    process.stderr.write(`edgefeed: ${address} answered ${response.status}: ${(await response.text()).trim()}\n`);
    return 1;
  }
  const report = (await response.json()) as StatsReport;
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : reportTable(report, base.origin));
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`edgefeed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
