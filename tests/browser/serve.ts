/**
 * Global setup of the browser tests: builds the served fixture (tests/support/served-fixture.ts)
 * and serves it through the Worker entry with `wrangler dev` on a free loopback port, waits
 * until the home page answers, hands the base URL and the newest article's path to the tests
 * (`inject`), and on teardown stops wrangler and everything it started. Without Chromium it
 * starts nothing.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parse } from "smol-toml";
import type { TestProject } from "vitest/node";
import { buildServedFixture } from "../support/build-served-fixture";
import { ROOT, TEST_ASSETS, TEST_ENTRY } from "../support/served-fixture";
import { SCREENSHOT_DIR } from "./audit";
import { BROWSER_REQUIRED, missingBrowser } from "./chromium";

const HOST = "127.0.0.1";
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
/** Enough of wrangler's output to explain a failed start. */
const OUTPUT_LIMIT = 20_000;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? done(address.port) : fail(new Error("no port"))));
    });
  });
}

/** The parts of wrangler.toml that name paths or the build; everything else is copied as it is. */
interface WranglerConfig {
  main?: string;
  build?: unknown;
  assets?: { directory?: string };
}

/**
 * Writes, into `dir`, wrangler.toml with the served fixture's build in place of the
 * publisher's: the test Worker entry over the fixture's index, and the fixture's record
 * packs as its assets (tests/support/served-fixture.ts builds both first). Nothing else
 * changes, so the pages go through the real Worker entry, bindings and routing. The copy
 * lives outside the project, leaving nothing behind in it, so its paths are absolute.
 */
async function writeFixtureConfig(dir: string): Promise<string> {
  const config = parse(await readFile(join(ROOT, "wrangler.toml"), "utf8")) as WranglerConfig;
  const fixtureConfig: WranglerConfig = {
    ...config,
    // The publisher's build hook would rebuild content/; the fixture's build is ready.
    build: undefined,
    main: TEST_ENTRY,
    assets: { ...config.assets, directory: TEST_ASSETS },
  };
  const path = join(dir, "wrangler.json");
  await writeFile(path, JSON.stringify(fixtureConfig, null, 2));
  return path;
}

function startWrangler(
  configPath: string,
  port: number,
  inspectorPort: number,
): { child: ChildProcess; output: () => string } {
  let output = "";
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
      // Its own process group, so that teardown also stops the workerd and build processes it starts.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  return { child, output: () => output };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

async function stopWrangler(child: ChildProcess): Promise<void> {
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, "exit");
  signalGroup(child, "SIGTERM");
  // An unreferenced timer: once wrangler is gone, nothing should keep Vitest waiting.
  const grace = sleep(STOP_GRACE_MS, false, { ref: false });
  const stopped = await Promise.race([exited.then(() => true), grace]);
  if (!stopped) signalGroup(child, "SIGKILL");
}

/** Polls the home page until it answers 200, and returns its HTML. */
async function waitUntilServing(baseUrl: string, child: ChildProcess, output: () => string): Promise<string> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`wrangler dev exited (${child.exitCode ?? child.signalCode}) before serving:\n${output()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(2_000) });
      const html = await response.text();
      if (response.status === 200) return html;
      last = `GET / answered ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await sleep(250);
  }
  throw new Error(`wrangler dev did not serve ${baseUrl}/ within ${READY_TIMEOUT_MS / 1000} s (${last}):\n${output()}`);
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
  const { child, output } = startWrangler(await writeFixtureConfig(configDir), port, await freePort());
  // If the test run dies without a teardown, the detached group must not outlive it.
  const killOnExit = () => signalGroup(child, "SIGKILL");
  process.once("exit", killOnExit);
  const stop = async () => {
    await stopWrangler(child);
    process.off("exit", killOnExit);
    await rm(configDir, { recursive: true, force: true });
  };
  let home: string;
  try {
    home = await waitUntilServing(baseUrl, child, output);
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
