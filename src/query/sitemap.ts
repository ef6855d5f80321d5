/**
 * What the sitemap lists, from the index alone (no record is read): every visible
 * article page, then the home page, the tag index and every public tag's page, the
 * author index and every public author's page, each with when it last changed. Up
 * to 50,000 URLs (the sitemaps.org limit) that is one sitemap; beyond, numbered parts of 50,000 under a sitemap index. The list runs from
 * the oldest article to the newest and then the other pages, and a newly visible
 * article is always the newest, so a part whose 50,000 entries are all articles is
 * complete and never changes again.
 */
import type { NamedScope } from "../model/types";
import { articlePath, scopePagePath, sitemapPartPath } from "../model/urls";
import type { Archive } from "./archive";

/** The most URLs one sitemap may list (sitemaps.org). */
export const SITEMAP_LIMIT = 50_000;

export interface SitemapEntry {
  path: string;
  /** Epoch milliseconds: the page's own Last-Modified. */
  lastModified: number;
}

/** The sitemap at one instant. */
export interface SitemapLayout {
  /** Visible articles: the first entries, oldest first. */
  articles: number;
  /** Every other page, after the articles. */
  pages: SitemapEntry[];
  /** Numbered parts under a sitemap index; 0 when everything fits `/sitemap.xml` itself. */
  parts: number;
  /** Entries [from, to) of the whole list. */
  entries(from: number, to: number): SitemapEntry[];
  /** The newest change among entries [from, to), without making them: what a sitemap index dates a part by. */
  newestChange(from: number, to: number): number;
  /** True when part `part` holds only articles, and so never changes. */
  complete(part: number): boolean;
}

/**
 * The sitemap of `archive` at `now`; `listed` is how many articles a scope's page
 * shows, whose newest change is that page's Last-Modified.
 */
export function sitemapLayout(archive: Archive, now: number, listed: number): SitemapLayout {
  const { index } = archive;
  const total = index.published.length;
  const articles = total - archive.firstVisible(now);
  const pageChange = (ordinals: number[]) => archive.lastChangeAt(ordinals);
  const site = archive.view({ kind: "site" }, now);
  const siteChange = pageChange(site.newestOrdinals(listed));
  const scopePage = (scope: NamedScope): SitemapEntry => ({
    path: scopePagePath(scope),
    lastModified: pageChange(archive.view(scope, now).newestOrdinals(listed)),
  });
  const pages: SitemapEntry[] = [
    { path: "/", lastModified: siteChange },
    { path: "/tags", lastModified: siteChange },
    ...archive.publicTags(now).map(({ tag }) => scopePage({ kind: "tag", tag })),
    { path: "/authors", lastModified: siteChange },
    // Each public author's page, dated like a tag's by the newest change among the articles it lists.
    ...archive.publicAuthors(now).map(({ author }) => scopePage({ kind: "author", author })),
  ];
  const size = articles + pages.length;
  return {
    articles,
    pages,
    parts: size > SITEMAP_LIMIT ? Math.ceil(size / SITEMAP_LIMIT) : 0,
    entries(from, to) {
      const entries: SitemapEntry[] = [];
      const { slugs, updated } = index;
      // The article at oldest-first position p has ordinal total - 1 - p.
      for (let position = from; position < Math.min(to, articles); position++) {
        const ordinal = total - 1 - position;
        entries.push({ path: articlePath(slugs[ordinal] ?? ""), lastModified: updated[ordinal] ?? 0 });
      }
      return entries.concat(pages.slice(Math.max(0, from - articles), Math.max(0, to - articles)));
    },
    newestChange(from, to) {
      let newest = -Infinity;
      const { updated } = index;
      for (let position = from; position < Math.min(to, articles); position++) {
        newest = Math.max(newest, updated[total - 1 - position] ?? -Infinity);
      }
      for (const page of pages.slice(Math.max(0, from - articles), Math.max(0, to - articles))) {
        newest = Math.max(newest, page.lastModified);
      }
      return newest;
    },
    complete: (part) => part * SITEMAP_LIMIT <= articles,
  };
}

/** The entries of part `part` (1-based) of a split sitemap. */
export function sitemapPart(layout: SitemapLayout, part: number): SitemapEntry[] {
  return layout.entries((part - 1) * SITEMAP_LIMIT, part * SITEMAP_LIMIT);
}

/** Each part of a split sitemap as a sitemap index lists it, dated by the newest change among its pages. */
export function sitemapParts(layout: SitemapLayout): SitemapEntry[] {
  return Array.from({ length: layout.parts }, (_, i) => ({
    path: sitemapPartPath(i + 1),
    lastModified: layout.newestChange(i * SITEMAP_LIMIT, (i + 1) * SITEMAP_LIMIT),
  }));
}
