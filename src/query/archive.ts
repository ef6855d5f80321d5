/**
 * The query layer: which articles are visible at an instant, per scope, without
 * touching the whole archive. Articles are sorted newest first, so the visible ones
 * form a suffix that binary search finds in O(log n); a tag's article indexes are
 * ascending, so its visible part is a suffix too. Visibility only grows with time,
 * which makes "how many are visible" a version number for everything in a scope.
 */
import type { Article, ContentBundle, FeedScope, RetiredTag, Tag } from "../model/types";
import { lookupKey, slugify } from "../text/slug";

/** A scope's visible articles at one instant. */
export interface ScopeView {
  scope: FeedScope;
  /** Number of visible articles in the scope: changes exactly when one becomes visible. */
  count: number;
  /** The newest `limit` visible articles, newest first. */
  newest(limit: number): Article[];
  /** Number of complete archive pages of `size` articles (RFC 5005), numbered from the oldest. */
  archivePages(size: number): number;
  /**
   * Archive page `page` (1 = oldest), newest first, or undefined unless it is complete.
   * Newly visible articles are always the newest, so a complete page never changes.
   */
  archivePage(page: number, size: number): Article[] | undefined;
}

/** Builds a view over a newest-first run of `count` visible articles. */
function scopeView(scope: FeedScope, count: number, slice: (from: number, to: number) => Article[]): ScopeView {
  return {
    scope,
    count,
    newest: (limit) => slice(0, limit),
    archivePages: (size) => Math.floor(count / size),
    archivePage: (page, size) => {
      if (!Number.isInteger(page) || page < 1 || page * size > count) return undefined;
      return slice(count - page * size, count - (page - 1) * size);
    },
  };
}

/**
 * A tag as addressed in a URL: found; another spelling (or a merged tag, `merged`) to
 * redirect to the canonical slug; retired (410 Gone); or unknown.
 */
export type TagLookup =
  | { kind: "found"; tag: Tag }
  | { kind: "redirect"; slug: string; merged: boolean }
  | { kind: "gone"; tag: RetiredTag }
  | { kind: "missing" };

export class Archive {
  private readonly tagsBySlug: Map<string, Tag>;
  private readonly retiredBySlug: Map<string, RetiredTag>;

  constructor(readonly bundle: ContentBundle) {
    this.tagsBySlug = new Map(bundle.tags.map((tag) => [tag.slug, tag]));
    this.retiredBySlug = new Map(bundle.retired.map((tag) => [tag.slug, tag]));
  }

  get site() {
    return this.bundle.site;
  }

  /**
   * A document's Last-Modified: the newest content change among the articles it shows,
   * or the site's fixed `established` day when it shows none, so an empty document
   * never changes either.
   */
  lastChange(articles: Article[]): number {
    if (articles.length > 0) return Math.max(...articles.map((article) => article.updated));
    return Date.parse(`${this.bundle.site.established}T00:00:00Z`);
  }

  /** Index of the first visible article in the site-wide list (articles before it are scheduled). */
  firstVisible(now: number): number {
    const { articles } = this.bundle;
    let low = 0;
    let high = articles.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((articles[mid]?.published ?? 0) > now) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  view(scope: FeedScope, now: number): ScopeView {
    const start = this.firstVisible(now);
    const { articles } = this.bundle;
    if (scope.kind === "site") {
      return scopeView(scope, articles.length - start, (from, to) => articles.slice(start + from, start + to));
    }
    const indexes = scope.tag.articles;
    let low = 0;
    let high = indexes.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((indexes[mid] ?? 0) < start) low = mid + 1;
      else high = mid;
    }
    return scopeView(scope, indexes.length - low, (from, to) =>
      indexes.slice(low + from, low + to).flatMap((index) => {
        const article = articles[index];
        return article ? [article] : [];
      }),
    );
  }

  /** A tag exists publicly when it is declared or at least one of its articles is visible. */
  isPublic(tag: Tag, now: number): boolean {
    return tag.declared || this.view({ kind: "tag", tag }, now).count > 0;
  }

  /** Public tags with their visible counts, in vocabulary order. */
  publicTags(now: number): { tag: Tag; count: number }[] {
    return this.bundle.tags.flatMap((tag) => {
      const count = this.view({ kind: "tag", tag }, now).count;
      return tag.declared || count > 0 ? [{ tag, count }] : [];
    });
  }

  /** Resolves a tag as addressed in a URL: canonical slug, or another spelling to redirect. */
  findTag(spelling: string, now: number): TagLookup {
    const exact = this.tagsBySlug.get(spelling);
    if (exact) return this.isPublic(exact, now) ? { kind: "found", tag: exact } : { kind: "missing" };
    const slug = this.bundle.tagLookup[lookupKey(spelling)] ?? this.bundle.tagLookup[slugify(spelling)];
    if (slug === undefined) return { kind: "missing" };
    const retired = this.retiredBySlug.get(slug);
    if (retired) return { kind: "gone", tag: retired };
    const tag = this.tagsBySlug.get(slug);
    if (!tag || !this.isPublic(tag, now)) return { kind: "missing" };
    return { kind: "redirect", slug: tag.slug, merged: Object.hasOwn(this.bundle.merged, slugify(spelling)) };
  }

  tag(slug: string): Tag | undefined {
    return this.tagsBySlug.get(slug);
  }

  /** A visible article by slug (slugs are few; a Map is built lazily on first use). */
  article(slug: string, now: number): Article | undefined {
    const article = this.articlesBySlug().get(slug);
    return article && article.published <= now ? article : undefined;
  }

  private bySlug?: Map<string, Article>;
  private articlesBySlug(): Map<string, Article> {
    this.bySlug ??= new Map(this.bundle.articles.map((article) => [article.slug, article]));
    return this.bySlug;
  }
}
