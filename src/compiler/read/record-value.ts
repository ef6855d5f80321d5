/**
 * What every parsed record value goes through before it is read: characters XML 1.0
 * forbids are removed from every string, and the dates a TOML (or YAML) parser
 * returns as objects become the text they were written as, so that one date rule
 * reads them all and a time written without an offset stays wall-clock time.
 */
import { stripXmlIllegal } from "../../text/xml-chars";

export function cleanValue(value: unknown): unknown {
  if (typeof value === "string") return stripXmlIllegal(value);
  // smol-toml's dates print as written: `2023-05-04T10:00:00` (local), with an offset, or a bare day.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Array.isArray(value)) return value.map(cleanValue);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [stripXmlIllegal(key), cleanValue(item)]));
  }
  return value;
}
