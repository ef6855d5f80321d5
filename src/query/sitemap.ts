/**
 * What the sitemap lists: every visible article page, then the home page, the tag
 * index and every public tag's page, the author index and every public author's page,
 * each with when it last changed. Up to SITEMAP_PART URLs that is one sitemap; beyond,
 * numbered parts of SITEMAP_PART under a sitemap index. The list runs from the oldest
 * article to the newest and then the other pages, and a newly visible article is always
 * the newest, so a part whose entries are all articles is complete and never changes.
 *
 * Nothing here walks every article: the articles of a part come from its list in
 * storage (model/tables.ts, one read), when each part last changed was summed up by
 * the build, and the pages' dates come from the tags' and authors' summaries.
 */
import type { AuthorScope, TagScope } from "../model/types";
import { SITEMAP_PART } from "../model/tables";
import { scopePagePath, sitemapPartPath } from "../model/urls";
import type { Archive } from "./archive";

export interface SitemapEntry {
  path: string;
  /** Epoch milliseconds: the page's own Last-Modified. */
  lastModified: number;
}

/** One sitemap document's entries: its articles (a prefix of one list in storage), then other pages. */
export interface SitemapPart {
  /** Which list holds its articles (model/tables.ts; the part's own number), and how many of them it shows. */
  articles: { list: number; count: number };
  pages: SitemapEntry[];
  /** The newest change among its entries: the document's Last-Modified. */
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
  /** Part `part` (1-based; 1 when there are no parts). */
  part(part: number): SitemapPart;
  /** Each part as the sitemap index lists it, dated by the newest change among its entries. */
  index(): SitemapEntry[];
  /** True when part `part` holds only articles, and so never changes. */
  complete(part: number): boolean;
}

/** The last layout made for each archive: every sitemap request of an instant asks for the same one. */
const kept = new WeakMap<Archive, { first: number; listed: number; layout: SitemapLayout }>();

/**
 * The sitemap of `archive` at `now`; `listed` is how many articles a scope's page
 * shows, whose newest change is that page's Last-Modified. Everything it says depends
 * on `now` only through which articles are visible, so a layout is made once for each
 * set of visible articles (a part's request would otherwise walk every tag and author).
 */
export function sitemapLayout(archive: Archive, now: number, listed: number): SitemapLayout {
  const first = archive.firstVisible(now);
  const last = kept.get(archive);
  if (last && last.first === first && last.listed === listed) return last.layout;
  const layout = makeLayout(archive, now, listed);
  kept.set(archive, { first, listed, layout });
  return layout;
}

function makeLayout(archive: Archive, now: number, listed: number): SitemapLayout {
  const { index } = archive;
  const total = index.published.length;
  const firstVisible = archive.firstVisible(now);
  const articles = total - firstVisible;
  const site = archive.view({ kind: "site" }, now);
  const siteChange = archive.lastChangeAt(site.newestOrdinals(listed));
  const scopePage = (scope: TagScope | AuthorScope): SitemapEntry => ({
    path: scopePagePath(scope),
    lastModified: archive.pageChange(scope, now, listed),
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
  const parts = size > SITEMAP_PART ? Math.ceil(size / SITEMAP_PART) : 0;
  const pagesOf = (from: number, to: number) => pages.slice(Math.max(0, from - articles), Math.max(0, to - articles));
  /** The newest change among the articles of part `part`: as the build summed it up, unless one appeared since. */
  const articlesChange = (part: number): number => {
    const from = (part - 1) * SITEMAP_PART;
    const to = Math.min(articles, part * SITEMAP_PART);
    const summed = index.sitemapChanges[part - 1];
    const builtVisible = total - index.scheduled;
    if (summed !== undefined && (to <= builtVisible || firstVisible >= index.scheduled)) return summed;
    let newest = summed ?? -Infinity;
    for (let position = Math.max(from, builtVisible); position < to; position++) {
      newest = Math.max(newest, index.updated.at(total - 1 - position) ?? -Infinity);
    }
    return newest;
  };
  return {
    articles,
    pages,
    parts,
    part(part) {
      const from = (part - 1) * SITEMAP_PART;
      const to = parts === 0 ? size : part * SITEMAP_PART;
      const count = Math.max(0, Math.min(to, articles) - from);
      const partPages = pagesOf(from, to);
      let newest = count > 0 ? articlesChange(part) : -Infinity;
      for (const page of partPages) newest = Math.max(newest, page.lastModified);
      return { articles: { list: part, count }, pages: partPages, lastModified: newest };
    },
    index() {
      return Array.from({ length: parts }, (_, i) => ({
        path: sitemapPartPath(i + 1),
        lastModified: this.part(i + 1).lastModified,
      }));
    },
    complete: (part) => part * SITEMAP_PART <= articles,
  };
}
