/**
 * Conditional requests (RFC 9110 §13): `If-None-Match` with weak comparison, lists
 * and `*`, taking precedence over `If-Modified-Since`. A validator that does not
 * match, or one we cannot parse, means a full 200: never a 304 by accident.
 */
import { parseHttpDate } from "../text/dates";

/** Splits an If-None-Match header into entity tags, keeping quoted commas intact. */
export function parseEntityTags(header: string): string[] {
  const tags: string[] = [];
  const pattern = /\s*(\*|(?:W\/)?"[^"]*")\s*(?:,|$)/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(header)) !== null) {
    if (match[1]) tags.push(match[1]);
    if (pattern.lastIndex >= header.length) break;
  }
  return tags;
}

/** Weak comparison: `W/"x"` matches `"x"`. */
function opaque(tag: string): string {
  return tag.startsWith("W/") ? tag.slice(2) : tag;
}

export function isNotModified(request: Request, etag: string, lastModified: number): boolean {
  const ifNoneMatch = request.headers.get("If-None-Match");
  // Readers send back the validator they were given: answer that without parsing.
  if (ifNoneMatch === etag || ifNoneMatch === `W/${etag}`) return true;
  if (ifNoneMatch !== null) {
    const tags = parseEntityTags(ifNoneMatch);
    return tags.some((tag) => tag === "*" || opaque(tag) === opaque(etag));
  }
  const ifModifiedSince = request.headers.get("If-Modified-Since");
  if (ifModifiedSince !== null) {
    const since = parseHttpDate(ifModifiedSince);
    // HTTP dates have whole seconds: compare at that precision.
    return !Number.isNaN(since) && Math.floor(lastModified / 1000) * 1000 <= since;
  }
  return false;
}
