/**
 * Old URLs (Hugo `aliases`, Jekyll `redirect_from`, an imported post's old link) answer
 * 301 to the article in one hop, with or without their trailing slash, only once the
 * article is visible, and never in place of a route of the site.
 */
import { describe, expect, it } from "vitest";
import type { ContentBundle } from "../../src/model/types";
import { appWithClock, fixture } from "./support";

const INSTANT = "2024-03-01T09:00:00Z";

/** The timeline fixture, with old paths on its first and its scheduled article. */
function withAliases(): ContentBundle {
  const bundle = fixture("timeline");
  return {
    ...bundle,
    articles: bundle.articles.map((article) =>
      article.slug === "first"
        ? { ...article, aliases: ["/2024/01/05/first-post", "/blog/café", "/rss.xml"] }
        : article.slug === "scheduled"
          ? { ...article, aliases: ["/news/scheduled.html"] }
          : article,
    ),
  };
}

describe("old paths", () => {
  it("answer 301 to the article, in one hop, with or without a trailing slash", async () => {
    const { get } = appWithClock(withAliases(), "2024-02-15T00:00:00Z");
    for (const path of ["/2024/01/05/first-post", "/2024/01/05/first-post/", "/blog/caf%C3%A9", "/blog/café/"]) {
      const res = await get(path);
      expect(res.status, path).toBe(301);
      expect(res.headers.get("Location"), path).toBe("/articles/first");
    }
  });

  it("stay unknown until their article is visible", async () => {
    const { get, clock } = appWithClock(withAliases(), "2024-02-15T00:00:00Z");
    expect((await get("/news/scheduled.html")).status).toBe(404);
    clock.set(INSTANT);
    const res = await get("/news/scheduled.html");
    expect(res.status).toBe(301);
    expect(res.headers.get("Location")).toBe("/articles/scheduled");
  });

  it("never take the place of a route of the site", async () => {
    const { get } = appWithClock(withAliases(), "2024-02-15T00:00:00Z");
    const res = await get("/rss.xml");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("application/rss+xml");
    expect((await get("/rss.xml/")).headers.get("Location")).toBe("/rss.xml");
    expect((await get("/blog/other")).status).toBe(404);
  });
});
