import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { parseXml, validateJsonFeed } from "./support";

describe("the deployed worker entry", () => {
  it("serves the bundled content as parseable feeds", async () => {
    const atom = await SELF.fetch("http://example.com/atom.xml");
    expect(atom.status).toBe(200);
    const text = await atom.text();
    expect(() => parseXml(text)).not.toThrow();
    const json = await (await SELF.fetch("http://example.com/feed.json")).json();
    expect(validateJsonFeed(json)).toEqual([]);
  });
});
