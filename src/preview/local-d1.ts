/**
 * The subscriber counts' database on this machine (docs/stats.md): wrangler dev keeps
 * D1 as a SQLite file under `.wrangler/state/` of the project, made with no account.
 * Before serving, the preview applies the migrations to it (a database already up to
 * date is left as it is), and hands wrangler dev the project's `.dev.vars` (where
 * STATS_TOKEN goes) even though its configuration is a copy elsewhere. A fresh clone
 * has no `.dev.vars`: the preview writes one with a random STATS_TOKEN, so /stats and
 * `npm run stats` work locally with no step of yours (a STATS_TOKEN in the environment
 * of `npm start` wins over the file).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { tokenFromDevVars } from "../stats/terminal";

/** Where wrangler dev and the migrations keep local D1 for the project at `root`. */
export function localStatePath(root: string): string {
  return join(root, ".wrangler/state");
}

/** Where the local stats token comes from, for the preview to say so. */
export interface LocalToken {
  source: "environment" | ".dev.vars" | "new .dev.vars";
}

/**
 * The arguments wrangler dev needs to serve the local database and the project's
 * secrets; a STATS_TOKEN made and added to `.dev.vars` when neither it nor the
 * environment has one.
 */
export async function localDevArguments(
  root: string,
  environment: NodeJS.ProcessEnv = process.env,
  statePath = localStatePath(root),
): Promise<{ args: string[]; token: LocalToken }> {
  const devVars = join(root, ".dev.vars");
  const text = await readFile(devVars, "utf8").catch(() => undefined);
  const args = ["--persist-to", statePath];
  let token: LocalToken;
  const fromEnvironment = environment.STATS_TOKEN;
  if (fromEnvironment) {
    args.push("--var", `STATS_TOKEN:${fromEnvironment}`);
    token = { source: "environment" };
  } else if (text !== undefined && tokenFromDevVars(text)) {
    token = { source: ".dev.vars" };
  } else {
    const separator = text === undefined || text === "" || text.endsWith("\n") ? "" : "\n";
    await appendFile(devVars, `${separator}STATS_TOKEN=${randomBytes(24).toString("hex")}\n`, { mode: 0o600 });
    token = { source: "new .dev.vars" };
  }
  // A .dev.vars that is not there would stop wrangler dev: named only when it exists (or was just made).
  const hasFile = text !== undefined || token.source === "new .dev.vars";
  return { args: hasFile ? [...args, "--env-file", devVars] : args, token };
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
