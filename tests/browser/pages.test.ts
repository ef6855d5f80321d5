/**
 * Each kind of page on its own: the frame every page shares, then what the site subscribe
 * page, the tag index and the error pages (404, 410, a merged tag's redirect) show.
 */
import { expect } from "vitest";
import { browserTest as it, describeInBrowser } from "./harness";
import { articleLinks, expectFeedAddresses, expectPageFrame, linksTo, mainHeading } from "./page-checks";
import { PAGE_KINDS, SITE_TITLE } from "./site";

describeInBrowser("every kind of page", () => {
  it.for(PAGE_KINDS)("$name ($path) answers $status with the shared frame", async ({ path, status }, { visitor }) => {
    const { page, response } = await visitor.open(path);
    expect(response.status()).toBe(status);
    expect(response.headers()["content-type"]).toMatch(/^text\/html\b/);
    await expectPageFrame(page, response);
    expect(await page.getByRole("heading", { level: 1 }).count(), "one h1").toBe(1);
  });

  it("content/static/ files are served at the site root with their media type, by the assets", async ({ visitor }) => {
    // The served fixture's static/about.txt; the real router (wrangler dev) serves it without the worker.
    const response = await fetch(visitor.url("/about.txt"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(response.headers.get("content-security-policy"), "not a worker page").toBeNull();
    expect(await response.text()).toContain("demo site for Edgefeed");
  });

  it("site subscribe page: the site's feed addresses, feed readers, the OPML file and the newest articles", async ({
    visitor,
  }) => {
    const { page } = await visitor.open("/subscribe");
    expect(await mainHeading(page)).toMatch(new RegExp(`^(Subscribe to|Follow) ${SITE_TITLE}`));
    await expectFeedAddresses(page, page.locator("section.subscribe"), "/");
    const readers = page.getByRole("main").getByRole("listitem").locator('a[href^="https://"]');
    expect(await readers.count(), "links to feed readers").toBeGreaterThanOrEqual(2);
    expect(await linksTo(page, visitor.url("/feeds.opml")).count(), "OPML link").toBeGreaterThan(0);
    await articleLinks(page.getByRole("main"));
  });

  it("tag index: every tag links to its page and to its subscribe page", async ({ visitor }) => {
    const { page } = await visitor.open("/tags");
    expect(await mainHeading(page)).toBe("Tags");
    const hrefs = await page
      .getByRole("main")
      .getByRole("link")
      .evaluateAll((anchors) => anchors.map((a) => new URL(a.getAttribute("href") ?? "", location.href).pathname));
    const tagPages = hrefs.filter((href) => /^\/tags\/[a-z0-9-]+$/.test(href));
    expect(tagPages.length, "tag links").toBeGreaterThan(5);
    const subscribePages = new Set(hrefs.filter((href) => href.endsWith("/subscribe")));
    expect(tagPages.filter((href) => !subscribePages.has(`${href}/subscribe`))).toEqual([]);
  });

  it("an unknown address answers 404 with a page that leads back home", async ({ visitor }) => {
    const { page, response } = await visitor.open("/no-such-page");
    expect(response.status()).toBe(404);
    expect(await mainHeading(page)).toMatch(/not found/i);
    expect(await page.getByRole("main").getByRole("link", { name: "Home" }).count()).toBe(1);
  });

  it("a retired tag answers 410 with a page that says the tag is gone and where its articles are", async ({
    visitor,
  }) => {
    const { page, response } = await visitor.open("/tags/daily-briefing");
    expect(response.status()).toBe(410);
    const main = page.getByRole("main");
    expect(await main.textContent()).toMatch(/no longer|retired|gone|ended/i);
    expect(await main.getByRole("link").count(), "links onward").toBeGreaterThan(0);
  });

  it("a merged tag redirects permanently to the tag it was merged into", async ({ visitor }) => {
    const { page, response } = await visitor.open("/tags/us-russia-relations");
    expect(page.url()).toBe(visitor.url("/tags/diplomacy"));
    expect(response.status()).toBe(200);
    expect((await response.request().redirectedFrom()?.response())?.status()).toBe(301);
    expect(await mainHeading(page)).toBe("Diplomacy");
  });
});
