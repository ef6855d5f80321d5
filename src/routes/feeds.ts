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
import { absoluteUrl, FEED_FILES, FEED_FORMATS, feedPath, tagPath } from "../model/urls";
import { notFoundPage } from "../pages/pages";
import {
  type AppContext,
  type AppEnv,
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

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
};

const FORMAT_BY_FILE = new Map(FEED_FORMATS.map((format) => [FEED_FILES[format], format]));

function feedHeaders(selfUrl: string): Record<string, string> {
  return {
    "Cache-Control": FEED_CACHE_CONTROL,
    "X-Content-Type-Options": "nosniff",
    Link: `<${selfUrl}>; rel="self"`,
    ...CORS_HEADERS,
  };
}

async function serveFeed(c: AppContext, services: Services, scope: FeedScope, format: FeedFormat): Promise<Response> {
  const { archive, cache } = services;
  const now = c.get("now");
  const origin = c.get("origin");
  const view = archive.view(scope, now);
  const scopeKey = scope.kind === "site" ? "site" : `tag:${scope.tag.slug}`;
  const representation = await cache.get(`feed:${format}:${scopeKey}:${origin}`, String(view.count), () => {
    const model = buildFeedModel(archive, view, origin);
    return createRepresentation(SERIALIZERS[format](model), FEED_CONTENT_TYPES[format], model.updated);
  });
  return respond(c.req.raw, representation, feedHeaders(absoluteUrl(origin, feedPath(scope, format))));
}

export function registerFeedRoutes(app: Hono<AppEnv>, services: Services): void {
  const { archive, cache } = services;
  for (const format of FEED_FORMATS) {
    app.get(`/${FEED_FILES[format]}`, (c) => serveFeed(c, services, { kind: "site" }, format));
  }

  app.get("/tags/:tag/:file", (c) => {
    const format = FORMAT_BY_FILE.get(c.req.param("file"));
    const now = c.get("now");
    const found = archive.findTag(c.req.param("tag"), now);
    if (!format || found.kind === "missing") {
      return notFound(
        c,
        notFoundPage(archive, c.get("origin"), "There is no such feed. The tag index lists every tag and its feeds."),
      );
    }
    if (found.kind === "redirect") return permanentRedirect(c, `${tagPath(found.slug)}/${FEED_FILES[format]}`);
    return serveFeed(c, services, { kind: "tag", tag: found.tag }, format);
  });

  app.get("/feeds.opml", async (c) => {
    const now = c.get("now");
    const origin = c.get("origin");
    const site = archive.view({ kind: "site" }, now);
    const representation = await cache.get(`opml:${origin}`, String(site.count), () => {
      const updated = site.newest(1)[0]?.updated ?? Date.parse(`${archive.site.established}T00:00:00Z`);
      return createRepresentation(serializeOpml(archive, now, origin, updated), "text/x-opml; charset=utf-8", updated);
    });
    return respond(c.req.raw, representation, feedHeaders(`${origin}/feeds.opml`));
  });
}
