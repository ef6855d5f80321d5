/**
 * The subscriber counts' database on this machine (docs/stats.md): wrangler dev keeps
 * D1 as a SQLite file under `.wrangler/state/` of the project, made with no account.
 * Before serving, the preview applies the migrations to it (a database already up to
 * date is left as it is), and hands wrangler dev the project's `.dev.vars` (where
 * STATS_TOKEN goes) even though its configuration is a copy elsewhere.
 */
import { spawn } from "node:child_process";
import { access } from "node:fs/promises";
import { join } from "node:path";

/** Where wrangler dev and the migrations keep local D1 for the project at `root`. */
export function localStatePath(root: string): string {
  return join(root, ".wrangler/state");
}

/** The arguments wrangler dev needs to serve the local database and the project's secrets. */
export async function localDevArguments(root: string, statePath = localStatePath(root)): Promise<string[]> {
  const devVars = join(root, ".dev.vars");
  const hasDevVars = await access(devVars).then(
    () => true,
    () => false,
  );
  return ["--persist-to", statePath, ...(hasDevVars ? ["--env-file", devVars] : [])];
}

/** Applies migrations/ to the local STATS_DB of `config` (wrangler's own command); rejects with its output on failure. */
export function applyLocalMigrations(root: string, config: string, statePath = localStatePath(root)): Promise<void> {
  const child = spawn(
    join(root, "node_modules/.bin/wrangler"),
    ["d1", "migrations", "apply", "STATS_DB", "--local", "--config", config, "--persist-to", statePath],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", CI: "1" },
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolvePromise, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`wrangler d1 migrations apply failed (exit ${code}):\n${output}`));
    });
  });
}
