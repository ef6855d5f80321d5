/**
 * What a deploy publishes links to: the `SITE_URL` a `wrangler deploy` with these
 * arguments would give the worker (`--var SITE_URL:…` first, then the `[vars]` of the
 * `--env` named, or of the top level, in wrangler.toml or the `--config` file), and the
 * refusal when it is empty. With an empty SITE_URL every link of a deployed feed follows
 * the request's Host header, which any client chooses, in responses caches keep
 * (`Cache-Control: public`). The preview keeps the empty default: it links to itself.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

/** The parts of `wrangler deploy`'s arguments that decide SITE_URL and whether anything is uploaded. */
export interface DeployArguments {
  /** `--var SITE_URL:…`, when given. */
  siteUrl?: string;
  /** `--env`/`-e` (or CLOUDFLARE_ENV): wrangler's environment, whose `[vars]` replace the top level's. */
  env?: string;
  /** `--config`/`-c`: another wrangler configuration. */
  config?: string;
  /** `--dry-run`: nothing is uploaded. */
  dryRun: boolean;
}

/** Reads `args` as `wrangler deploy` does, for the few options that matter here; others are left to wrangler. */
export function readDeployArguments(args: readonly string[], environment = process.env): DeployArguments {
  const read: DeployArguments = { dryRun: false };
  const env = environment["CLOUDFLARE_ENV"];
  if (env) read.env = env;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [name, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const value = () => inline ?? args[++i];
    if (name === "--dry-run") read.dryRun = inline === undefined || inline === "true";
    else if (name === "--env" || name === "-e") read.env = value();
    else if (name === "--config" || name === "-c") read.config = value();
    else if (name === "--var") {
      // `--var NAME:VALUE…`: wrangler takes several after one flag, up to the next option.
      const values = inline !== undefined ? [inline] : [];
      if (inline === undefined)
        while (i + 1 < args.length && !(args[i + 1] as string).startsWith("-")) values.push(args[++i] as string);
      for (const pair of values) {
        const colon = pair.indexOf(":");
        if (colon > 0 && pair.slice(0, colon) === "SITE_URL") read.siteUrl = pair.slice(colon + 1);
      }
    }
  }
  return read;
}

/** The SITE_URL a deploy with `args` would publish, from the project at `root`, read the way wrangler reads it. */
export async function deployedSiteUrl(root: string, args: DeployArguments): Promise<string> {
  if (args.siteUrl !== undefined) return args.siteUrl;
  // Imported on demand: loading wrangler takes about a second.
  const { unstable_readConfig } = await import("wrangler");
  const config = resolve(root, args.config ?? "wrangler.toml");
  const read = unstable_readConfig({ config, ...(args.env ? { env: args.env } : {}) }, { hideWarnings: true });
  const value = read.vars["SITE_URL"];
  return typeof value === "string" ? value : "";
}

/** Why a deploy may not publish with this SITE_URL, or undefined when it may. */
export function siteUrlProblem(siteUrl: string, args: Pick<DeployArguments, "env" | "config">): string | undefined {
  const file = args.config ?? "wrangler.toml";
  const section = args.env ? `[env.${args.env}.vars]` : "[vars]";
  const howToSet =
    `set it in ${file}, under ${section}: SITE_URL = "https://your.domain.example", ` +
    `or for one deploy: npm run deploy -- --var SITE_URL:https://your.domain.example`;
  if (siteUrl.trim() === "") {
    return `SITE_URL is empty, so every link in the deployed feeds would follow the Host header a client sends: ${howToSet}`;
  }
  let url: URL;
  try {
    url = new URL(siteUrl);
  } catch {
    return `SITE_URL "${siteUrl}" is no address: ${howToSet}`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return `SITE_URL "${siteUrl}" is no web address: ${howToSet}`;
  return undefined;
}

/**
 * The arguments of the `wrangler deploy` (or `versions upload`) whose `[build]` hook is
 * running: wrangler tells its hook only the command (WRANGLER_COMMAND), so they are read
 * from the wrangler process among this one's ancestors. Linux only (/proc); elsewhere, or
 * when no wrangler is found, none.
 */
export function wranglerArguments(): string[] {
  let pid = process.ppid;
  for (let depth = 0; depth < 8 && pid > 1; depth++) {
    let argv: string[];
    let parent: number;
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      // The parent pid is the second field after the command's name, which is in parentheses.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
      return [];
    }
    const at = argv.findIndex((arg) => /(^|[/\\])wrangler(\.js)?$/.test(arg));
    if (at >= 0) return argv.slice(at + 1).filter((arg) => arg !== "");
    pid = parent;
  }
  return [];
}

/**
 * What `npm run deploy` hands the `wrangler deploy` it runs, so that the `[build]` hook does
 * not build a second time: a hash of the index module the deploy's own build wrote. The
 * hook skips only while the module is still exactly that, so a stale variable left in a
 * shell can never stand in for a build.
 */
export const DEPLOY_BUILD_VARIABLE = "EDGEFEED_DEPLOY_BUILD";

export async function moduleHash(modulePath: string): Promise<string | undefined> {
  const bytes = await readFile(modulePath).catch(() => undefined);
  return bytes && createHash("sha256").update(bytes).digest("hex");
}
