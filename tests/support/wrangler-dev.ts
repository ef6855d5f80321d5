/**
 * A build served the way `wrangler dev` serves it: the production wrangler.toml (its
 * `[assets]` router and run_worker_first included) with another Worker entry and assets
 * directory, on a free loopback port. The browser tests and the asset-router tests serve
 * through it; `stop` ends wrangler and everything it started.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyLocalMigrations } from "../../src/preview/local-d1";
import { writeDevConfig } from "../../src/preview/wrangler-config";
import { collectOutput, freePort, HOST, signalGroup, stopGroup, waitUntilServing } from "./processes";
import { ROOT } from "./served-fixture";

const READY_TIMEOUT_MS = 60_000;

/** The stats token the served site is given (STATS_TOKEN), so tests can open /stats. */
export const DEV_STATS_TOKEN = "dev-server-stats-token";

function startWrangler(configPath: string, port: number, inspectorPort: number, statePath: string) {
  const child = spawn(
    "node_modules/.bin/wrangler",
    [
      "dev",
      ...["--config", configPath],
      // Its own local D1 (migrated before) and a token of its own, whatever the project's .dev.vars holds.
      ...["--persist-to", statePath, "--var", `STATS_TOKEN:${DEV_STATS_TOKEN}`],
      ...["--port", String(port), "--ip", HOST],
      ...["--inspector-port", String(inspectorPort), "--inspector-ip", HOST],
      "--show-interactive-dev-session=false",
    ],
    {
      cwd: ROOT,
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
      // Its own process group, so that teardown also stops the workerd processes it starts.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  return { child, output: collectOutput(child) };
}

export interface DevServer {
  baseUrl: string;
  /** The body of the home page, which answered 200 before this was returned. */
  home: string;
  /** Where its local D1 (the subscriber counts) is kept, as SQLite files. */
  statePath: string;
  stop(): Promise<void>;
}

/** Serves `main` over `assetsDir` with wrangler dev, once the home page answers. */
export async function serveWithWranglerDev(main: string, assetsDir: string): Promise<DevServer> {
  const configDir = await mkdtemp(join(tmpdir(), "edgefeed-dev-"));
  const config = await writeDevConfig(join(configDir, "wrangler.json"), { root: ROOT, main, assetsDir });
  const statePath = join(configDir, "state");
  await applyLocalMigrations(ROOT, config, statePath);
  const port = await freePort();
  const baseUrl = `http://${HOST}:${port}`;
  const { child, output } = startWrangler(config, port, await freePort(), statePath);
  // If the test run dies without a teardown, the detached group must not outlive it.
  const killOnExit = () => signalGroup(child, "SIGKILL");
  process.once("exit", killOnExit);
  const stop = async () => {
    await stopGroup(child);
    process.off("exit", killOnExit);
    await rm(configDir, { recursive: true, force: true });
  };
  try {
    const home = await waitUntilServing(`${baseUrl}/`, child, output, READY_TIMEOUT_MS);
    return { baseUrl, home, statePath, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
