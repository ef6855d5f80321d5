/**
 * The identity rule (src/model/ids.ts) on its own: what an item is known by, and the
 * ids each format gets from it. The feeds' use of it is tested through the app in
 * tests/compiler/ids.test.ts.
 */
import { describe, expect, it } from "vitest";
import { isUri, itemIds } from "../../src/model/ids";

const SITE = { domain: "news.example", established: "2024-05-01" };

describe("item ids", () => {
  it("are made from the domain, the established day and the slug: nothing about the article's date", () => {
    expect(itemIds(SITE, { slug: "hello", aliases: [] })).toEqual({ id: "tag:news.example,2024-05-01:hello" });
  });

  it("keep a renamed article's first old article path, and no other kind of old path", () => {
    const renamed = { slug: "new-name", aliases: ["/posts/2023/x", "/articles/first-name", "/articles/second-name"] };
    expect(itemIds(SITE, renamed).id).toBe("tag:news.example,2024-05-01:first-name");
    const hugo = { slug: "new-name", aliases: ["/posts/old-name", "/articles/old/nested", "/articles/Old_Name"] };
    expect(itemIds(SITE, hugo).id).toBe("tag:news.example,2024-05-01:new-name");
  });

  it("use a pinned URI as it is, in every format", () => {
    const pinned = { slug: "a", id: "https://old.example/?p=12", aliases: ["/articles/b"] };
    expect(itemIds(SITE, pinned)).toEqual({ id: "https://old.example/?p=12" });
  });

  it("keep a pinned id that is no URI exactly for RSS and JSON Feed, and give Atom an ASCII tag: URI of it", () => {
    expect(itemIds(SITE, { slug: "a", id: "oldblog-post-1234", aliases: [] })).toEqual({
      id: "tag:news.example,2024-05-01:oldblog-post-1234",
      guid: "oldblog-post-1234",
    });
    expect(itemIds(SITE, { slug: "a", id: "post 98 (Zürich) #2 100%", aliases: [] })).toEqual({
      id: "tag:news.example,2024-05-01:post%2098%20(Z%C3%BCrich)%20%232%20100%25",
      guid: "post 98 (Zürich) #2 100%",
    });
  });

  it("tell a URI from text that merely has a colon", () => {
    expect(["https://x.example/p?q=1#f", "tag:blogger.com,1999:blog-1.post-2", "urn:uuid:1-2"].every(isUri)).toBe(true);
    expect(["1234", "Note: a post", "C:\\posts\\a", "https://x.example/a b"].some(isUri)).toBe(false);
  });
});
