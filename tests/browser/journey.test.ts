/**
 * A reader's way through the site, by clicking: the home page, a tag, the tag's subscribe
 * page where a feed address is copied to the clipboard, and an article. Each step starts
 * at the page the previous one ended on, so one broken step does not hide the next.
 */
import { expect } from "vitest";
import { browserTest as it, describeInBrowser } from "./harness";
import {
  articleLinks,
  copyButton,
  expectFeedAddresses,
  feedField,
  feedUrl,
  linksTo,
  mainHeading,
  sectionHeaded,
  resolvedHref,
} from "./page-checks";
import { ARTICLE_LINK, AUTHOR, FEEDS, SITE_TITLE, TAG } from "./site";

const TAG_PATH = `/tags/${TAG.slug}`;
const TAG_SUBSCRIBE_PATH = `${TAG_PATH}/subscribe`;

describeInBrowser("a reader's way from the home page to an article", () => {
  it("home page: the site title, the latest articles, the site's feeds, subscribe and OPML links; a tag link leads to the tag", async ({
    visitor,
  }) => {
    const { page } = await visitor.open("/");
    expect(await page.title()).toBe(SITE_TITLE);
    expect(await mainHeading(page)).toBe(SITE_TITLE);
    await articleLinks(sectionHeaded(page, "Latest articles"));
    await expectFeedAddresses(page, page.locator("section.subscribe"), "/");
    const subscribe = page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Subscribe" });
    expect(await resolvedHref(subscribe)).toBe(visitor.url("/subscribe"));
    expect(await linksTo(page, visitor.url("/feeds.opml")).count(), "OPML link").toBeGreaterThan(0);

    await sectionHeaded(page, "Topics")
      .getByRole("link", { name: new RegExp(`^${TAG.name}(\\s|$)`) })
      .click();
    await page.waitForURL(visitor.url(TAG_PATH));
    expect(await mainHeading(page)).toBe(TAG.name);
  });

  it("tag page: the tag's name, its feed addresses with copy buttons, a subscribe link and its articles", async ({
    visitor,
  }) => {
    const { page } = await visitor.open(TAG_PATH);
    expect(await mainHeading(page)).toBe(TAG.name);
    const block = page.locator("section.subscribe");
    expect(await block.getByRole("heading", { level: 2 }).textContent()).toBe(`Follow ${TAG.name}`);
    await expectFeedAddresses(page, block, `${TAG_PATH}/`);
    const subscribePage = linksTo(block, visitor.url(TAG_SUBSCRIBE_PATH));
    expect(await subscribePage.count(), "subscribe page link").toBe(1);
    await articleLinks(page.getByRole("main"));

    await subscribePage.click();
    await page.waitForURL(visitor.url(TAG_SUBSCRIBE_PATH));
  });

  it("tag subscribe page: Copy puts the Atom address on the clipboard and says so; the address serves Atom", async ({
    visitor,
    expect,
  }) => {
    const { page } = await visitor.open(TAG_SUBSCRIBE_PATH);
    expect(await mainHeading(page)).toMatch(new RegExp(`^(Subscribe to|Follow) .*${TAG.name}`));
    const block = page.locator("section.subscribe");
    await expectFeedAddresses(page, block, `${TAG_PATH}/`);

    const { atom } = FEEDS;
    const atomUrl = feedUrl(page, `${TAG_PATH}/`, atom.file);
    expect(await feedField(block, atom.label).inputValue()).toBe(atomUrl);
    const button = copyButton(block, atomUrl);
    await button.click();
    await expect.poll(() => button.textContent(), { timeout: 3_000 }).toBe("Copied");
    await expect
      .poll(() => block.getByRole("status").textContent())
      .toMatch(new RegExp(`${atom.label} feed URL copied`, "i"));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(atomUrl);

    const feed = await page.request.get(atomUrl);
    expect(feed.status()).toBe(200);
    expect(feed.headers()["content-type"]?.split(";")[0]).toBe(atom.mediaType);
  });

  it("article page, opened from the tag subscribe page: title, date, tag links and the text", async ({ visitor }) => {
    const { page } = await visitor.open(TAG_SUBSCRIBE_PATH);
    const first = (await articleLinks(page.getByRole("main"))).first();
    const title = (await first.textContent()) ?? "";
    await first.click();
    await page.waitForURL(ARTICLE_LINK);

    const article = page.getByRole("article");
    expect(await article.getByRole("heading", { level: 1 }).textContent()).toBe(title);
    const datetime = (await article.locator("time[datetime]").first().getAttribute("datetime")) ?? "";
    expect(Number.isNaN(Date.parse(datetime)), `datetime="${datetime}"`).toBe(false);
    expect(await article.locator("time[datetime]").first().isVisible()).toBe(true);
    const tags = article.locator('a[rel="tag"]');
    expect(await tags.allTextContents()).toContain(TAG.name);
    const text = (await article.locator("p").allTextContents()).join(" ");
    expect(text.length, "length of the article's text").toBeGreaterThan(500);
  });

  it("article page to its author: the byline links the author's page, with their feeds and articles", async ({
    visitor,
  }) => {
    const { page } = await visitor.open(AUTHOR.article);
    const byline = page.getByRole("article").locator('a[rel="author"]');
    expect(await byline.allTextContents()).toEqual([AUTHOR.name]);
    await byline.click();
    await page.waitForURL(visitor.url(`/authors/${AUTHOR.slug}`));
    expect(await mainHeading(page)).toBe(AUTHOR.name);
    await expectFeedAddresses(page, page.locator("section.subscribe"), `/authors/${AUTHOR.slug}/`);
    const articles = await articleLinks(page.getByRole("main"));
    expect(
      await articles.evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname)),
    ).toContain(AUTHOR.article);
  });
});
