/**
 * The one home of date handling: parsing the ISO 8601 timestamps of records (an
 * offset is required, so an instant is never guessed from the machine's time zone)
 * and formatting instants for RSS (RFC 822), Atom/JSON (RFC 3339), HTTP and the
 * terminal (the time of day of a preview build).
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
