/**
 * Why Edgefeed writes its own serializers instead of using the `feed` package
 * (DESIGN.md: "check its output, don't trust it"). At the pinned version its XML
 * writer splits only the first `]]>` of a CDATA section, and writes `<` raw into
 * attribute values, so hostile text yields a document no XML parser accepts; its
 * JSON output is JSON Feed version 1. If an upgrade fixes these, this test fails and
 * the decision should be revisited.
 */
import { Feed } from "feed";
import { describe, expect, it } from "vitest";
import { assertWellFormed } from "../support/well-formed";

function wellFormed(xml: string): boolean {
  try {
    assertWellFormed(xml);
    return true;
  } catch {
    return false;
  }
}

function sample(): Feed {
  const feed = new Feed({ title: "t", id: "https://x.example/", link: "https://x.example/", copyright: "c" });
  feed.addItem({
    title: "one ]]> two ]]> three",
    link: "https://x.example/a",
    date: new Date(0),
    category: [{ name: "a<b", term: "a<b" }],
  });
  return feed;
}

describe("the feed package at the pinned version", () => {
  it("writes RSS that a strict XML parser rejects when a title has two ]]>", () => {
    expect(wellFormed(sample().rss2())).toBe(false);
  });

  it("writes Atom that a strict XML parser rejects when a category label has <", () => {
    expect(wellFormed(sample().atom1())).toBe(false);
  });

  it("writes JSON Feed version 1, not 1.1", () => {
    expect(JSON.parse(sample().json1()).version).toBe("https://jsonfeed.org/version/1");
  });
});
