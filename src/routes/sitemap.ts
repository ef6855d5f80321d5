/**
 * The sitemap (`/sitemap.xml`, and past 50,000 URLs the numbered `/sitemaps/<n>.xml`
 * under it) and robots.txt, which names it. Sitemap documents are rendered once per
 * set of visible articles and served through the document cache and conditional GET
 * like every other document; a complete part never changes, so it is cached for long.
 */
import type { Hono } from "hono";
import { serializeSitemapIndex, serializeUrlset } from "../feeds/sitemap";
import { createRepresentation } from "../http/representation";
import { absoluteUrl, SITEMAP_PATH } from "../model/urls";
import { notFoundPage, PAGE_SIZE } from "../pages/pages";
import { type SitemapEntry, sitemapLayout } from "../query/sitemap";
import {
  type AppContext,
  type AppEnv,
  ARCHIVE_CACHE_CONTROL,
  FEED_CACHE_CONTROL,
  notFound,
  PAGE_HEADERS,
  serveDocument,
  type Services,
} from "./context";

const XML = "application/xml; charset=utf-8";
const PART_FILE = /^([1-9][0-9]{0,8})\.xml$/;

/** Renders (or finds) one sitemap document and answers with it. */
async function serveSitemap(
  c: AppContext,
  services: Services,
  key: string,
  version: string,
  cacheControl: string,
  render: () => Promise<{ text: string; entries: readonly SitemapEntry[] }>,
): Promise<Response> {
  const { archive } = services;
  const origin = c.get("origin");
  const representation = await services.cache.get(`${key}:${origin}`, version, async () => {
    const { text, entries } = await render();
    const newest = entries.reduce((latest, entry) => Math.max(latest, entry.lastModified), -Infinity);
    return createRepresentation(text, XML, Number.isFinite(newest) ? newest : archive.lastChange([]));
  });
  return serveDocument(c, services, representation, {
    "Cache-Control": cacheControl,
    "X-Content-Type-Options": "nosniff",
  });
}

export function registerSitemapRoutes(app: Hono<AppEnv>, services: Services): void {
  const { archive } = services;
  // Visibility only grows, so the number of visible articles versions everything the sitemap says.
  const version = (now: number) => String(archive.view({ kind: "site" }, now).count);

  app.get(SITEMAP_PATH, (c) => {
    const now = c.get("now");
    return serveSitemap(c, services, "sitemap", version(now), FEED_CACHE_CONTROL, async () => {
      const layout = sitemapLayout(archive, now, PAGE_SIZE);
      if (layout.parts === 0) {
        const entries = await layout.part(1);
        return { text: serializeUrlset(entries, c.get("origin")), entries };
      }
      const entries = layout.index();
      return { text: serializeSitemapIndex(entries, c.get("origin")), entries };
    });
  });

  app.get("/sitemaps/:file", (c) => {
    const now = c.get("now");
    const layout = sitemapLayout(archive, now, PAGE_SIZE);
    const part = Number(PART_FILE.exec(c.req.param("file"))?.[1] ?? 0);
    if (part < 1 || part > layout.parts) {
      return notFound(c, notFoundPage(archive, c.get("origin"), "There is no such sitemap; /sitemap.xml lists them."));
    }
    const complete = layout.complete(part);
    return serveSitemap(
      c,
      services,
      `sitemap:${part}`,
      complete ? "complete" : version(now),
      complete ? ARCHIVE_CACHE_CONTROL : FEED_CACHE_CONTROL,
      async () => {
        const entries = await layout.part(part);
        return { text: serializeUrlset(entries, c.get("origin")), entries };
      },
    );
  });

  app.get("/robots.txt", async (c) => {
    const origin = c.get("origin");
    // Crawlers and feed fetchers are welcome everywhere; the sitemap tells them where everything is.
    const representation = await services.cache.get(`robots:${origin}`, "1", () =>
      createRepresentation(
        `User-agent: *\nDisallow:\n\nSitemap: ${absoluteUrl(origin, SITEMAP_PATH)}\n`,
        "text/plain; charset=utf-8",
        archive.lastChange([]),
      ),
    );
    // It changes only with a deploy, like a complete archive page.
    return serveDocument(c, services, representation, { ...PAGE_HEADERS, "Cache-Control": ARCHIVE_CACHE_CONTROL });
  });
}
