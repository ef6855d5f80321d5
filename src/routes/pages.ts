/** HTML routes: home, tag index, tag pages and article pages, cached like feeds. */
import type { Hono } from "hono";
import { createRepresentation } from "../http/representation";
import { respond } from "../http/respond";
import { tagPath } from "../model/urls";
import { articlePage, homePage, notFoundPage, PAGE_SIZE, tagIndexPage, tagPage } from "../pages/pages";
import { type AppContext, type AppEnv, notFound, PAGE_HEADERS, permanentRedirect, type Services } from "./context";

const HTML = "text/html; charset=utf-8";

async function servePage(
  c: AppContext,
  services: Services,
  key: string,
  version: string,
  lastModified: () => number,
  render: () => string,
): Promise<Response> {
  const representation = await services.cache.get(`${key}:${c.get("origin")}`, version, () =>
    createRepresentation(render(), HTML, lastModified()),
  );
  return respond(c.req.raw, representation, PAGE_HEADERS);
}

export function registerPageRoutes(app: Hono<AppEnv>, services: Services): void {
  const { archive } = services;

  const siteScoped = (key: string, render: (now: number, origin: string) => string) => (c: AppContext) => {
    const now = c.get("now");
    const site = archive.view({ kind: "site" }, now);
    return servePage(
      c,
      services,
      key,
      String(site.count),
      () => archive.lastChange(site.newest(PAGE_SIZE)),
      () => render(now, c.get("origin")),
    );
  };

  app.get(
    "/",
    siteScoped("home", (now, origin) => homePage(archive, now, origin)),
  );
  app.get(
    "/tags",
    siteScoped("tags", (now, origin) => tagIndexPage(archive, now, origin)),
  );

  app.get("/tags/:tag", (c) => {
    const now = c.get("now");
    const found = archive.findTag(c.req.param("tag"), now);
    if (found.kind === "missing") {
      return notFound(
        c,
        notFoundPage(archive, c.get("origin"), "There is no such tag. The tag index lists every tag."),
      );
    }
    if (found.kind === "redirect") return permanentRedirect(c, tagPath(found.slug));
    const { tag } = found;
    const view = archive.view({ kind: "tag", tag }, now);
    return servePage(
      c,
      services,
      `tag:${tag.slug}`,
      String(view.count),
      () => archive.lastChange(view.newest(PAGE_SIZE)),
      () => tagPage(archive, tag, now, c.get("origin")),
    );
  });

  app.get("/articles/:slug", (c) => {
    const article = archive.article(c.req.param("slug"), c.get("now"));
    if (!article) {
      return notFound(c, notFoundPage(archive, c.get("origin"), "There is no such article."));
    }
    return servePage(
      c,
      services,
      `article:${article.slug}`,
      "1",
      () => article.updated,
      () => articlePage(archive, article, c.get("origin")),
    );
  });
}
