/**
 * The one home of date handling: parsing the ISO 8601 timestamps of records (an
 * offset is required, so an instant is never guessed from the machine's time zone)
 * and formatting instants for RSS (RFC 822), Atom/JSON (RFC 3339) and HTTP.
 */

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

export type ParsedTimestamp = { ok: true; epochMs: number } | { ok: false; reason: string };

/** Parses `2022-01-10T03:50:00+01:00` (seconds optional, offset required). */
export function parseTimestamp(text: string): ParsedTimestamp {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(text.trim())) {
      return { ok: false, reason: `"${text}" has no time and offset; write e.g. ${text.trim()}T09:00:00Z` };
    }
    if (/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text.trim())) {
      return { ok: false, reason: `"${text}" has no UTC offset; add Z or +hh:mm` };
    }
    return { ok: false, reason: `"${text}" is not an ISO 8601 timestamp such as 2024-01-02T15:04:05Z` };
  }
  const [, y, mo, d, h, mi, s, frac, zulu, sign, oh, om] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? "0");
  const offsetHours = Number(oh ?? "0");
  const offsetMinutes = Number(om ?? "0");
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) {
    return { ok: false, reason: `"${text}" names a day that does not exist` };
  }
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) {
    return { ok: false, reason: `"${text}" has a time or offset out of range` };
  }
  const millis = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  const offset = zulu ? 0 : (sign === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  return { ok: true, epochMs: local - offset * 60_000 };
}

/** RFC 3339 in UTC, without fractional seconds when there are none. */
export function toRfc3339(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(".000Z", "Z");
}

/** RFC 822 as RSS readers expect it: `Tue, 02 Jan 2024 15:04:05 GMT` (also the HTTP date form). */
export function toRfc822(epochMs: number): string {
  return new Date(epochMs).toUTCString();
}

/** `YYYY-MM-DD` of the instant in UTC, as used in `tag:` ids. */
export function toUtcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Parses an HTTP date (IMF-fixdate and the obsolete forms `Date.parse` accepts); NaN if invalid. */
export function parseHttpDate(text: string): number {
  if (!/^[A-Za-z]{3},? /.test(text.trim())) return Number.NaN;
  return Date.parse(text);
}

const RFC822 =
  /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,3})$/;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
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
  const month = MONTHS.indexOf((match?.[2] ?? "").toLowerCase()) + 1;
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
