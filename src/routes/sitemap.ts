/**
 * The sitemap (`/sitemap.xml`, and past 50,000 URLs the numbered `/sitemaps/<n>.xml`
 * under it) and robots.txt, which names it. Sitemap documents are rendered once per
 * set of visible articles and served through the document cache and conditional GET
 * like every other document; a complete part never changes, so it is cached for long.
 */
import type { Hono } from "hono";
import { listedArticles, serializeSitemapIndex, serializeUrlset } from "../feeds/sitemap";
import { GzipStitcher, type Stitched, stitchDocument } from "../http/gzip";
import { createRepresentation, stitchedRepresentation } from "../http/representation";
import { absoluteUrl, SITEMAP_PATH } from "../model/urls";
import { notFoundPage, PAGE_SIZE } from "../pages/pages";
import { sitemapListPath } from "../model/tables";
import { decodeTemplate } from "../model/templates";
import { LIST_SLOT } from "../pages/lists";
import type { Archive } from "../query/archive";
import { type SitemapPart, sitemapLayout } from "../query/sitemap";
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

/**
 * Renders (or finds) one sitemap document and answers with it. Sitemaps name an
 * absolute URL every hundred bytes, so nothing of them is deflated ahead; they are
 * gzip of stored blocks (model/pieces.ts), which costs a request no compression.
 */
async function serveSitemap(
  c: AppContext,
  services: Services,
  key: string,
  version: string,
  cacheControl: string,
  render: () => Promise<{ document: Stitched; lastModified: number }>,
): Promise<Response> {
  const { archive } = services;
  const origin = c.get("origin");
  const representation = await services.cache.get(`${key}:${origin}`, version, async () => {
    const { document, lastModified } = await render();
    const dated = Number.isFinite(lastModified) ? lastModified : archive.lastChange([]);
    return stitchedRepresentation(document, XML, dated);
  });
  return serveDocument(c, services, representation, {
    "Cache-Control": cacheControl,
    "X-Content-Type-Options": "nosniff",
  });
}

/**
 * A urlset: the visible articles of its list (one read), then its other pages. A list
 * whose articles are all visible goes in as the template it is (model/templates.ts);
 * one cut short by articles still scheduled, as its text cut where they start.
 */
async function urlset(archive: Archive, part: SitemapPart, origin: string): Promise<Stitched> {
  const { list, count } = part.articles;
  const template = count === 0 ? undefined : await archive.records.file(sitemapListPath(list), decodeTemplate);
  if (!template || count === template.holes) {
    const text = serializeUrlset(part.pages, origin, template ? LIST_SLOT : "");
    return stitchDocument(text, LIST_SLOT, template ? [[template]] : [], origin);
  }
  const articles = listedArticles(decoder.decode(template.text), count, origin);
  return new GzipStitcher().text(serializeUrlset(part.pages, origin, articles)).finish();
}

const decoder = new TextDecoder();

export function registerSitemapRoutes(app: Hono<AppEnv>, services: Services): void {
  const { archive } = services;
  // Visibility only grows, so the number of visible articles versions everything the sitemap says.
  const version = (now: number) => String(archive.view({ kind: "site" }, now).count);

  app.get(SITEMAP_PATH, (c) => {
    const now = c.get("now");
    return serveSitemap(c, services, "sitemap", version(now), FEED_CACHE_CONTROL, async () => {
      const layout = sitemapLayout(archive, now, PAGE_SIZE);
      const origin = c.get("origin");
      if (layout.parts === 0) {
        const part = layout.part(1);
        return { document: await urlset(archive, part, origin), lastModified: part.lastModified };
      }
      const entries = layout.index();
      const newest = entries.reduce((latest, entry) => Math.max(latest, entry.lastModified), -Infinity);
      return {
        document: new GzipStitcher().text(serializeSitemapIndex(entries, origin)).finish(),
        lastModified: newest,
      };
    });
  });

  app.get("/sitemaps/:file", (c) => {
    const now = c.get("now");
    const layout = sitemapLayout(archive, now, PAGE_SIZE);
    const number = Number(PART_FILE.exec(c.req.param("file"))?.[1] ?? 0);
    if (number < 1 || number > layout.parts) {
      return notFound(c, notFoundPage(archive, c.get("origin"), "There is no such sitemap; /sitemap.xml lists them."));
    }
    const complete = layout.complete(number);
    return serveSitemap(
      c,
      services,
      `sitemap:${number}`,
      complete ? "complete" : version(now),
      complete ? ARCHIVE_CACHE_CONTROL : FEED_CACHE_CONTROL,
      async () => {
        const part = layout.part(number);
        return { document: await urlset(archive, part, c.get("origin")), lastModified: part.lastModified };
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
