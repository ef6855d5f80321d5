/** RSS `pubDate` parsing: the RFC 822 forms feeds write, and the ones that must be refused rather than guessed. */
import { describe, expect, it } from "vitest";
import { parseRfc822 } from "../../src/text/dates";

describe("RFC 822 dates", () => {
  it.each([
    ["Thu, 01 Jun 2023 07:15:00 +0000", Date.UTC(2023, 5, 1, 7, 15)],
    ["Sat, 20 May 2023 06:30:00 -0400", Date.UTC(2023, 4, 20, 10, 30)],
    ["Mon, 15 May 2023 17:00:00 EST", Date.UTC(2023, 4, 15, 22, 0)],
    ["15 May 2023 17:00 PDT", Date.UTC(2023, 4, 16, 0, 0)],
    ["Tue, 2 Jan 24 15:04:05 GMT", Date.UTC(2024, 0, 2, 15, 4, 5)],
    ["Wed, 02 January 2024 15:04:05 +0530", Date.UTC(2024, 0, 2, 9, 34, 5)],
    // The weekday is wrong (2 Jan 2024 was a Tuesday): feeds often get it wrong, the date still holds.
    ["Fri, 02 Jan 2024 15:04:05 UT", Date.UTC(2024, 0, 2, 15, 4, 5)],
  ])("reads %s", (text, expected) => {
    const parsed = parseRfc822(text);
    expect(parsed.ok && parsed.epochMs).toBe(expected);
  });

  it.each([
    ["Mon, 30 Nov -0001 00:00:00 +0000", /not an RFC 822 date/],
    ["Thu, 01 Jun 2023 07:15:00", /not an RFC 822 date/],
    ["Thu, 01 Jun 2023 07:15:00 XYZ", /not an RFC 822 date/],
    ["Thu, 31 Jun 2023 07:15:00 +0000", /does not exist/],
    ["Thu, 01 Jun 2023 25:15:00 +0000", /does not exist/],
    ["2023-06-01T07:15:00Z", /such as Thu, 01 Jun 2023 07:15:00 \+0000/],
  ])("refuses %s", (text, reason) => {
    const parsed = parseRfc822(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
