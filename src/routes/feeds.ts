/**
 * Feed routes: the site feeds, the feeds of every tag and every author in three
 * formats, their archive pages, and the OPML list. Handlers resolve the scope, then
 * hand the cached representation to the HTTP layer.
 */
import type { Hono } from "hono";
import { advertisedHub, BODY_SLOT, buildFeedModel, itemBodies } from "../feeds/model";
import { serializeAtom } from "../feeds/atom";
import { serializeJsonFeed } from "../feeds/jsonfeed";
import { serializeOpml } from "../feeds/opml";
import { serializeRss } from "../feeds/rss";
import type { FeedModel } from "../feeds/model";
import { originPiece, stitchDocument, withOrigin } from "../http/gzip";
import { stitchedRepresentation } from "../http/representation";
import type { FeedFormat, FeedScope } from "../model/types";
import { FEED_FILES, FEED_FORMATS, FEED_MEDIA_TYPES, formatOfFile } from "../model/formats";
import { scopeKey } from "../model/scope";
import { absoluteUrl, archivePath, FEED_ALIASES, feedPath } from "../model/urls";
import { LIST_SLOT } from "../pages/lists";
import { notFoundPage } from "../pages/pages";
import {
  type AppContext,
  type AppEnv,
  ARCHIVE_CACHE_CONTROL,
  CORS_HEADERS,
  documentCache,
  FEED_CACHE_CONTROL,
  notFound,
  permanentRedirect,
  serveDocument,
  type Services,
  withLists,
} from "./context";
import { countedFeed } from "../stats/counter";
import { NAMED_SCOPES, type NamedScopes, serveNamedScope, TAG_SCOPES } from "./scope-routes";

const SERIALIZERS: Record<FeedFormat, (model: FeedModel) => string> = {
  rss: serializeRss,
  atom: serializeAtom,
  json: serializeJsonFeed,
};

/** Headers of a feed-like document; `hub` is advertised beside `self` for WebSub (subscription documents only). */
function feedHeaders(selfUrl: string, cacheControl = FEED_CACHE_CONTROL, hub?: string): Record<string, string> {
  const self = `<${selfUrl}>; rel="self"`;
  return {
    "Cache-Control": cacheControl,
    "X-Content-Type-Options": "nosniff",
    Link: hub ? `<${hub}>; rel="hub", ${self}` : self,
    ...CORS_HEADERS,
  };
}

const ARCHIVE_PAGE = /^[1-9][0-9]{0,8}$/;

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
  const { archive } = services;
  const origin = c.get("origin");
  const view = archive.view(scope, c.get("now"));
  const page = pageParam === undefined ? undefined : Number(pageParam);
  // Only complete pages exist (checked from the count alone: nothing is read for a 404).
  if (page !== undefined && (!ARCHIVE_PAGE.test(pageParam ?? "") || page > view.archivePages(archive.site.feedSize))) {
    return notFound(c, notFoundPage(archive, origin, "There is no such archive page yet."));
  }
  const key = `feed:${format}:${scopeKey(scope)}:${page ?? "current"}:${origin}`;
  // How long a subscription document may be kept: its cadence (its ttl), less before a scheduled article.
  const polling = page === undefined ? services.polling.of(view, c.get("now")) : undefined;
  // An archive page's entries never change; its next-archive link moves once, when the next page completes.
  const version =
    page === undefined ? String(view.count) : page < view.archivePages(archive.site.feedSize) ? "linked" : "newest";
  const representation = await documentCache(services, scope).get(key, version, async () => {
    const model = await buildFeedModel(archive, view, origin, page, polling?.cadence);
    const encoding = format === "json" ? "json" : "xml";
    const bodies = itemBodies(model).map((body) => withOrigin(body[encoding], originPiece(origin)));
    const stitched = stitchDocument(SERIALIZERS[format](model), BODY_SLOT, bodies);
    return stitchedRepresentation(stitched, `${FEED_MEDIA_TYPES[format]}; charset=utf-8`, model.updated);
  });
  if (page !== undefined) {
    return serveDocument(
      c,
      services,
      representation,
      feedHeaders(absoluteUrl(origin, archivePath(scope, page, format)), ARCHIVE_CACHE_CONTROL),
      scope,
    );
  }
  const selfUrl = absoluteUrl(origin, feedPath(scope, format));
  const minutes = polling?.minutes ?? 0;
  return serveDocument(
    c,
    services,
    representation,
    feedHeaders(selfUrl, `public, max-age=${minutes * 60}`, advertisedHub(archive.site, scope)),
    scope,
    countedFeed(scopeKey(scope), format),
    polling?.until,
  );
}

function noSuchFeed(c: AppContext, services: Services, kind: NamedScopes): Response {
  return notFound(c, notFoundPage(services.archive, c.get("origin"), kind.noSuchFeed));
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
    if (!format) return noSuchFeed(c, services, TAG_SCOPES);
    return serveFeed(c, services, { kind: "site" }, format, c.req.param("page"));
  });

  for (const kind of NAMED_SCOPES) {
    app.get(`${kind.base}/:name/:file`, (c) => {
      const format = formatOfFile(c.req.param("file"));
      if (!format) return noSuchFeed(c, services, kind);
      return serveNamedScope(c, services, kind, {
        canonicalPath: (address) => feedPath(address, format),
        serve: (scope) => serveFeed(c, services, scope, format),
        missing: kind.noSuchFeed,
      });
    });

    app.get(`${kind.base}/:name/archive/:page/:file`, (c) => {
      const format = formatOfFile(c.req.param("file"));
      if (!format) return noSuchFeed(c, services, kind);
      const page = c.req.param("page");
      // Checked before any redirect: the page number goes into a Location header.
      if (!ARCHIVE_PAGE.test(page)) return noSuchFeed(c, services, kind);
      return serveNamedScope(c, services, kind, {
        // A merged tag's archive pages held other articles: send readers to the survivor's feed.
        canonicalPath: (address, merged) =>
          merged ? feedPath(address, format) : archivePath(address, Number(page), format),
        serve: (scope) => serveFeed(c, services, scope, format, page),
        missing: kind.noSuchFeed,
      });
    });
  }

  app.get("/feeds.opml", async (c) => {
    const now = c.get("now");
    const origin = c.get("origin");
    const site = archive.view({ kind: "site" }, now);
    const representation = await cache.get(`opml:${origin}`, String(site.count), async () => {
      const updated = archive.lastChange(await site.newest(1));
      const text = serializeOpml(archive, now, origin, updated, LIST_SLOT);
      return withLists(c, services, text, [["opmlTags", "opmlAuthors"]], "text/x-opml; charset=utf-8", updated);
    });
    return serveDocument(c, services, representation, feedHeaders(`${origin}/feeds.opml`));
  });
}
