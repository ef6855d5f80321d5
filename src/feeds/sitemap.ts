/**
 * Sitemaps (sitemaps.org protocol 0.9): a `urlset` of pages with absolute `loc` and a
 * W3C Datetime `lastmod`, or a `sitemapindex` over numbered sitemaps. Written with
 * the same XML writer as the feeds, so every value is escaped in one place.
 *
 * The articles' entries, by far most of a sitemap, are written by the build: each
 * part's list (model/tables.ts) is the part's entries as they appear in the document,
 * with HOLE where the origin goes, so a request only cuts the list where the visible
 * articles end and puts the origin in.
 */
import { HOLE } from "../model/pieces";
import { SITEMAP_PART } from "../model/tables";
import { absoluteUrl, articlePath } from "../model/urls";
import type { SitemapEntry } from "../query/sitemap";
import { toRfc3339 } from "../text/dates";
import { element, textElement, XML_DECLARATION } from "./xml";

const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
/** What separates one entry from the next in a document (and in a list). */
const BETWEEN = "\n  ";

function entryElement(name: string, entry: SitemapEntry, origin: string): string {
  return element(
    name,
    undefined,
    [textElement("loc", absoluteUrl(origin, entry.path)), textElement("lastmod", toRfc3339(entry.lastModified))],
    "  ",
  );
}

/** `children` (entries already written; several may come as one text) inside `<root>`. */
function document(root: string, children: readonly string[]): string {
  return `${XML_DECLARATION}${element(
    root,
    { xmlns: SITEMAP_NS },
    children.filter((child) => child !== ""),
  )}\n`;
}

/** A urlset of `entries`, after `articles`: the entries of articles as a list gives them, the origin in. */
export function serializeUrlset(entries: readonly SitemapEntry[], origin: string, articles = ""): string {
  return document("urlset", [articles, ...entries.map((entry) => entryElement("url", entry, origin))]);
}

/** A sitemap index: each entry is one sitemap and the newest change among the pages it lists. */
export function serializeSitemapIndex(sitemaps: readonly SitemapEntry[], origin: string): string {
  return document(
    "sitemapindex",
    sitemaps.map((entry) => entryElement("sitemap", entry, origin)),
  );
}

/** An article as a sitemap list holds it. */
export interface SitemapArticle {
  slug: string;
  updated: number;
}

/** The sitemap lists of an archive (newest first, as ordinals run): part (1-based) → its articles' entries, oldest first. */
export function sitemapLists(articles: readonly SitemapArticle[]): Map<number, string> {
  const lists = new Map<number, string>();
  const total = articles.length;
  for (let part = 1; (part - 1) * SITEMAP_PART < total; part++) {
    const entries: string[] = [];
    for (let position = (part - 1) * SITEMAP_PART; position < Math.min(total, part * SITEMAP_PART); position++) {
      const article = articles[total - 1 - position];
      if (article) {
        entries.push(entryElement("url", { path: articlePath(article.slug), lastModified: article.updated }, HOLE));
      }
    }
    lists.set(part, entries.join(BETWEEN));
  }
  return lists;
}

/** The first `count` entries of a list, the origin put in: what a urlset shows of it. */
export function listedArticles(list: string, count: number, origin: string): string {
  let end = 0;
  for (let i = 0; i < count && end >= 0; i++) {
    end = list.indexOf("</url>", end);
    if (end >= 0) end += "</url>".length;
  }
  return (end < 0 ? list : list.slice(0, end)).replaceAll(HOLE, origin);
}
