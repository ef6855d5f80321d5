/**
 * Assertions about what a person sees, shared by several pages: the frame every page has,
 * the block of feed addresses with copy buttons, and lists of article links.
 */
import type { Locator, Page, Response } from "playwright-core";
import { expect } from "vitest";
import { ARTICLE_LINK, FEEDS, type FeedLabel, SITE_TITLE } from "./site";

function absolute(page: Page, path: string): string {
  return new URL(path, page.url()).href;
}

/** Skip link, header with the site name and the site navigation, main, footer, one stylesheet and one script, strict CSP. */
export async function expectPageFrame(page: Page, response: Response): Promise<void> {
  expect(await page.locator("html").getAttribute("lang")).toBe("en");
  const skip = page.getByRole("link", { name: "Skip to content" });
  expect(await skip.getAttribute("href")).toBe("#main");
  expect(await page.locator("main#main").count()).toBe(1);

  const banner = page.getByRole("banner");
  expect(await resolvedHref(banner.getByRole("link", { name: SITE_TITLE, exact: true }))).toBe(absolute(page, "/"));
  const nav = page.getByRole("navigation", { name: "Site" });
  expect(await nav.getByRole("link").allTextContents()).toEqual(["Home", "Tags", "Authors", "Subscribe"]);
  expect(await page.getByRole("contentinfo").count()).toBe(1);

  const stylesheets = page.locator('link[rel="stylesheet"]');
  expect(await stylesheets.count()).toBe(1);
  expect(await resolvedHref(stylesheets)).toBe(absolute(page, "/assets/site.css"));
  const scripts = page.locator("script");
  expect(await scripts.count()).toBe(1);
  expect(await scripts.evaluate((script) => (script as HTMLScriptElement).src)).toBe(absolute(page, "/assets/site.js"));
  expect(await scripts.getAttribute("defer")).not.toBeNull();
  expect(await page.locator("style").count(), "inline <style> elements").toBe(0);

  const csp = (await response.allHeaders())["content-security-policy"] ?? "";
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain("unsafe-inline");
}

export function feedUrl(page: Page, scopePath: string, file: string): string {
  return absolute(page, `${scopePath}${file}`);
}

/** The read-only address field of one feed; its accessible name starts with the format's label. */
export function feedField(scope: Locator, label: FeedLabel): Locator {
  return scope.getByRole("textbox", { name: new RegExp(`^${label}\\b`) });
}

export function copyButton(scope: Locator, url: string): Locator {
  return scope.locator(`button[data-copy="${url}"]`);
}

/** The three feed addresses of a scope (`/` or `/tags/<slug>/`), each shown read-only with a Copy button. */
export async function expectFeedAddresses(page: Page, scope: Locator, scopePath: string): Promise<void> {
  for (const feed of Object.values(FEEDS)) {
    const url = feedUrl(page, scopePath, feed.file);
    const field = feedField(scope, feed.label);
    expect(await field.inputValue(), `${feed.label} address`).toBe(url);
    expect(await field.isEditable(), `${feed.label} address is read-only`).toBe(false);
    const button = copyButton(scope, url);
    expect(await button.isVisible(), `Copy button for ${feed.label}`).toBe(true);
    expect(await button.textContent()).toMatch(/^Copy/);
  }
  expect(await scope.getByRole("status").count(), "live region announcing a copy").toBe(1);
}

/** The article links under a scope (h3 links in the latest/preview lists); at least one. */
export async function articleLinks(scope: Locator): Promise<Locator> {
  const links = scope.getByRole("heading", { level: 3 }).getByRole("link");
  expect(await links.count(), "article links").toBeGreaterThan(0);
  for (const href of await links.evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href") ?? ""))) {
    expect(href).toMatch(ARTICLE_LINK);
  }
  return links;
}

/** The text of the page's h1. */
export async function mainHeading(page: Page): Promise<string> {
  return (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
}

/** Links under a scope to exactly this (absolute) address. */
export function linksTo(scope: Page | Locator, url: string): Locator {
  // Pages link within the site by root-relative paths.
  const { pathname, search, hash } = new URL(url, "http://site.invalid");
  return scope.locator(`a[href="${pathname}${search}${hash}"]`);
}

/** Where a link or stylesheet leads, resolved against the page (pages write root-relative paths). */
export function resolvedHref(element: Locator): Promise<string> {
  return element.evaluate((node) => (node as HTMLAnchorElement | HTMLLinkElement).href);
}

/** A section introduced by a heading with this name. */
export function sectionHeaded(page: Page, name: string | RegExp): Locator {
  return page.locator("section").filter({ has: page.getByRole("heading", { name }) });
}
