/**
 * What every parsed record value goes through before it is read: characters XML 1.0
 * forbids are removed from every string, and the dates a TOML (or YAML) parser
 * returns as objects become the text they were written as, so that one date rule
 * reads them all and a time written without an offset stays wall-clock time.
 */
import { stripXmlIllegal } from "../../text/xml-chars";

/**
 * The value cleaned, as a copy. Lists and mappings are copied level by level from a
 * queue, not by recursion: a value nested thousands deep (a file can hold one) is
 * copied like any other instead of exhausting the stack.
 */
export function cleanValue(value: unknown): unknown {
  const pending: (() => void)[] = [];
  const clean = (item: unknown): unknown => {
    if (typeof item === "string") return stripXmlIllegal(item);
    // smol-toml's dates print as written: `2023-05-04T10:00:00` (local), with an offset, or a bare day.
    if (item instanceof Date) return Number.isNaN(item.getTime()) ? String(item) : item.toISOString();
    if (Array.isArray(item)) {
      const copy: unknown[] = [];
      pending.push(() => {
        for (const element of item) copy.push(clean(element));
      });
      return copy;
    }
    if (item && typeof item === "object") {
      const copy: Record<string, unknown> = {};
      pending.push(() => {
        for (const [key, field] of Object.entries(item)) {
          // Defined, not assigned: a key named `__proto__` is a field like any other.
          Object.defineProperty(copy, stripXmlIllegal(key), {
            value: clean(field),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
      });
      return copy;
    }
    return item;
  };
  const result = clean(value);
  for (let next = pending.pop(); next; next = pending.pop()) next();
  return result;
}
