/**
 * One feed model for all three formats: what a scope's subscription document says,
 * with every URL absolute and every body completed for the public origin. The
 * serializers only translate this model; they decide nothing.
 */
import { feedId } from "../model/ids";
import { scopeDescription, scopeKey, scopeTitle } from "../model/scope";
import type {
  StoredArticle,
  ArticleAuthor,
  Attachment,
  FeedFormat,
  FeedScope,
  Person,
  SiteConfig,
} from "../model/types";
import { FEED_FORMATS } from "../model/formats";
import { absoluteUrl, archivePath, articlePath, authorPath, feedPath, scopePagePath, tagPath } from "../model/urls";
import type { Archive, ScopeView } from "../query/archive";
import { escapeAttribute, escapeText } from "../text/escape";
import { leadImageHtml } from "./body";
import type { ArticleBody } from "../model/pieces";

/** Minutes a reader may keep a complete archive page, which never changes: a day, as its Cache-Control says. */
export const ARCHIVE_TTL_MINUTES = 1440;

export interface FeedCategory {
  slug: string;
  name: string;
  url: string;
}

/** An item's author: the name, a URL for them (their own site, else their page here) and their picture. */
export interface FeedPerson extends Person {
  avatar?: string;
}

/** The item's picture, absolute; `type` when its name tells it, `length` when the site serves the file. */
export interface FeedImage {
  url: string;
  type?: string;
  length?: number;
}

/** A file as an enclosure: always with its real length and type. */
export type FeedEnclosure = Pick<Attachment, "url" | "type" | "length" | "title">;

/**
 * Where an item's body goes in a serialized document; the route puts the body's pieces
 * there (feeds/document.ts). Escaped text never holds a raw "<", and JSON.stringify
 * never writes a raw U+0001, so no content can make the slot.
 */
export const BODY_SLOT = "<\u0001/>";

/** An item's full text: HTML before the article's body (its lead image), the body itself, and HTML after it. */
export interface FeedContent {
  before: string;
  body: ArticleBody;
  after: string;
}

export interface FeedItem {
  /** Atom's id: always an IRI. */
  id: string;
  /** RSS guid and JSON Feed id, which may be any string: an older site's id kept exactly, else `id`. */
  guid: string;
  url: string;
  title: string;
  summary: string;
  /** The full text; absent when site.yaml's `feed_content: summary` sends readers to the page. */
  content?: FeedContent;
  published: number;
  updated: number;
  authors: FeedPerson[];
  categories: FeedCategory[];
  image?: FeedImage;
  /** Files that go with the item, URLs absolute. */
  attachments: Attachment[];
  /** The item's enclosures (RSS allows only the first): its attachments, else its picture when its length is known. */
  enclosures: FeedEnclosure[];
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
  /** The feed's authors: the site's, or the author an author feed is about. */
  authors: FeedPerson[];
  copyright: string;
  /** The site's square icon (Atom `icon`, JSON `icon` and `favicon`), absolute. */
  icon?: string;
  /** The site's wide logo (Atom `logo`; with the icon, the RSS `image`), absolute. */
  logo?: string;
  /** WebSub hub to advertise; subscription documents only (archive pages never change). */
  hub?: string;
  /** Minutes a reader may wait between polls; matches Cache-Control max-age (query/cadence.ts). */
  ttlMinutes: number;
  items: FeedItem[];
}

function sourceNote(article: StoredArticle): string {
  if (!article.source) return "";
  const name = escapeText(article.source.name);
  const linked = article.source.url ? `<a href="${escapeAttribute(article.source.url)}">${name}</a>` : name;
  return `\n<p><em>First published by ${linked}.</em></p>`;
}

/** The bodies of a document's items, in the order the serializers leave their slots (see `BODY_SLOT`). */
export function itemBodies(model: FeedModel): ArticleBody[] {
  return model.items.flatMap((item) => (item.content ? [item.content.body] : []));
}

