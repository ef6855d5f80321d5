/**
 * One feed model for all three formats: what a scope's subscription document says,
 * with every URL absolute and every body completed for the public origin. The
 * serializers only translate this model; they decide nothing.
 */
import { feedId } from "../model/ids";
import type { Article, FeedFormat, Person } from "../model/types";
import { FEED_FORMATS } from "../model/formats";
import { absoluteUrl, archivePath, articlePath, feedPath, fillTemplate, scopePagePath, tagPath } from "../model/urls";
import type { Archive, ScopeView } from "../query/archive";
import { escapeAttribute, escapeText } from "../text/escape";

/** Minutes a reader may wait between polls; matches Cache-Control max-age. */
export const FEED_TTL_MINUTES = 15;

export interface FeedCategory {
  slug: string;
  name: string;
  url: string;
}

export interface FeedItem {
  id: string;
  url: string;
  title: string;
  summary: string;
  contentHtml: string;
  published: number;
  updated: number;
  authors: Person[];
  categories: FeedCategory[];
  image?: string;
  lang: string;
}

export type FeedUrls = Record<FeedFormat, string>;

/** RFC 5005 archived-feed links. */
export interface FeedPaging {
  /** Archive page number (1 = oldest); undefined for the subscription document. */
  page?: number;
  /** The subscription documents (`current`). */
  current: FeedUrls;
  /** The next older archive page. */
  prevArchive?: FeedUrls;
  /** The next newer archive page; for the newest archive, the subscription document. */
  nextArchive?: FeedUrls;
}

export interface FeedModel {
  id: string;
  title: string;
  description: string;
  language: string;
  homeUrl: string;
  /** Absolute URL of each format of this document; the self link of each. */
  feedUrls: FeedUrls;
  paging: FeedPaging;
  tagIndexUrl: string;
  /** Newest content change among the items; the document's Last-Modified. */
  updated: number;
  authors: Person[];
  copyright: string;
  icon?: string;
  /** Wide logo: Atom's `logo` (RSS's `image` and JSON Feed's `icon` are the square icon). */
  logo?: string;
  /** WebSub hub to advertise; subscription documents only (archive pages never change). */
  hub?: string;
  ttlMinutes: number;
  items: FeedItem[];
}

function sourceNote(article: Article): string {
  if (!article.source) return "";
  const name = escapeText(article.source.name);
  const linked = article.source.url ? `<a href="${escapeAttribute(article.source.url)}">${name}</a>` : name;
  return `\n<p><em>First published by ${linked}.</em></p>`;
}

export function toFeedItem(archive: Archive, article: Article, origin: string): FeedItem {
  const item: FeedItem = {
    id: article.id,
    url: absoluteUrl(origin, articlePath(article.slug)),
    title: article.title,
    summary: article.summary,
    contentHtml: fillTemplate(article.content, origin) + sourceNote(article),
    published: article.published,
    updated: article.updated,
    authors: article.authors,
    categories: article.tags.flatMap((slug) => {
      const tag = archive.tag(slug);
      return tag ? [{ slug, name: tag.name, url: absoluteUrl(origin, tagPath(slug)) }] : [];
    }),
    lang: article.lang,
  };
  if (article.image) item.image = absoluteUrl(origin, article.image);
  return item;
}

/** RFC 5005 links of a document in one format, as [rel, href] pairs, in a stable order. */
export function pagingLinks(paging: FeedPaging, format: FeedFormat): [string, string][] {
  const links: [string, string][] = [];
  if (paging.page !== undefined) links.push(["current", paging.current[format]]);
  if (paging.prevArchive) links.push(["prev-archive", paging.prevArchive[format]]);
  if (paging.nextArchive) links.push(["next-archive", paging.nextArchive[format]]);
  return links;
}

/**
 * The model of a scope's subscription document (`page` undefined: the newest
 * `feed_size` items) or of one of its complete archive pages.
 */
export async function buildFeedModel(
  archive: Archive,
  view: ScopeView,
  origin: string,
  page?: number,
): Promise<FeedModel> {
  const { site } = archive;
  const { scope } = view;
  const size = site.feedSize;
  const articles = page === undefined ? await view.newest(size) : ((await view.archivePage(page, size)) ?? []);
  const items = articles.map((article) => toFeedItem(archive, article, origin));
  const urls = (archivePage?: number): FeedUrls =>
    Object.fromEntries(
      FEED_FORMATS.map((format) => [
        format,
        absoluteUrl(
          origin,
          archivePage === undefined ? feedPath(scope, format) : archivePath(scope, archivePage, format),
        ),
      ]),
    ) as FeedUrls;
  const pages = view.archivePages(size);
  const paging: FeedPaging = { current: urls() };
  if (page === undefined) {
    // Older items exist only when the scope holds more than one document's worth.
    if (view.count > size && pages > 0) paging.prevArchive = urls(pages);
  } else {
    paging.page = page;
    if (page > 1) paging.prevArchive = urls(page - 1);
    // The newest archive is followed by the subscription document itself, so every
    // archive can be walked both ways (and a lone archive still links somewhere).
    paging.nextArchive = page < pages ? urls(page + 1) : paging.current;
  }
  const model: FeedModel = {
    id: feedId(site.domain, site.established, scope.kind === "site" ? "site" : `tags/${scope.tag.slug}`),
    title: scope.kind === "site" ? site.title : `${site.title}: ${scope.tag.name}`,
    description:
      scope.kind === "site"
        ? site.description
        : (scope.tag.description ?? `Articles about ${scope.tag.name} from ${site.title}.`),
    language: site.language,
    homeUrl: absoluteUrl(origin, scopePagePath(scope)),
    feedUrls: urls(page),
    paging,
    tagIndexUrl: absoluteUrl(origin, "/tags"),
    updated: archive.lastChange(articles),
    authors: site.authors,
    copyright: site.copyright,
    ttlMinutes: FEED_TTL_MINUTES,
    items,
  };
  if (site.icon) model.icon = absoluteUrl(origin, site.icon);
  if (site.logo) model.logo = absoluteUrl(origin, site.logo);
  if (site.hub && page === undefined) model.hub = site.hub;
  return model;
}
