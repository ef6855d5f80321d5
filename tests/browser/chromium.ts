/**
 * Which Chromium the browser tests drive, whether its absence skips or fails them, and
 * how to start it. Only Debian's `chromium` is used: nothing here downloads a browser.
 */
import { accessSync, constants } from "node:fs";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** CI sets this so that a missing browser fails the run instead of skipping its tests. */
export const BROWSER_REQUIRED = process.env.EDGEFEED_REQUIRE_BROWSER === "1";

/**
 * Flags for a closed network and a root user: without the background-networking ones
 * Chromium keeps dialling Google's services and logs every refused connection.
 */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Why the browser tests cannot run here, or undefined when Chromium is present. */
export function missingBrowser(): string | undefined {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return undefined;
  } catch {
    return `no executable Chromium at ${CHROMIUM_PATH} (install Debian's chromium package, or set CHROMIUM_PATH)`;
  }
}

/** The browser tests run when Chromium is present, and also when it is required (then they fail). */
export function browserTestsSkipped(): boolean {
  return missingBrowser() !== undefined && !BROWSER_REQUIRED;
}

export function launchChromium(): Promise<Browser> {
  const missing = missingBrowser();
  if (missing) throw new Error(`EDGEFEED_REQUIRE_BROWSER=1 but there is ${missing}`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
}
