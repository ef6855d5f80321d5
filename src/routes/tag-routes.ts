/**
 * How every tag URL (page, subscribe page, feeds, archive pages) answers the four
 * outcomes of a tag lookup: serve the tag, 301 to its canonical spelling (another
 * case, an alias, a merged tag), 410 Gone for a retired tag, 404 for anything else.
 * One place, so a tag's lifecycle reads the same on every route.
 */
import type { Tag } from "../model/types";
import { gonePage, notFoundPage } from "../pages/pages";
import { type AppContext, CORS_HEADERS, notFound, PAGE_HEADERS, permanentRedirect, type Services } from "./context";

/** A retired tag stays gone; readers that poll it are told once an hour at most. */
const GONE_CACHE_CONTROL = "public, max-age=3600";

export interface TagRoute {
  /** The canonical path for a slug. `merged` is true when the URL named a tag merged into that slug. */
  canonicalPath(slug: string, merged: boolean): string;
  serve(tag: Tag): Response | Promise<Response>;
  /** Said in the 404 for an unknown tag. */
  missing: string;
}

export function serveTagRoute(c: AppContext, services: Services, route: TagRoute): Response | Promise<Response> {
  const { archive } = services;
  const origin = c.get("origin");
  const found = archive.findTag(c.req.param("tag") ?? "", c.get("now"));
  switch (found.kind) {
    case "found":
      return route.serve(found.tag);
    case "redirect":
      return permanentRedirect(c, route.canonicalPath(found.slug, found.merged));
    case "gone":
      // CORS too: a browser-based reader must be able to read the 410 and stop polling.
      return c.body(gonePage(archive, origin, found.tag), 410, {
        ...PAGE_HEADERS,
        ...CORS_HEADERS,
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": GONE_CACHE_CONTROL,
      });
    case "missing":
      return notFound(c, notFoundPage(archive, origin, route.missing));
  }
}
