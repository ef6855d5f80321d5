/**
 * The one home of identity. Item ids are `tag:` URIs (RFC 4151) built from the site's
 * stable domain, the UTC day of the article's first publication and the record's
 * pinned id or slug, so they never depend on the host, scheme or route serving them.
 */
import { toUtcDay } from "../text/dates";

/** A record id that already is a URI (say, a guid kept from an older site) is used as it is. */
const URI_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export function itemId(domain: string, publishedMs: number, recordId: string): string {
  if (URI_SCHEME.test(recordId)) return recordId;
  return `tag:${domain},${toUtcDay(publishedMs)}:${recordId}`;
}

/** Feed-level id (Atom `<id>`), e.g. `tag:example.org,2026-01-01:feeds/site`. */
export function feedId(domain: string, established: string, scope: string): string {
  return `tag:${domain},${established}:feeds/${scope}`;
}
