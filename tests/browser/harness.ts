/**
 * The Vitest side of the browser tests: `describeInBrowser` skips a suite when there is no
 * Chromium (unless it is required), and `browserTest` gives each test a `visitor` that opens
 * pages of the locally served worker at phone or desktop size, in light or dark mode, in a
 * browser launched once per file. Whatever a page logs as an error (a script error, a CSP
 * violation, a resource that fails to load) fails the test that opened it.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page, Response } from "playwright-core";
import { describe, expect, inject, test } from "vitest";
import { browserTestsSkipped, launchChromium } from "./chromium";

export const DEVICES = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
} satisfies Record<string, BrowserContextOptions>;

export type Device = keyof typeof DEVICES;
export type ColorScheme = "light" | "dark";

export interface VisitOptions {
  device?: Device;
  colorScheme?: ColorScheme;
  /** False: a browser with JavaScript turned off, for what must work without the site script. */
  javaScript?: boolean;
}

export interface Visit {
  page: Page;
  /** The response that ended navigation (after redirects). */
  response: Response;
}

/**
 * Locators fail after this long instead of waiting out the test's timeout, so a failure names
 * what is missing. Generous, not tight: on a loaded 2-core machine a page of wrangler dev took
 * over 15 s to load; these only tell a hang from a slow machine.
 */
const ACTION_TIMEOUT_MS = 15_000;
const NAVIGATION_TIMEOUT_MS = 60_000;

/**
 * One browser per test file, and in it one context per device, shared by the file's tests:
 * a fresh context per page would make every page pay for loading axe-core anew. The
 * contexts may read and write the clipboard, as a person's click on "Copy" does.
 */
export class BrowserSession {
  private readonly contexts = new Map<string, Promise<BrowserContext>>();

  constructor(
    private readonly browser: Browser,
    readonly baseUrl: string,
  ) {}

  context(device: Device, javaScript = true): Promise<BrowserContext> {
    const key = javaScript ? device : `${device} without JavaScript`;
    let context = this.contexts.get(key);
    if (!context) {
      context = this.createContext(device, javaScript);
      this.contexts.set(key, context);
    }
    return context;
  }

  private async createContext(device: Device, javaScript: boolean): Promise<BrowserContext> {
    const context = await this.browser.newContext({
      ...DEVICES[device],
      baseURL: this.baseUrl,
      javaScriptEnabled: javaScript,
    });
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: this.baseUrl });
    return context;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/**
 * A page answering 404 or 410 makes Chromium log "Failed to load resource" for the document
 * itself; tests assert those statuses directly. Anything else that fails to load counts,
 * /favicon.ico included: the pages declare their icon, so the browser must not go looking.
 */
function isExpectedLoadError(text: string, source: string, documentUrl: string): boolean {
  return text.startsWith("Failed to load resource") && source === documentUrl;
}

/** Opens pages for one test, and closes them after it; what they logged as errors fails the test. */
export class Visitor {
  private readonly pages: Page[] = [];
  private readonly problems: string[] = [];

  constructor(private readonly session: BrowserSession) {}

  /** Absolute URL of a path on the served worker. */
  url(path: string): string {
    return new URL(path, this.session.baseUrl).href;
  }

  async open(path: string, options: VisitOptions = {}): Promise<Visit> {
    const context = await this.session.context(options.device ?? "desktop", options.javaScript ?? true);
    const page = await context.newPage();
    this.pages.push(page);
    this.watch(page);
    await page.emulateMedia({ colorScheme: options.colorScheme ?? "light" });
    const response = await page.goto(path);
    if (!response) throw new Error(`no response for ${path}`);
    return { page, response };
  }

  private watch(page: Page): void {
    page.on("console", (message) => {
      const source = message.location().url;
      if (message.type() !== "error" || isExpectedLoadError(message.text(), source, page.url())) return;
      this.problems.push(`${page.url()}: console error: ${message.text()}${source ? ` (${source})` : ""}`);
    });
    page.on("pageerror", (error) => this.problems.push(`${page.url()}: uncaught ${error.name}: ${error.message}`));
  }

  async close(): Promise<void> {
    await Promise.all(this.pages.map((page) => page.close()));
    expect(this.problems, "errors the pages logged (console, CSP, uncaught)").toEqual([]);
  }
}

export const browserTest = test
  // eslint-disable-next-line no-empty-pattern -- Vitest reads a fixture's dependencies from this pattern.
  .extend("session", { scope: "file" }, async ({}, { onCleanup }) => {
    const session = new BrowserSession(await launchChromium(), inject("baseUrl"));
    onCleanup(() => session.close());
    return session;
  })
  .extend("visitor", async ({ session }, { onCleanup }) => {
    const visitor = new Visitor(session);
    onCleanup(() => visitor.close());
    return visitor;
  });

/**
 * A suite of browser tests, skipped (with the global setup's message) when Chromium is
 * missing. Its tests run concurrently, each in its own pages; soft assertions must use the
 * test context's `expect`.
 */
export function describeInBrowser(title: string, body: () => void): void {
  describe.skipIf(browserTestsSkipped()).concurrent(title, body);
}
