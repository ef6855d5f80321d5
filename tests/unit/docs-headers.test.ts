/**
 * docs/http.md quotes the headers every page is sent with; a publisher reviewing the
 * site's security reads them there. These tests hold the quotes to the headers the
 * code sends, so the two cannot drift apart again.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PAGE_HEADERS } from "../../src/routes/context";

const HTTP_DOC = readFileSync(join(import.meta.dirname, "../../docs/http.md"), "utf8");

/** The value docs/http.md gives a header as a code span (`Name: value`), which may wrap across lines. */
function documentedHeader(name: string): string | undefined {
  const span = new RegExp("`" + name + ": ([^`]+)`").exec(HTTP_DOC)?.[1];
  return span?.replace(/\s+/g, " ").trim();
}

describe("docs/http.md", () => {
  it.each(["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"] as const)(
    "quotes the %s every page is sent with",
    (name) => {
      expect(documentedHeader(name)).toBe(PAGE_HEADERS[name]);
    },
  );
});
