/** What every handler gets from the app: the archive, the document cache and the request's clock and origin. */
import type { Context } from "hono";
import type { Env } from "../env";
import type { DocumentCache } from "../http/document-cache";
import type { HotCache } from "../http/hot-cache";
import type { Representation } from "../http/representation";
import type { Archive } from "../query/archive";

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
  cache: DocumentCache;
  hot: HotCache;
}

/**
 * Answers a request with a rendered document, and remembers the answer for the hot
 * path, valid until the next scheduled article appears.
 */
export function serveDocument(
  c: AppContext,
  services: Services,
  representation: Representation,
  headers: Record<string, string>,
): Response | Promise<Response> {
  const validUntil = services.archive.nextChange(c.get("now"));
  return services.hot.remember(c.req.url, representation, headers, validUntil).answer(c.req.raw);
}

export const FEED_CACHE_CONTROL = "public, max-age=900";
/** A complete archive page never changes (until a rebuild inserts a back-dated article). */
export const ARCHIVE_CACHE_CONTROL = "public, max-age=86400";
export const PAGE_CACHE_CONTROL = "public, max-age=300";
export const REDIRECT_CACHE_CONTROL = "public, max-age=3600";

export const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "ETag, Last-Modified, Link",
};

export const PAGE_HEADERS = {
  "Cache-Control": PAGE_CACHE_CONTROL,
  "Content-Security-Policy":
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' https: http: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
};

/** A short, readable 404 with the right headers. */
export function notFound(c: AppContext, body: string): Response {
  return c.body(body, 404, {
    ...PAGE_HEADERS,
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "public, max-age=60",
  });
}

/** A permanent redirect to the canonical spelling of a URL, keeping the query string. */
export function permanentRedirect(c: AppContext, path: string): Response {
  const search = new URL(c.req.url).search;
  return c.body(null, 301, { Location: `${path}${search}`, "Cache-Control": REDIRECT_CACHE_CONTROL, ...CORS_HEADERS });
}
