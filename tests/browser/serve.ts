/**
 * Global setup of the browser tests: builds the served fixture (tests/support/served-fixture.ts)
 * into `.edgefeed/browser-test/` and serves it through the Worker entry with `wrangler dev` on a free loopback port, waits
 * until the home page answers, hands the base URL and the newest article's path to the tests
 * (`inject`), and on teardown stops wrangler and everything it started. Without Chromium it
 * starts nothing.
 */
import { rm } from "node:fs/promises";
import type { TestProject } from "vitest/node";
import { buildServedFixture } from "../support/build-served-fixture";
import { BROWSER_ASSETS, BROWSER_ENTRY, BROWSER_MODULE } from "../support/served-fixture";
import { serveWithWranglerDev } from "../support/wrangler-dev";
import { SCREENSHOT_DIR } from "./audit";
import { BROWSER_REQUIRED, missingBrowser } from "./chromium";

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
  // Its own build: the worker tests' global setup builds .edgefeed/test/ meanwhile, and
  // wrangler dev would reload (refusing connections) if that build changed what it serves.
  await buildServedFixture(BROWSER_MODULE, BROWSER_ASSETS);
  // The production configuration with the fixture's build in place of the publisher's, so the pages
  // go through the real Worker entry, bindings and routing.
  const { baseUrl, home, stop } = await serveWithWranglerDev(BROWSER_ENTRY, BROWSER_ASSETS);
  project.provide("baseUrl", baseUrl);
  // A few subscribers, so that the stats page has its table and charts to show.
  for (const [path, agent] of [
    ["/rss.xml", "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 42 subscribers; )"],
    ["/tags/russia/atom.xml", "Mozilla/5.0 (compatible; Miniflux/2.1.3; +https://miniflux.app)"],
  ] as const) {
    await (await fetch(`${baseUrl}${path}`, { headers: { "User-Agent": agent } })).arrayBuffer();
  }
  // The newest article, so that the tests need not know which articles the fixture holds.
  project.provide(
    "articlePath",
    /href="[^"]*?(\/articles\/[^"/]+)"/.exec(home)?.[1] ?? "/articles/none-on-the-home-page",
  );
  return stop;
}
