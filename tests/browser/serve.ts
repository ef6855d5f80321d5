/**
 * Global setup of the browser tests: builds the served fixture (tests/support/served-fixture.ts)
 * and serves it through the Worker entry with `wrangler dev` on a free loopback port, waits
 * until the home page answers, hands the base URL and the newest article's path to the tests
 * (`inject`), and on teardown stops wrangler and everything it started. Without Chromium it
 * starts nothing.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { writeDevConfig } from "../../src/preview/wrangler-config";
import { collectOutput, freePort, HOST, signalGroup, stopGroup, waitUntilServing } from "../support/processes";
import { buildServedFixture } from "../support/build-served-fixture";
import { ROOT, TEST_ASSETS, TEST_ENTRY } from "../support/served-fixture";
import { SCREENSHOT_DIR } from "./audit";
import { BROWSER_REQUIRED, missingBrowser } from "./chromium";

const READY_TIMEOUT_MS = 60_000;

function startWrangler(configPath: string, port: number, inspectorPort: number) {
  const child = spawn(
    "node_modules/.bin/wrangler",
    [
      "dev",
      ...["--config", configPath],
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

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const missing = missingBrowser();
  if (missing) {
    if (BROWSER_REQUIRED)
      throw new Error(`Browser tests are required (EDGEFEED_REQUIRE_BROWSER=1) but there is ${missing}.`);
    console.warn(`\nBrowser tests SKIPPED: ${missing}.\n`);
    project.provide("baseUrl", "");
    project.provide("articlePath", "");
    return undefined;
  }

  await rm(SCREENSHOT_DIR, { recursive: true, force: true });
  const configDir = await mkdtemp(join(tmpdir(), "edgefeed-browser-"));
  await buildServedFixture();
  const port = await freePort();
  const baseUrl = `http://${HOST}:${port}`;
  // The production configuration with the fixture's build in place of the publisher's, so the pages
  // go through the real Worker entry, bindings and routing.
  const config = await writeDevConfig(join(configDir, "wrangler.json"), {
    root: ROOT,
    main: TEST_ENTRY,
    assetsDir: TEST_ASSETS,
  });
  const { child, output } = startWrangler(config, port, await freePort());
  // If the test run dies without a teardown, the detached group must not outlive it.
  const killOnExit = () => signalGroup(child, "SIGKILL");
  process.once("exit", killOnExit);
  const stop = async () => {
    await stopGroup(child);
    process.off("exit", killOnExit);
    await rm(configDir, { recursive: true, force: true });
  };
  let home: string;
  try {
    home = await waitUntilServing(`${baseUrl}/`, child, output, READY_TIMEOUT_MS);
  } catch (error) {
    await stop();
    throw error;
  }
  project.provide("baseUrl", baseUrl);
  // The newest article, so that the tests need not know which articles the fixture holds.
  project.provide(
    "articlePath",
    /href="[^"]*?(\/articles\/[^"/]+)"/.exec(home)?.[1] ?? "/articles/none-on-the-home-page",
  );
  return stop;
}
