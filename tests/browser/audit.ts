/**
 * Page audits: axe-core's accessibility rules run inside the page (injected through the
 * DevTools protocol, which the page's CSP does not govern), horizontal overflow, and
 * full-page screenshots kept as CI artifacts under test-artifacts/screenshots/.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import type * as Axe from "axe-core";
import type { Page } from "playwright-core";
import type { ColorScheme, Device } from "./harness";

/** Cleared by the global setup, so that it only ever holds the last run's pictures. */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, "../../test-artifacts/screenshots");
const BLOCKING_IMPACTS = new Set(["serious", "critical"]);

let axeSource: string | undefined;
function readAxeSource(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  return axeSource;
}

/** Serious and critical violations, one line each: rule, impact, what it means and where. */
export async function seriousViolations(page: Page, rules?: string[]): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(readAxeSource());
  const options: Axe.RunOptions = rules ? { runOnly: { type: "rule", values: rules } } : {};
  const violations = await page.evaluate(async (runOptions) => {
    const { axe } = window as unknown as { axe: typeof Axe };
    const results = await axe.run(document, runOptions);
    return results.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      targets: nodes.map((node) => node.target.join(" ")),
    }));
  }, options);
  return violations
    .filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? ""))
    .map(({ id, impact, help, targets }) => `${id} (${impact}): ${help} at ${targets.join(", ")}`);
}

/** How far the page is wider than the viewport, in CSS pixels (0 when nothing scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
}

/** Saves test-artifacts/screenshots/<name>-<device>[-dark].png of the whole page. */
export async function saveScreenshot(page: Page, name: string, device: Device, scheme: ColorScheme): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = `${name}-${device}${scheme === "dark" ? "-dark" : ""}.png`;
  await page.screenshot({ path: join(SCREENSHOT_DIR, file), fullPage: true, animations: "disabled" });
}
