/**
 * The one home of markup escaping. XML (RSS, Atom, OPML) and HTML pages share the
 * same rules: text escapes `&`, `<` and `>` (so `]]>` can never appear), attribute
 * values additionally escape both quote characters. Only the five XML entities are
 * ever produced, so the output is safe for XML parsers that know no HTML entities.
 */

const TEXT_ANY = /[&<>]/;
const ATTRIBUTE = /[&<>"']/g;
const ATTRIBUTE_ANY = /[&<>"']/;
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
  // Whole bodies pass through here: the engine's own replaceAll beats a callback per match.
  if (!TEXT_ANY.test(value)) return value;
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Escapes a string for use inside a double- or single-quoted attribute value. */
export function escapeAttribute(value: string): string {
  // Most values (paths, slugs) need nothing: a test is cheaper than a replace.
  return ATTRIBUTE_ANY.test(value) ? value.replace(ATTRIBUTE, replace) : value;
}

/**
 * The inside of a JSON string holding `value`, quotes left off: `JSON.stringify`'s own
 * escaping, so a document JSON.stringify writes and one assembled from these agree.
 */
export function escapeJsonString(value: string): string {
  return JSON.stringify(value).slice(1, -1);
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
