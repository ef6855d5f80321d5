/**
 * The one home of URLs: the route shapes of DESIGN.md and how a path becomes an
 * absolute URL on the public origin. Every link in feeds and pages is built here.
 */
import { FEED_FILES } from "./formats";
import { authorScope, type ScopeAddress, scopePrefix, tagScope } from "./scope";
import type { FeedFormat, HtmlTemplate } from "./types";

/** Feed URLs readers and other generators commonly guess, answered with a permanent redirect. */
export const FEED_ALIASES: Record<string, string> = {
  "/feed": "/rss.xml",
  "/rss": "/rss.xml",
  "/feed.xml": "/rss.xml",
  "/index.xml": "/rss.xml",
  "/atom": "/atom.xml",
  "/feed.atom": "/atom.xml",
  "/index.json": "/feed.json",
};

/** The sitemap, or the sitemap index once the site outgrows one sitemap (robots.txt names it). */
export const SITEMAP_PATH = "/sitemap.xml";

/** Paths of the site's own documents at the root; everything under the prefixes below is the site's too. */
const SITE_FILES = new Set([
  "/",
  "/rss.xml",
  "/atom.xml",
  "/feed.json",
  "/feeds.opml",
  SITEMAP_PATH,
  "/robots.txt",
  "/subscribe",
  "/tags",
  "/authors",
  "/stats",
  "/stats.json",
  ...Object.keys(FEED_ALIASES),
]);
const SITE_PREFIXES = ["/tags/", "/authors/", "/articles/", "/archive/", "/assets/", "/_records/", "/sitemaps/"];

/**
 * True for a path the site answers itself (a feed, a page, a record): an old path or a
 * static file there would hide it, so the build refuses them.
 */
export function isSitePath(path: string): boolean {
  const trimmed = path.replace(/\/+$/, "") || "/";
  return SITE_FILES.has(trimmed) || SITE_PREFIXES.some((prefix) => `${trimmed}/`.startsWith(prefix));
}

export function tagPath(slug: string): string {
  return scopePrefix(tagScope(slug));
}

export function authorPath(slug: string): string {
  return scopePrefix(authorScope(slug));
}

export function articlePath(slug: string): string {
  return `/articles/${slug}`;
}

/**
 * The article and the page-bundle file a path names (`/articles/<slug>/<file…>`), each
 * segment decoded. Undefined for any other path, and for one a segment of which could
 * step out of the bundle once decoded: empty, `.`, `..`, or holding a slash or backslash.
 */
export function bundleFileAddress(path: string): { slug: string; file: string } | undefined {
  const prefix = articlePath("");
  if (!path.startsWith(prefix)) return undefined;
  const segments: string[] = [];
  for (const segment of path.slice(prefix.length).split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (decoded === "" || decoded === "." || decoded === ".." || /[/\\]/.test(decoded)) return undefined;
    segments.push(decoded);
  }
  const [slug, ...file] = segments;
  return slug === undefined || file.length === 0 ? undefined : { slug, file: file.join("/") };
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

/** An RFC 5005 archive page of a scope's feed: `/archive/3/atom.xml`, `/tags/x/archive/3/atom.xml`, `/authors/y/archive/3/atom.xml`. */
export function archivePath(scope: ScopeAddress, page: number, format: FeedFormat): string {
  return `${scopePrefix(scope)}/archive/${page}/${FEED_FILES[format]}`;
}

/** One of the numbered sitemaps a sitemap index lists (1 holds the oldest articles). */
export function sitemapPartPath(part: number): string {
  return `/sitemaps/${part}.xml`;
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
