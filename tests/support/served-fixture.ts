/**
 * The one fixture the Worker entry serves in tests, and where its build goes. The worker
 * tests (through `SELF`) and the browser tests (through `wrangler dev`) both serve it
 * instead of content/, so a publisher's own articles never change what they assert (only
 * tests/compiler/content.test.ts looks at content/), and its build goes to
 * `.edgefeed/test/`, so a test run never touches the publisher's own build either.
 */
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export const FIXTURES_DIR = join(ROOT, "tests/fixtures");
export const SERVED_FIXTURE = "demo";
export const SERVED_FIXTURE_DIR = join(FIXTURES_DIR, SERVED_FIXTURE);
/** The served fixture's index module (what tests/support/worker-entry.ts imports) and assets. */
export const TEST_BUILD_DIR = join(ROOT, ".edgefeed/test");
export const TEST_MODULE = join(TEST_BUILD_DIR, "content.ts");
export const TEST_ASSETS = join(TEST_BUILD_DIR, "public");
export const TEST_ENTRY = join(ROOT, "tests/support/worker-entry.ts");
/** The browser tests' own build of the served fixture, served by wrangler dev through their own entry. */
export const BROWSER_BUILD_DIR = join(ROOT, ".edgefeed/browser-test");
export const BROWSER_MODULE = join(BROWSER_BUILD_DIR, "content.ts");
export const BROWSER_ASSETS = join(BROWSER_BUILD_DIR, "public");
export const BROWSER_ENTRY = join(ROOT, "tests/browser/worker-entry.ts");
