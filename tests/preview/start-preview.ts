/**
 * The preview runner as `npm start` starts it (src/preview/cli.ts), for the preview
 * tests: over a scratch content directory, writing its build into `buildDir` so the
 * publisher's own build is never touched, on free loopback ports, in a process group
 * of its own (wrangler's workerd included), and ready once it serves its home page.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { collectOutput, freePort, HOST, signalGroup, waitUntilServing } from "../support/processes";
import { ROOT } from "../support/served-fixture";

const READY_TIMEOUT_MS = 60_000;
/** The stats token the preview is started with (from its environment, so it writes no .dev.vars into the checkout). */
export const PREVIEW_STATS_TOKEN = "preview-test-stats-token";

export interface RunningPreview {
  runner: ChildProcess;
  /** What the runner and wrangler printed so far. */
  output: () => string;
  baseUrl: string;
}

export async function startPreview(content: string, buildDir: string): Promise<RunningPreview> {
  const port = await freePort();
  const baseUrl = `http://${HOST}:${port}`;
  const runner = spawn(
    "node_modules/.bin/tsx",
    [
      "src/preview/cli.ts",
      ...["--content", content],
      ...["--out", join(buildDir, "content.ts"), "--assets", join(buildDir, "public")],
      // Everything else is wrangler dev's.
      ...["--port", String(port), "--ip", HOST, "--inspector-port", String(await freePort())],
      "--show-interactive-dev-session=false",
    ],
    {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, STATS_TOKEN: PREVIEW_STATS_TOKEN },
    },
  );
  const output = collectOutput(runner);
  process.once("exit", () => signalGroup(runner, "SIGKILL"));
  await waitUntilServing(`${baseUrl}/`, runner, output, READY_TIMEOUT_MS);
  return { runner, output, baseUrl };
}
