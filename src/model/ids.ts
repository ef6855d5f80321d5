/**
 * The one home of identity. An item is known by its pinned `id`, else by the first old
 * article path among its `aliases` (it was renamed), else by its slug. Its ids are made
 * from that and from the site's `domain` and `established` day only, so correcting a
 * date, the time zone, the title, tags or body never moves them, and neither does the
 * host, scheme or route serving the feed.
 */
import { SLUG_PATTERN } from "../text/slug";
import { articlePath } from "./urls";

/**
 * A URI as it stands (a guid kept from an older site, `https://…/?p=12`, `tag:…`,
 * `urn:…`): a scheme, then only characters a URI may hold. Every format carries it as it is.
 */
const URI = /^[a-z][a-z0-9+.-]*:[A-Za-z0-9._~:/?#[\]@!$&'()*+,;=%-]+$/i;

/** Characters an RFC 4151 tag's specific part holds as they are (pchar, "/" and "?"); others are percent-encoded. */
const TAG_SPECIFIC_CHAR = /[A-Za-z0-9._~!$&'()*+,;=:@/?-]/;

export function isUri(id: string): boolean {
  return URI.test(id);
}

/** What a record says about who it is: its slug, its pinned `id` and its old paths (normalised, from the root). */
export interface IdentitySource {
  slug: string;
  id?: string | undefined;
  aliases: readonly string[];
}

/**
 * The old slug a renamed article keeps: the first `/articles/<slug>` path among its
 * aliases, so a second rename that appends its old path keeps the first identity.
 * Other old paths (a Hugo `/posts/2023/x/`, a WordPress `/?p=12`) were never an
 * Edgefeed slug and give no identity.
 */
function formerSlug(aliases: readonly string[]): string | undefined {
  const prefix = articlePath("");
  for (const alias of aliases) {
    const rest = alias.startsWith(prefix) ? alias.slice(prefix.length) : "";
    if (SLUG_PATTERN.test(rest)) return rest;
  }
  return undefined;
}

/** The item's ids: `id` for Atom (an IRI) and for ordering; `guid`, when it differs, for RSS and JSON Feed. */
export interface ItemIds {
  id: string;
  /** A pinned id that is no URI, exactly as an older site published it: RSS guids and JSON Feed ids may be any string. */
  guid?: string;
}

const utf8 = new TextEncoder();

/** Text as a tag's specific part: its own characters where a tag may hold them, UTF-8 percent-encoded elsewhere. */
function tagSpecific(text: string): string {
  const encoded = (char: string) =>
    Array.from(utf8.encode(char), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join("");
  return Array.from(text, (char) => (TAG_SPECIFIC_CHAR.test(char) ? char : encoded(char))).join("");
}

/** What a record is known by, and the field that says so (for messages about its id). */
export function identityOf(record: IdentitySource): { name: string; field: "id" | "aliases" | "slug" } {
  if (record.id !== undefined) return { name: record.id, field: "id" };
  const former = formerSlug(record.aliases);
  return former === undefined ? { name: record.slug, field: "slug" } : { name: former, field: "aliases" };
}

export function itemIds(site: { domain: string; established: string }, record: IdentitySource): ItemIds {
  const { name, field } = identityOf(record);
  if (field === "id" && isUri(name)) return { id: name };
  // Percent-encoding every other character gives Atom a stable ASCII IRI for any kept id.
  const id = `tag:${site.domain},${site.established}:${tagSpecific(name)}`;
  return field === "id" ? { id, guid: name } : { id };
}

/** Feed-level id (Atom `<id>`), e.g. `tag:example.org,2026-01-01:feeds/site`. */
export function feedId(domain: string, established: string, scope: string): string {
  return `tag:${domain},${established}:feeds/${scope}`;
}
