/** What every handler gets from the app: the archive, the document caches and the request's clock and origin. */
import type { Context } from "hono";
import type { Env } from "../env";
import type { DocumentCache } from "../http/document-cache";
import type { HotCache } from "../http/hot-cache";
import type { Representation } from "../http/representation";
import type { FeedScope } from "../model/types";
import { stitchDocument } from "../http/gzip";
import { stitchedRepresentation } from "../http/representation";
import { LIST_SLOT, listFill, type ListName, type StoredLists } from "../pages/lists";
import type { HeldFiles } from "../providers/private-assets";
import type { Archive } from "../query/archive";
import type { PollingTimes } from "../query/cadence";
import type { CountedFeed } from "../stats/counter";

export interface AppVariables {
  /** The instant this request is served at: read once per request from the app's clock. */
  now: number;
  /** Public origin for every absolute URL in the response. */
  origin: string;
}

export type AppEnv = { Bindings: Env; Variables: AppVariables };
export type AppContext = Context<AppEnv>;

export interface Services {
  archive: Archive;
  /** How long each subscription feed may be kept (query/cadence.ts). */
  polling: PollingTimes;
  /** The long lists the build wrote ahead (pages/lists.ts), read once. */
  lists(): Promise<StoredLists>;
  cache: DocumentCache;
  /** Documents of tag combinations, kept apart from `cache` (see `documentCache`). */
  combinationCache: DocumentCache;
  hot: HotCache;
  /**
   * The hot path of URLs without number: tag combinations, redirects and error pages.
   * Small, and apart from `hot`, so enumerating them never evicts what readers poll.
   */
  hotOpen: HotCache;
  /** Page-bundle files held back until their article is visible; none where nothing is stored (tests, Node tools). */
  heldFiles?: HeldFiles;
}

/**
 * Where a scope's documents are cached. Tag combinations are unbounded in number, so
 * theirs have a small cache of their own (and stay off the hot path): enumerating
 * them can neither exhaust memory nor evict the documents readers poll.
 */
export function documentCache(services: Services, scope: FeedScope): DocumentCache {
  return scope.kind === "combination" ? services.combinationCache : services.cache;
}

/**
 * Answers a request with a rendered document, and remembers the answer for the hot
 * path, valid until the next scheduled article appears; a document about a tag
 * combination (`scope`) in the small hot cache of its own. `counted`: the subscription
 * feed it is, whose polls are counted; `until`: when its headers (a feed's max-age) expire.
 */
export function serveDocument(
  c: AppContext,
  services: Services,
  representation: Representation,
  headers: Record<string, string>,
  scope?: FeedScope,
  counted?: CountedFeed,
  until = Infinity,
): Response | Promise<Response> {
  const hot = scope?.kind === "combination" ? services.hotOpen : services.hot;
  const validUntil = Math.min(until, services.archive.nextChange(c.get("now")));
  return hot.remember(c.req.url, representation, headers, validUntil, counted).answer(c.req.raw);
}

/** The OPML's and the sitemap's. A subscription feed's follows its cadence (query/cadence.ts). */
export const FEED_CACHE_CONTROL = "public, max-age=900";
/** A complete archive page never changes (until a rebuild inserts a back-dated article). */
export const ARCHIVE_CACHE_CONTROL = "public, max-age=86400";
export const PAGE_CACHE_CONTROL = "public, max-age=300";
export const REDIRECT_CACHE_CONTROL = "public, max-age=3600";
/** How long an error page (404, 400) may be kept: the address may come to exist. */
const ERROR_CACHE_CONTROL = "public, max-age=60";

export const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "ETag, Last-Modified, Link",
};

export const PAGE_HEADERS = {
  "Cache-Control": PAGE_CACHE_CONTROL,
  "Content-Security-Policy":
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' https: http: data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
};

/** A short, readable error page (`extra` headers override the defaults). */
export function errorPage(c: AppContext, status: 400 | 404 | 410, body: string, extra: Record<string, string> = {}) {
  return c.body(body, status, {
    ...PAGE_HEADERS,
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": ERROR_CACHE_CONTROL,
    ...extra,
  });
}

/** A short, readable 404 with the right headers. */
export function notFound(c: AppContext, body: string): Response {
  return errorPage(c, 404, body);
}

/** A permanent redirect to the canonical spelling of a URL, keeping the query string. */
export function permanentRedirect(c: AppContext, path: string): Response {
  const search = new URL(c.req.url).search;
  return c.body(null, 301, { Location: `${path}${search}`, "Cache-Control": REDIRECT_CACHE_CONTROL, ...CORS_HEADERS });
}

/**
 * A document whose long lists the build wrote ahead: `text` holds LIST_SLOT where each
 * of `lists` goes (each slot's fill the named lists one after another), and the
 * document is stitched from it (pages/lists.ts).
 */
export async function withLists(
  c: AppContext,
  services: Services,
  text: string,
  lists: readonly (readonly ListName[])[],
  contentType: string,
  lastModified: number,
): Promise<Representation> {
  const stored = await services.lists();
  const now = c.get("now");
  // A page with nothing to list says so instead of showing the list: it has no slot then.
  const slots = text.split(LIST_SLOT).length - 1;
  const fills = lists
    .slice(0, slots)
    .map((names) => names.flatMap((name) => listFill(services.archive, stored, name, now, c.get("origin"))));
  return stitchedRepresentation(stitchDocument(text, LIST_SLOT, fills, c.get("origin")), contentType, lastModified);
}
