/**
 * The one home of date handling: parsing the timestamps records carry (ISO 8601 with
 * or without an offset, Jekyll's `2023-06-01 09:15:00 +0200`, a bare day), reading
 * a time written without an offset in the site's IANA time zone, and formatting
 * instants for RSS (RFC 822), Atom/JSON (RFC 3339), HTTP and the terminal (the time
 * of day of a preview build).
 */

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(?:\s*(?:([Zz]|UTC|GMT)|([+-])(\d{2}):?(\d{2})))?$/;

/** A day written out, as Astro's blog template does: `Jul 08 2022`, `July 8, 2022`, `8 July 2022`. */
const WRITTEN_DAY =
  /^(?:[A-Za-z]{3,9},?\s+)?(?:([A-Za-z]{3,9})\.?\s+(\d{1,2}),?|(\d{1,2})\.?\s+([A-Za-z]{3,9})\.?,?)\s+(\d{4})$/;
const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** `Jul 08 2022` → `2022-07-08`, or undefined when it is no such day written in English. */
function writtenDay(text: string): string | undefined {
  const match = WRITTEN_DAY.exec(text);
  if (!match) return undefined;
  const monthName = (match[1] ?? match[4] ?? "").toLowerCase();
  const month = MONTHS.findIndex(
    (name) =>
      name === monthName ||
      (monthName.length === 3 && name.startsWith(monthName)) ||
      (monthName === "sept" && name === "september"),
  );
  if (month < 0) return undefined;
  const day = (match[2] ?? match[3] ?? "").padStart(2, "0");
  return `${match[5]}-${String(month + 1).padStart(2, "0")}-${day}`;
}

export type ParsedTimestamp = { ok: true; epochMs: number } | { ok: false; reason: string };

/** Epoch milliseconds of a wall-clock reading taken as UTC; years below 100 stay what they say. */
function wallClockAsUtc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = zoneFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    zoneFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `name` is an IANA time zone this runtime knows (`Europe/Berlin`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    zoneFormatter(name);
    return true;
  } catch {
    return false;
  }
}

/** Minutes `timeZone` is ahead of UTC at an instant (60 for Berlin in winter). */
function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const part of zoneFormatter(timeZone).formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  const year = parts.era === "BC" ? 1 - Number(parts.year) : Number(parts.year);
  const wallClock = wallClockAsUtc(
    year,
    Number(parts.month),
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((wallClock - (epochMs - (((epochMs % 1000) + 1000) % 1000))) / 60_000);
}

/**
 * The instant a wall-clock reading names in `timeZone`. A reading that falls in a
 * daylight-saving gap moves forward by the gap, as clocks do that night.
 */
function zonedToEpoch(wallClock: number, timeZone: string): number {
  const guess = zoneOffsetMinutes(wallClock, timeZone);
  const epochMs = wallClock - guess * 60_000;
  const actual = zoneOffsetMinutes(epochMs, timeZone);
  return actual === guess ? epochMs : wallClock - actual * 60_000;
}

/**
 * Parses a record's timestamp: `2022-01-10T03:50:00+01:00`, `2023-06-01 09:15:00 +0200`,
 * `2023-05-04T10:00:00`, `2023-08-01` or `Jul 08 2022`. A reading without an offset is wall-clock
 * time in `timeZone` (a bare day is its midnight there), as Hugo and Jekyll read it.
 */
export function parseTimestamp(text: string, timeZone = "UTC"): ParsedTimestamp {
  const match = TIMESTAMP.exec(writtenDay(text.trim()) ?? text.trim());
  if (!match) {
    return { ok: false, reason: `"${text}" is not an ISO 8601 timestamp such as 2024-01-02T15:04:05Z` };
  }
  const [, y, mo, d, h, mi, s, frac, zulu, sign, oh, om] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? "0");
  const minute = Number(mi ?? "0");
  const second = Number(s ?? "0");
  const offsetHours = Number(oh ?? "0");
  const offsetMinutes = Number(om ?? "0");
  const daysInMonth = new Date(wallClockAsUtc(year, month + 1, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) {
    return { ok: false, reason: `"${text}" names a day that does not exist` };
  }
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) {
    return { ok: false, reason: `"${text}" has a time or offset out of range` };
  }
  const millis = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  const wallClock = wallClockAsUtc(year, month, day, hour, minute, second, millis);
  if (!zulu && !sign) return { ok: true, epochMs: zonedToEpoch(wallClock, timeZone) };
  const offset = zulu ? 0 : (sign === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  return { ok: true, epochMs: wallClock - offset * 60_000 };
}

