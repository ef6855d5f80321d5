/**
 * Removes characters that XML 1.0 forbids: C0 controls other than tab, LF and CR,
 * U+FFFE and U+FFFF, and lone surrogates (a string cut inside a pair). libxml-based
 * readers reject a whole document for one of these, so the compiler strips them from
 * every string before anything is stored.
 */

// A character class of control characters is the point here.
const ILLEGAL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripXmlIllegal(value: string): string {
  return value.replace(ILLEGAL, "");
}
