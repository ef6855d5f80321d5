/**
 * HTML routes: home, tag index, author index, the pages of tags, tag combinations and
 * authors, subscribe pages, article pages and the static assets (stylesheet, script;
 * robots.txt lives with the sitemap). Pages are cached like feeds: one render
 * per isolate for a given set of visible articles.
 */
import type { Hono } from "hono";
import { createRepresentation } from "../http/representation";
import type { StoredArticle, FeedScope } from "../model/types";
import { scopeKey } from "../model/scope";
import { scopePagePath, subscribePath } from "../model/urls";
import { SCRIPT, STYLESHEET } from "../pages/assets";
import { SCRIPT_PATH, STYLESHEET_PATH } from "../pages/layout";
import {
  articlePage,
  authorIndexPage,
  homePage,
  notFoundPage,
  pageSize,
  scopePage,
  tagIndexPage,
} from "../pages/pages";
import { LIST_SLOT, type ListName } from "../pages/lists";
import { subscribePage } from "../pages/subscribe";
import {
  type AppContext,
  type AppEnv,
  documentCache,
  notFound,
  PAGE_HEADERS,
  serveDocument,
  type Services,
  withLists,
} from "./context";
import { landCombineForm, NAMED_SCOPES, serveNamedScope } from "./scope-routes";

const HTML = "text/html; charset=utf-8";
/** Asset URLs are not versioned, so browsers revalidate them daily (a 304 costs nothing). */
const ASSET_CACHE_CONTROL = "public, max-age=86400";

/**
 * A page, rendered once per version; `scope` (what the page is about) picks its cache.
 * A page with `lists` has LIST_SLOT where each goes, filled with what the build wrote ahead.
 */
async function servePage(
  c: AppContext,
  services: Services,
  key: string,
  version: string,
  lastModified: () => number | Promise<number>,
  render: () => string | Promise<string>,
  scope?: FeedScope,
  lists?: readonly ListName[],
): Promise<Response> {
  const cache = scope ? documentCache(services, scope) : services.cache;
  const representation = await cache.get(`${key}:${c.get("origin")}`, version, async () => {
    const [text, modified] = await Promise.all([render(), lastModified()]);
    if (lists) return withLists(c, services, text, [lists], HTML, modified);
    return createRepresentation(text, HTML, modified);
  });
  return serveDocument(c, services, representation, PAGE_HEADERS, scope);
}

/** A page about a scope: versioned by the scope's visible count, dated by its newest change. */
function serveScopePage(
  c: AppContext,
  services: Services,
  key: string,
  scope: FeedScope,
  render: (now: number, origin: string) => Promise<string>,
  lists?: readonly ListName[],
): Promise<Response> {
  const now = c.get("now");
  const view = services.archive.view(scope, now);
  return servePage(
    c,
    services,
    key,
    String(view.count),
    async () => services.archive.lastChange(await view.newest(pageSize(services.archive, scope))),
    () => render(now, c.get("origin")),
    scope,
    lists,
  );
}

export function registerPageRoutes(app: Hono<AppEnv>, services: Services): void {
  const { archive } = services;
  const site: FeedScope = { kind: "site" };

  app.get("/", (c) =>
    serveScopePage(c, services, "home", site, (now, origin) => homePage(archive, now, origin, LIST_SLOT), ["topics"]),
  );
  app.get("/tags", (c) => {
    // The tag index's combine form submits here.
    if (c.req.query("tag") !== undefined || c.req.query("match") !== undefined) return landCombineForm(c, services);
    return serveScopePage(
      c,
      services,
      "tags",
      site,
      async (now, origin) => tagIndexPage(archive, now, origin, LIST_SLOT),
      ["tagIndex"],
    );
  });
  app.get("/authors", (c) =>
    serveScopePage(
      c,
      services,
      "authors",
      site,
      async (now, origin) => authorIndexPage(archive, now, origin, LIST_SLOT),
      ["authorIndex"],
    ),
  );
  app.get(subscribePath(site), (c) =>
    serveScopePage(c, services, "subscribe", site, (now, origin) => subscribePage(archive, site, now, origin)),
  );

  // The page of each tag, tag combination and author, and its subscribe page.
  const scopePages = [
    { suffix: "", key: "page", path: scopePagePath, render: scopePage },
    { suffix: "/subscribe", key: "subscribe", path: subscribePath, render: subscribePage },
  ];
  for (const kind of NAMED_SCOPES) {
    for (const { suffix, key, path, render } of scopePages) {
      app.get(`${kind.base}/:name${suffix}`, (c) =>
        serveNamedScope(c, services, kind, {
          canonicalPath: path,
          serve: (scope) =>
            serveScopePage(c, services, `${key}:${scopeKey(scope)}`, scope, (now, origin) =>
              render(archive, scope, now, origin),
            ),
          missing: kind.noSuchPage,
        }),
      );
    }
  }

  app.get("/articles/:slug", async (c) => {
    const slug = c.req.param("slug");
    const ordinal = await archive.articleOrdinal(slug, c.get("now"));
    if (ordinal === undefined) {
      return notFound(c, notFoundPage(archive, c.get("origin"), "There is no such article."));
    }
    // The record is read once per render, for both the page and its date.
    let article: Promise<StoredArticle | undefined> | undefined;
    const record = async () => {
      article ??= archive.article(ordinal);
      const found = await article;
      if (!found) throw new Error(`article ${slug} is in the index but not in its pack`);
      return found;
    };
    return servePage(
      c,
      services,
      `article:${slug}`,
      "1",
      async () => (await record()).updated,
      async () => articlePage(archive, await record(), c.get("origin")),
    );
  });

  const assets: [string, string, string][] = [
    [STYLESHEET_PATH, STYLESHEET, "text/css; charset=utf-8"],
    [SCRIPT_PATH, SCRIPT, "text/javascript; charset=utf-8"],
  ];
  for (const [path, body, type] of assets) {
    app.get(path, async (c) => {
      // Assets change only with a deploy: date them at the site's fixed day, like an empty feed.
      const representation = await services.cache.get(`asset:${path}`, "1", () =>
        createRepresentation(body, type, archive.lastChange([])),
      );
      return serveDocument(c, services, representation, { ...PAGE_HEADERS, "Cache-Control": ASSET_CACHE_CONTROL });
    });
  }
}