/** The instant as wall-clock time in `timeZone` with its offset: `2026-03-05T10:00:00+01:00`. */
export function toZonedTimestamp(epochMs: number, timeZone: string): string {
  const seconds = epochMs - (((epochMs % 1000) + 1000) % 1000);
  const offset = zoneOffsetMinutes(seconds, timeZone);
  const wallClock = new Date(seconds + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? "-" : "+";
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0");
  const minutes = String(Math.abs(offset) % 60).padStart(2, "0");
  return `${wallClock}${sign}${hours}:${minutes}`;
}

/**
 * A timestamp as feeds must write it (RFC 3339, Atom, JSON Feed): with its offset. A
 * feed's date without one names no instant, so an importer must not guess the zone.
 */
export function parseFeedTimestamp(text: string): ParsedTimestamp {
  if (!/(?:[Zz]|[+-]\d{2}:?\d{2})$/.test(text.trim()) && TIMESTAMP.test(text.trim())) {
    return { ok: false, reason: `"${text}" has no UTC offset; add Z or +hh:mm` };
  }
  return parseTimestamp(text);
}

/** RFC 3339 in UTC, without fractional seconds when there are none. */
export function toRfc3339(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(".000Z", "Z");
}

/** RFC 822 as RSS readers expect it: `Tue, 02 Jan 2024 15:04:05 GMT` (also the HTTP date form). */
export function toRfc822(epochMs: number): string {
  return new Date(epochMs).toUTCString();
}

/** Parses an HTTP date (IMF-fixdate and the obsolete forms `Date.parse` accepts); NaN if invalid. */
export function parseHttpDate(text: string): number {
  if (!/^[A-Za-z]{3},? /.test(text.trim())) return Number.NaN;
  return Date.parse(text);
}

const LOCAL_CLOCK = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** `12:04:05` on the machine's own clock: when something happened, for a person at its terminal. */
export function toLocalClock(epochMs: number): string {
  return LOCAL_CLOCK.format(epochMs);
}

const RFC822 =
  /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,3})$/;
/** RFC 822 zone names in hours east of UTC (US zones, as RSS feeds still write them). */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -5,
  edt: -4,
  cst: -6,
  cdt: -5,
  mst: -7,
  mdt: -6,
  pst: -8,
  pdt: -7,
};

/**
 * Parses an RSS `pubDate` (RFC 822 as RFC 1123 updated it: `Thu, 01 Jun 2023 07:15:00 +0000`),
 * strictly: a date without a zone would be guessed from the machine's time zone, so it is
 * refused. The weekday is not checked, since many feeds get it wrong while the date is right.
 */
export function parseRfc822(text: string): ParsedTimestamp {
  const match = RFC822.exec(text.trim());
  const zoneText = match?.[7] ?? "";
  const zoneHours = ZONES[zoneText.toLowerCase()];
  const abbreviation = (match?.[2] ?? "").toLowerCase();
  const month = MONTHS.findIndex((name) => name.startsWith(abbreviation)) + 1;
  if (!match || month === 0 || (!/^[+-]/.test(zoneText) && zoneHours === undefined)) {
    return { ok: false, reason: `"${text}" is not an RFC 822 date such as Thu, 01 Jun 2023 07:15:00 +0000` };
  }
  const [, day, , year, hour, minute, second] = match;
  const fullYear = year?.length === 2 ? 1900 + Number(year) + (Number(year) < 50 ? 100 : 0) : Number(year);
  const offset =
    zoneHours === undefined
      ? zoneText
      : `${zoneHours < 0 ? "-" : "+"}${String(Math.abs(zoneHours)).padStart(2, "0")}00`;
  const iso = `${String(fullYear).padStart(4, "0")}-${String(month).padStart(2, "0")}-${day?.padStart(2, "0")}T${hour?.padStart(2, "0")}:${minute}:${second ?? "00"}${offset}`;
  const parsed = parseTimestamp(iso);
  return parsed.ok ? parsed : { ok: false, reason: `"${text}" names a day or time that does not exist` };
}
