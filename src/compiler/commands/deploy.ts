/**
 * `npm run deploy [-- wrangler deploy options]`: refuses an empty SITE_URL, builds
 * content/ once (stopping on any error, each warning printed once), then runs
 * `wrangler deploy` with the options given. wrangler runs wrangler.toml's `[build]` hook
 * too; told of this build by a hash of the module it wrote, the hook does not build again.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { resolve } from "node:path";
import {
  DEPLOY_BUILD_VARIABLE,
  deployedSiteUrl,
  moduleHash,
  readDeployArguments,
  siteUrlProblem,
} from "./deploy-target";

const ROOT = resolve(import.meta.dirname, "../../..");
const MODULE = resolve(ROOT, "src/generated/content.ts");

const USAGE = `usage: npm run deploy -- [wrangler deploy options]

Builds content/ (stopping on any error), then runs wrangler deploy, which uploads the
worker and its assets as one version. Each error and warning is printed once.

SITE_URL, the public address every feed links to, must be set: in wrangler.toml,
  [vars]
  SITE_URL = "https://your.domain.example"
or for one deploy: npm run deploy -- --var SITE_URL:https://your.domain.example
(with --env NAME, in [env.NAME.vars]).

Options are wrangler deploy's; the ones used most:
  --dry-run --outdir dist   build and bundle, print the upload's size, upload nothing
  --env NAME                deploy wrangler.toml's environment NAME
  --var SITE_URL:URL        the public address for this deploy
All of them: npx wrangler deploy --help`;

/** Runs a command with this process's terminal, and resolves to its exit code. */
async function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const child = spawn(command, args, { cwd: ROOT, stdio: "inherit", env });
  const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  return code ?? (signal ? 1 : 0);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const target = readDeployArguments(args);
  const problem = siteUrlProblem(await deployedSiteUrl(ROOT, target), target);
  if (problem !== undefined && !target.dryRun) {
    console.error(`error: npm run deploy refused: ${problem}`);
    return 1;
  }
  if (problem !== undefined) console.error(`warning: ${problem} (a dry run uploads nothing, so it goes on)`);

  // The build as `npm run build` runs it, with its memory settings.
  const build = await run(process.execPath, [
    "--max-old-space-size=1024",
    "--max-semi-space-size=32",
    "--import",
    "tsx",
    resolve(ROOT, "src/compiler/commands/cli.ts"),
  ]);
  if (build !== 0) return build;

  const built = await moduleHash(MODULE);
  const env = { ...process.env, ...(built ? { [DEPLOY_BUILD_VARIABLE]: built } : {}) };
  return run(process.execPath, [resolve(ROOT, "node_modules/wrangler/bin/wrangler.js"), "deploy", ...args], env);
}

// The exit code is set, never forced: output still queued for a pipe is delivered.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("edgefeed: deploy failed:", error);
    process.exitCode = 1;
  },
);
