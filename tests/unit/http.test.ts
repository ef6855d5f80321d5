/** Unit tests for the HTTP helpers: If-None-Match parsing and Accept-Encoding negotiation. */
import { describe, expect, it } from "vitest";
import { acceptsGzip } from "../../src/http/compression";
import { isNotModified, parseEntityTags } from "../../src/http/conditional";

describe("If-None-Match", () => {
  it("splits lists, keeps commas inside quotes, and stops at garbage", () => {
    expect(parseEntityTags(`"a", W/"b" ,"c,d"`)).toEqual(['"a"', 'W/"b"', '"c,d"']);
    expect(parseEntityTags("*")).toEqual(["*"]);
    expect(parseEntityTags("unquoted")).toEqual([]);
  });

  it("takes precedence over If-Modified-Since", () => {
    const request = new Request("https://x/", {
      headers: { "If-None-Match": '"other"', "If-Modified-Since": "Tue, 02 Jan 2024 15:04:05 GMT" },
    });
    expect(isNotModified(request, '"mine"', 0)).toBe(false);
  });
});

describe("Accept-Encoding", () => {
  it.each([
    ["gzip", true],
    ["gzip, deflate, br", true],
    ["br;q=1.0, gzip;q=0.5", true],
    ["GZIP", true],
    ["*", true],
    ["gzip;q=0", false],
    ["*;q=0", false],
    ["br", false],
    ["identity", false],
    ["", false],
  ])("%s → %s", (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});
