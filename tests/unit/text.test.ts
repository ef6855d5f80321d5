/** Unit tests for the pure text functions: escaping, XML characters, dates, slugs. */
import { describe, expect, it } from "vitest";
import { isTimeZone, parseHttpDate, parseTimestamp, toRfc3339, toRfc822, toZonedTimestamp } from "../../src/text/dates";
import { escapeAttribute, escapeRssPlainText, escapeText } from "../../src/text/escape";
import { lookupKey, slugify } from "../../src/text/slug";
import { stripXmlIllegal } from "../../src/text/xml-chars";

describe("escaping", () => {
  it("never lets ]]> or a raw < or & through, in text or attributes", () => {
    const hostile = `a ]]> b < c & d > e " f ' g`;
    expect(escapeText(hostile)).toBe(`a ]]&gt; b &lt; c &amp; d &gt; e " f ' g`);
    expect(escapeAttribute(hostile)).toBe("a ]]&gt; b &lt; c &amp; d &gt; e &quot; f &apos; g");
    expect(escapeRssPlainText("AT&T <b>")).toBe("AT&#x26;T &#x3C;b&gt;");
  });

  it("does not unescape what already looks escaped (no double-decoding)", () => {
    expect(escapeText("&amp;")).toBe("&amp;amp;");
  });
});

describe("XML-illegal characters", () => {
  it("removes C0 controls but tab, LF and CR; U+FFFE/U+FFFF; lone surrogates; keeps valid pairs", () => {
    const input = "a\u0000b\u0008c\u000Bd\u000Ce\u001Ff\tg\nh\ri\uFFFEj\uFFFFk\uD800l\uDC00m😀n";
    expect(stripXmlIllegal(input)).toBe("abcdef\tg\nh\rijklm😀n");
  });
});

describe("timestamps", () => {
  it.each([
    ["2022-01-10T03:50:00+01:00", "2022-01-10T02:50:00Z"],
    ["2022-01-10T03:50+01:00", "2022-01-10T02:50:00Z"],
    ["2024-02-29T23:59:59.5-05:30", "2024-03-01T05:29:59.500Z"],
    ["2024-01-01 00:00:00Z", "2024-01-01T00:00:00Z"],
  ])("parses %s as %s", (text, iso) => {
    const parsed = parseTimestamp(text);
    expect(parsed.ok && toRfc3339(parsed.epochMs)).toBe(iso);
  });

  it.each([
    ["2023-05-04T10:00:00", "UTC", "2023-05-04T10:00:00Z"],
    ["2023-05-04T10:00:00", "Europe/Berlin", "2023-05-04T08:00:00Z"],
    ["2023-01-04 10:00", "Europe/Berlin", "2023-01-04T09:00:00Z"],
    ["2023-06-01 09:15:00 +0200", "America/New_York", "2023-06-01T07:15:00Z"],
    ["2023-08-01", "UTC", "2023-08-01T00:00:00Z"],
    ["2023-08-01", "America/New_York", "2023-08-01T04:00:00Z"],
    ["2023-08-01", "Asia/Kolkata", "2023-07-31T18:30:00Z"],
    ["Jul 08 2022", "UTC", "2022-07-08T00:00:00Z"],
    ["July 8, 2022", "Europe/Berlin", "2022-07-07T22:00:00Z"],
    ["Tue, 8 Sept 2020", "UTC", "2020-09-08T00:00:00Z"],
    // 02:30 does not exist in Berlin that night: clocks jump from 02:00 to 03:00.
    ["2024-03-31T02:30:00", "Europe/Berlin", "2024-03-31T01:30:00Z"],
  ])("reads %s without an offset in %s as %s", (text, zone, iso) => {
    const parsed = parseTimestamp(text, zone);
    expect(parsed.ok && toRfc3339(parsed.epochMs)).toBe(iso);
  });

  it("writes an instant as wall-clock time in a zone with its offset", () => {
    expect(toZonedTimestamp(Date.UTC(2026, 2, 5, 9, 0, 0, 700), "Europe/Berlin")).toBe("2026-03-05T10:00:00+01:00");
    expect(toZonedTimestamp(Date.UTC(2026, 6, 5, 9, 0), "America/St_Johns")).toBe("2026-07-05T06:30:00-02:30");
    expect(toZonedTimestamp(Date.UTC(2026, 6, 5, 9, 0), "UTC")).toBe("2026-07-05T09:00:00+00:00");
    const written = toZonedTimestamp(Date.UTC(2026, 9, 25, 0, 59), "Europe/Berlin");
    const read = parseTimestamp(written, "UTC");
    expect(read.ok && read.epochMs).toBe(Date.UTC(2026, 9, 25, 0, 59));
  });

  it("knows IANA zone names", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
  });

  it.each([
    ["2023-02-29T10:00:00Z", /does not exist/],
    ["2023-02-29", /does not exist/],
    ["Feb 30 2023", /does not exist/],
    ["Smarch 3 2023", /not an ISO 8601 timestamp/],
    ["2024-01-01T24:00:00Z", /out of range/],
    ["next tuesday", /not an ISO 8601 timestamp/],
  ])("rejects %s", (text, reason) => {
    const parsed = parseTimestamp(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });

  it("formats RFC 822 in GMT for RSS and HTTP, and reads HTTP dates back", () => {
    const instant = Date.UTC(2024, 0, 2, 15, 4, 5);
    expect(toRfc822(instant)).toBe("Tue, 02 Jan 2024 15:04:05 GMT");
    expect(parseHttpDate("Tue, 02 Jan 2024 15:04:05 GMT")).toBe(instant);
    expect(parseHttpDate("2024-01-02")).toBeNaN();
  });
});

describe("slugs and ids", () => {
  it("folds names into slugs and lookup keys", () => {
    expect(slugify("Sergey Lavrov")).toBe("sergey-lavrov");
    expect(slugify("Zürich & Genève")).toBe("zurich-geneve");
    expect(slugify("NATO's eastward expansion")).toBe("natos-eastward-expansion");
    expect(slugify("Санкции")).toBe("");
    expect(lookupKey("  Sergey   LAVROV ")).toBe("sergey lavrov");
  });
});
