/**
 * Texts compiled ahead with holes for the origin (src/model/templates.ts): whatever
 * the origin, the deflate a request writes inflates (by zlib, which shares no code
 * with ours) to the text with the origin in every hole, and the CRC folded from the
 * build's numbers is the text's own.
 */
import fc from "fast-check";
import { constants, crc32, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  compileTemplate,
  decodeTemplate,
  encodeTemplate,
  MAX_ORIGIN,
  originFor,
  templateCrc,
  templateLength,
  writeTemplate,
} from "../../src/model/templates";

/** Inflates a stream that ends unfinished (as a piece does): zlib is told to flush what it has. */
function inflate(bytes: Uint8Array): string {
  return inflateRawSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).toString("utf8");
}

const OUTLINE = (n: number) =>
  `\n    <outline text="Topic ${n} (RSS 2.0)" title="Topic ${n} (RSS 2.0)" type="rss" xmlUrl="\u0000/tags/topic-${n}/rss.xml" htmlUrl="\u0000/tags/topic-${n}" language="en"/>`;

function check(text: string, origin: string): void {
  const template = decodeTemplate(encodeTemplate(compileTemplate(text)));
  const target = originFor(origin);
  const expected = text.replaceAll("\u0000", origin);
  const deflated = writeTemplate(template, target);
  expect(deflated).toBeDefined();
  expect(inflate(deflated ?? new Uint8Array())).toBe(expected);
  expect(templateLength(template, target)).toBe(Buffer.byteLength(expected));
  expect(templateCrc(template, target)).toBe(crc32(Buffer.from(expected)));
}

describe("templates", () => {
  it("write an OPML-like list of 3,000 outlines small, for origins of any length", () => {
    const text = Array.from({ length: 3_000 }, (_, n) => OUTLINE(n)).join("");
    for (const origin of ["http://a", "https://feeds.example.net", `https://${"x".repeat(200)}.example:8787`]) {
      check(text, origin);
    }
    const deflated = writeTemplate(compileTemplate(text), originFor("https://feeds.example.net")) ?? [];
    expect(deflated.length).toBeLessThan(text.length / 5);
  });

  it("round-trip any text with holes anywhere, empty runs and non-ASCII included", () => {
    const pieces = fc.oneof(
      fc.constant("\u0000"),
      fc.string({ maxLength: 40 }),
      fc.constantFrom('<a href="', "/tags/", "é€𝄞"),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), fc.webUrl({ withQueryParameters: false }), (parts, url) => {
        const text = parts.join("").replace(/[\u0001-\u0008]/g, "");
        check(text, new URL(url).origin);
      }),
      { numRuns: 300 },
    );
  });

  it("leave an origin longer than their distances allow to be written as text", () => {
    expect(writeTemplate(compileTemplate(OUTLINE(1)), originFor(`https://${"y".repeat(MAX_ORIGIN)}`))).toBeUndefined();
  });
});
