/**
 * The one home of markup escaping. XML (RSS, Atom, OPML) and HTML pages share the
 * same rules: text escapes `&`, `<` and `>` (so `]]>` can never appear), attribute
 * values additionally escape both quote characters. Only the five XML entities are
 * ever produced, so the output is safe for XML parsers that know no HTML entities.
 */

const TEXT = /[&<>]/g;
const ATTRIBUTE = /[&<>"']/g;
const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

const replace = (char: string): string => ENTITIES[char] ?? char;

/** Escapes a string for use as element content in XML or HTML. */
export function escapeText(value: string): string {
  return value.replace(TEXT, replace);
}

/** Escapes a string for use inside a double- or single-quoted attribute value. */
export function escapeAttribute(value: string): string {
  return value.replace(ATTRIBUTE, replace);
}

const PLAIN_RSS_TEXT = /[&<>]/g;
const RSS_PROFILE: Record<string, string> = { "&": "&#x26;", "<": "&#x3C;", ">": "&gt;" };

/**
 * Escapes plain text for an RSS element the way the RSS Best Practices Profile asks:
 * `&` and `<` as hexadecimal references, which tells readers the text is not HTML.
 */
export function escapeRssPlainText(value: string): string {
  return value.replace(PLAIN_RSS_TEXT, (char) => RSS_PROFILE[char] ?? char);
}