/**
 * The enclosures readers (FreshRSS and other SimplePie readers first of all) take an
 * item's file or picture from: its attachments; else its picture, when the site serves
 * the file and so knows its length. A picture elsewhere has no known length, and a
 * made-up one would mislead a reader that sizes its download by it, so it is no
 * enclosure; it still reaches readers as media:content, media:thumbnail, the lead
 * image of the content and JSON Feed's `image`.
 */
function enclosuresOf(attachments: Attachment[], image: FeedImage | undefined): FeedEnclosure[] {
  if (attachments.length > 0) return attachments.map(({ duration: _, ...file }) => file);
  if (image?.type && image.length !== undefined) return [{ url: image.url, type: image.type, length: image.length }];
  return [];
}

/** An author as feeds name them: their own URL, else their page here, and their picture. */
function feedPerson(archive: Archive, author: ArticleAuthor, origin: string): FeedPerson {
  const avatar = archive.author(author.slug)?.avatar;
  const person: FeedPerson = { name: author.name, url: author.url ?? absoluteUrl(origin, authorPath(author.slug)) };
  if (avatar) person.avatar = absoluteUrl(origin, avatar);
  return person;
}

export function toFeedItem(archive: Archive, article: StoredArticle, origin: string): FeedItem {
  const attachments = (article.attachments ?? []).map((attachment) => ({
    ...attachment,
    url: absoluteUrl(origin, attachment.url),
  }));
  let image: FeedImage | undefined;
  if (article.image) {
    image = { url: absoluteUrl(origin, article.image) };
    if (article.imageType) image.type = article.imageType;
    if (article.imageLength !== undefined) image.length = article.imageLength;
  }
  const item: FeedItem = {
    id: article.id,
    guid: article.guid ?? article.id,
    url: absoluteUrl(origin, articlePath(article.slug)),
    title: article.title,
    summary: article.summary,
    published: article.published,
    updated: article.updated,
    authors: article.authors.map((author) => feedPerson(archive, author, origin)),
    categories: article.tags.flatMap((slug) => {
      const tag = archive.tag(slug);
      return tag ? [{ slug, name: tag.name, url: absoluteUrl(origin, tagPath(slug)) }] : [];
    }),
    attachments,
    enclosures: enclosuresOf(attachments, image),
    lang: article.lang,
  };
  if (archive.site.feedContent === "full") {
    item.content = { before: leadImageHtml(article, origin), body: article.body, after: sourceNote(article) };
  }
  if (image) item.image = image;
  return item;
}

/**
 * The WebSub hub a scope's subscription documents advertise. `npm run ping` tells the
 * hub when the site's, a tag's or an author's feeds change; it cannot know which of
 * the unbounded tag combinations anyone follows, so those advertise none, and their
 * readers poll.
 */
export function advertisedHub(site: SiteConfig, scope: FeedScope): string | undefined {
  return scope.kind === "combination" ? undefined : site.hub;
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
  ttlMinutes = ARCHIVE_TTL_MINUTES,
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
    id: feedId(site.domain, site.established, scopeKey(scope)),
    title: scopeTitle(site, scope),
    description: scopeDescription(site, scope),
    language: site.language,
    homeUrl: absoluteUrl(origin, scopePagePath(scope)),
    feedUrls: urls(page),
    paging,
    tagIndexUrl: absoluteUrl(origin, "/tags"),
    updated: archive.lastChange(articles),
    authors: scope.kind === "author" ? [feedPerson(archive, scope.author, origin)] : site.authors,
    copyright: site.copyright,
    ttlMinutes,
    items,
  };
  if (site.icon) model.icon = absoluteUrl(origin, site.icon);
  if (site.logo) model.logo = absoluteUrl(origin, site.logo);
  const hub = advertisedHub(site, scope);
  if (hub && page === undefined) model.hub = hub;
  return model;
}
