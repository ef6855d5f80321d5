/**
 * Feed routes: the site feeds, the per-tag feeds in three formats and the OPML list.
 * Handlers resolve the scope, then hand the cached representation to the HTTP layer.
 */
import type { Hono } from "hono";
import { buildFeedModel } from "../feeds/model";
import { serializeAtom } from "../feeds/atom";
import { serializeJsonFeed } from "../feeds/jsonfeed";
import { serializeOpml } from "../feeds/opml";
import { serializeRss } from "../feeds/rss";
import type { FeedModel } from "../feeds/model";
import { createRepresentation } from "../http/representation";
import { respond } from "../http/respond";
import type { FeedFormat, FeedScope } from "../model/types";
import { FEED_FILES, FEED_FORMATS, FEED_MEDIA_TYPES, formatOfFile } from "../model/formats";
import { absoluteUrl, archivePath, feedPath, tagPath } from "../model/urls";
import { notFoundPage } from "../pages/pages";
import {
  type AppContext,
  type AppEnv,
  ARCHIVE_CACHE_CONTROL,
  CORS_HEADERS,
  FEED_CACHE_CONTROL,
  notFound,
  permanentRedirect,
  type Services,
} from "./context";

const SERIALIZERS: Record<FeedFormat, (model: FeedModel) => string> = {
  rss: serializeRss,
  atom: serializeAtom,
  json: serializeJsonFeed,
};

function feedHeaders(selfUrl: string, cacheControl = FEED_CACHE_CONTROL): Record<string, string> {
  return {
    "Cache-Control": cacheControl,
    "X-Content-Type-Options": "nosniff",
    Link: `<${selfUrl}>; rel="self"`,
    ...CORS_HEADERS,
  };
}

const ARCHIVE_PAGE = /^[1-9][0-9]{0,8}$/;

/** Feed URLs readers and other generators commonly guess, answered with a permanent redirect. */
const FEED_ALIASES: Record<string, string> = {
  "/feed": "/rss.xml",
  "/rss": "/rss.xml",
  "/feed.xml": "/rss.xml",
  "/index.xml": "/rss.xml",
  "/atom": "/atom.xml",
  "/feed.atom": "/atom.xml",
  "/index.json": "/feed.json",
};

/**
 * Serves a scope's subscription document, or with `page` one of its RFC 5005 archive
 * pages. A subscription document's version is the scope's visible count; a complete
 * archive page never changes, so it is cached for long.
 */
async function serveFeed(
  c: AppContext,
  services: Services,
  scope: FeedScope,
  format: FeedFormat,
  pageParam?: string,
): Promise<Response> {
  const { archive, cache } = services;
  const origin = c.get("origin");
  const view = archive.view(scope, c.get("now"));
  const page = pageParam === undefined ? undefined : Number(pageParam);
  if (page !== undefined && (!ARCHIVE_PAGE.test(pageParam ?? "") || !view.archivePage(page, archive.site.feedSize))) {
    return notFound(c, notFoundPage(archive, origin, "There is no such archive page yet."));
  }
  const scopeKey = scope.kind === "site" ? "site" : `tag:${scope.tag.slug}`;
  const key = `feed:${format}:${scopeKey}:${page ?? "current"}:${origin}`;
  // An archive page's entries never change; its next-archive link moves once, when the next page completes.
  const version =
    page === undefined ? String(view.count) : page < view.archivePages(archive.site.feedSize) ? "linked" : "newest";
  const representation = await cache.get(key, version, () => {
    const model = buildFeedModel(archive, view, origin, page);
    return createRepresentation(
      SERIALIZERS[format](model),
      `${FEED_MEDIA_TYPES[format]}; charset=utf-8`,
      model.updated,
    );
  });
  const path = page === undefined ? feedPath(scope, format) : archivePath(scope, page, format);
  const cacheControl = page === undefined ? FEED_CACHE_CONTROL : ARCHIVE_CACHE_CONTROL;
  return respond(c.req.raw, representation, feedHeaders(absoluteUrl(origin, path), cacheControl));
}

function noSuchFeed(c: AppContext, services: Services): Response {
  const message = "There is no such feed. The tag index lists every tag and its feeds.";
  return notFound(c, notFoundPage(services.archive, c.get("origin"), message));
}

/** Resolves `:tag` for a feed route: the tag, a redirect to its canonical spelling, or a 404. */
function withTag(
  c: AppContext,
  services: Services,
  canonicalPath: (slug: string) => string,
  serve: (scope: FeedScope) => Promise<Response>,
): Response | Promise<Response> {
  const found = services.archive.findTag(c.req.param("tag") ?? "", c.get("now"));
  if (found.kind === "missing") return noSuchFeed(c, services);
  if (found.kind === "redirect") return permanentRedirect(c, canonicalPath(found.slug));
  return serve({ kind: "tag", tag: found.tag });
}

export function registerFeedRoutes(app: Hono<AppEnv>, services: Services): void {
  const { archive, cache } = services;

  for (const format of FEED_FORMATS) {
    app.get(`/${FEED_FILES[format]}`, (c) => serveFeed(c, services, { kind: "site" }, format));
  }
  for (const [alias, target] of Object.entries(FEED_ALIASES)) {
    app.get(alias, (c) => permanentRedirect(c, target));
  }

  app.get("/archive/:page/:file", (c) => {
    const format = formatOfFile(c.req.param("file"));
    if (!format) return noSuchFeed(c, services);
    return serveFeed(c, services, { kind: "site" }, format, c.req.param("page"));
  });

  app.get("/tags/:tag/:file", (c) => {
    const format = formatOfFile(c.req.param("file"));
    if (!format) return noSuchFeed(c, services);
    return withTag(
      c,
      services,
      (slug) => `${tagPath(slug)}/${FEED_FILES[format]}`,
      (scope) => serveFeed(c, services, scope, format),
    );
  });

  app.get("/tags/:tag/archive/:page/:file", (c) => {
    const format = formatOfFile(c.req.param("file"));
    if (!format) return noSuchFeed(c, services);
    const page = c.req.param("page");
    // Checked before any redirect: the page number goes into a Location header.
    if (!ARCHIVE_PAGE.test(page)) return noSuchFeed(c, services);
    return withTag(
      c,
      services,
      (slug) => `${tagPath(slug)}/archive/${page}/${FEED_FILES[format]}`,
      (scope) => serveFeed(c, services, scope, format, page),
    );
  });

  app.get("/feeds.opml", async (c) => {
    const now = c.get("now");
    const origin = c.get("origin");
    const site = archive.view({ kind: "site" }, now);
    const representation = await cache.get(`opml:${origin}`, String(site.count), () => {
      const updated = archive.lastChange(site.newest(1));
      return createRepresentation(serializeOpml(archive, now, origin, updated), "text/x-opml; charset=utf-8", updated);
    });
    return respond(c.req.raw, representation, feedHeaders(`${origin}/feeds.opml`));
  });
}
