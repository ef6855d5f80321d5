/**
 * The one home of URLs: the route shapes of DESIGN.md and how a path becomes an
 * absolute URL on the public origin. Every link in feeds and pages is built here.
 */
import { FEED_FILES } from "./formats";
import type { FeedFormat, HtmlTemplate } from "./types";

export function tagPath(slug: string): string {
  return `/tags/${slug}`;
}

export function articlePath(slug: string): string {
  return `/articles/${slug}`;
}

/** What a URL needs of a scope: a FeedScope, or just a tag's slug (`tagScope`). */
export type ScopeAddress = { kind: "site" } | { kind: "tag"; tag: { slug: string } };

export function tagScope(slug: string): ScopeAddress {
  return { kind: "tag", tag: { slug } };
}

/** Where a scope's URLs live: `` for the site, `/tags/<slug>` for a tag. */
function scopePrefix(scope: ScopeAddress): string {
  return scope.kind === "site" ? "" : tagPath(scope.tag.slug);
}

/** The HTML page a scope's feeds are the alternate of. */
export function scopePagePath(scope: ScopeAddress): string {
  return scopePrefix(scope) || "/";
}

/** The page that helps a person subscribe to a scope's feeds. */
export function subscribePath(scope: ScopeAddress): string {
  return `${scopePrefix(scope)}/subscribe`;
}

export function feedPath(scope: ScopeAddress, format: FeedFormat): string {
  return `${scopePrefix(scope)}/${FEED_FILES[format]}`;
}

/** An RFC 5005 archive page of a scope's feed: `/archive/3/atom.xml`, `/tags/x/archive/3/atom.xml`. */
export function archivePath(scope: ScopeAddress, page: number, format: FeedFormat): string {
  return `${scopePrefix(scope)}/archive/${page}/${FEED_FILES[format]}`;
}

/** `origin` + root-relative path; absolute URLs pass through. */
export function absoluteUrl(origin: string, pathOrUrl: string): string {
  return pathOrUrl.startsWith("/") ? `${origin}${pathOrUrl}` : pathOrUrl;
}

/** Completes compiled HTML: every root-relative URL gets the public origin. */
export function fillTemplate(template: HtmlTemplate, origin: string): string {
  return template.join(origin);
}

/**
 * The public origin: SITE_URL when configured (trailing slash dropped), else the
 * origin the request arrived on, so a local preview links to itself.
 */
export function publicOrigin(siteUrl: string | undefined, requestUrl: string): string {
  const configured = siteUrl?.trim();
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // A malformed SITE_URL must not take the site down: fall back to the request.
    }
  }
  return new URL(requestUrl).origin;
}
