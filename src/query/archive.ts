/**
 * The query layer: which articles are visible at an instant, per scope, answered
 * from the bundled index without touching the whole archive, and their records read
 * from the packs only for the few a document shows. Articles are ordered newest
 * first, so the visible ones form a suffix that binary search finds in O(log n); a
 * tag's or an author's ordinals are ascending, so its visible part is a suffix too. Visibility only
 * grows with time, which makes "how many are visible" a version number for
 * everything in a scope. A tag combination's articles are computed from its tags'
 * postings, and its records read one by one from whichever packs hold them.
 */
import { scopeKey, tagScope } from "../model/scope";
import { NO_PREVIEW_NOTES } from "../model/types";
import type {
  StoredArticle,
  Author,
  BuildProblem,
  PreviewNotes,
  CombinationScope,
  ContentIndex,
  FeedScope,
  PostingsSummary,
  RetiredTag,
  Tag,
} from "../model/types";
import { findSlug, slugBucket, slugBucketPath, tableSafe } from "../model/tables";
import { articlePath } from "../model/urls";
import type { RecordPlace, RecordStore } from "../providers/records";
import { lookupKey, slugify } from "../text/slug";
import { indexOfSorted, intersect, lowerBound, union } from "./postings";

/** A scope's visible articles at one instant. */
export interface ScopeView {
  scope: FeedScope;
  /** Number of visible articles in the scope: changes exactly when one becomes visible. */
  count: number;
  /** The newest `limit` visible articles, newest first. */
  newest(limit: number): Promise<StoredArticle[]>;
  /** Their ordinals, without reading any record. */
  newestOrdinals(limit: number): number[];
  /** Number of complete archive pages of `size` articles (RFC 5005), numbered from the oldest. */
  archivePages(size: number): number;
  /**
   * Archive page `page` (1 = oldest), newest first, or undefined unless it is complete.
   * Newly visible articles are always the newest, so a complete page never changes.
   */
  archivePage(page: number, size: number): Promise<StoredArticle[]> | undefined;
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

/** An author as addressed in a URL: found; another spelling to redirect to the canonical slug; or unknown. */
export type AuthorLookup = { kind: "found"; author: Author } | { kind: "redirect"; slug: string } | { kind: "missing" };

/** A tag's or author's postings as the index holds them: summed up, ordinals decoded when read. */
type Postings = { articles: number[] } & PostingsSummary;

export class Archive {
  private readonly tagsBySlug: Map<string, Tag & PostingsSummary>;
  private readonly retiredBySlug: Map<string, RetiredTag>;
  private readonly authorsBySlug: Map<string, Author & PostingsSummary>;

  constructor(
    readonly index: ContentIndex,
    readonly records: RecordStore,
    /**
     * Errors of newer content that did not build: this archive is then the last good
     * build, and the pages say so. Always empty outside the preview.
     */
    readonly problems: readonly BuildProblem[] = [],
    /** The preview's warnings and unpublished articles; empty in a deploy. */
    readonly preview: PreviewNotes = NO_PREVIEW_NOTES,
  ) {
    this.tagsBySlug = new Map(index.tags.map((tag) => [tag.slug, tag]));
    this.retiredBySlug = new Map(index.retired.map((tag) => [tag.slug, tag]));
    this.authorsBySlug = new Map(index.authors.map((author) => [author.slug, author]));
  }

  get site() {
    return this.index.site;
  }

  /**
   * A document's Last-Modified: the newest content change among the articles it shows,
   * or the site's fixed `established` day when it shows none, so an empty document
   * never changes either.
   */
  lastChange(articles: StoredArticle[]): number {
    return this.newestOf(articles.map((article) => article.updated));
  }

  /** The same for the articles at `ordinals`, from the index alone (no record read). */
  lastChangeAt(ordinals: readonly number[]): number {
    const { updated } = this.index;
    return this.newestOf(ordinals.map((ordinal) => updated.at(ordinal) ?? 0));
  }

  private newestOf(instants: number[]): number {
    if (instants.length > 0) return Math.max(...instants);
    return Date.parse(`${this.index.site.established}T00:00:00Z`);
  }

  /** Ordinal of the first visible article (the ones before it are scheduled). */
  firstVisible(now: number): number {
    // Asked once per tag by a list of every tag: the last answer is kept for its instant.
    if (now !== this.lastVisible.now) {
      const { published, scheduled } = this.index;
      // Every article from `scheduled` on was visible at the build's clock; once the
      // first of them is visible at `now`, only those before it need searching (which
      // decodes one block of instants, not a block per step of a search of them all).
      const settled = scheduled < published.length && (published.at(scheduled) ?? 0) <= now;
      const first = lowerBound(settled ? scheduled : published.length, (i) => (published.at(i) ?? 0) > now);
      this.lastVisible = { now, first };
    }
    return this.lastVisible.first;
  }

  private lastVisible = { now: Number.NaN, first: 0 };

  /**
   * The next instant at which anything becomes visible, after `now` (Infinity when
   * nothing is scheduled): until then every document rendered at `now` stays right.
   */
  nextChange(now: number): number {
    const first = this.firstVisible(now);
    return first > 0 ? (this.index.published.at(first - 1) ?? Infinity) : Infinity;
  }

  view(scope: FeedScope, now: number): ScopeView {
    const start = this.firstVisible(now);
    if (scope.kind === "combination") return this.combinationView(scope, start);
    if (scope.kind === "site") return this.scopeView(scope, this.index.published.length, start, (i) => i);
    const postings = this.postingsOf(scope);
    return this.scopeView(scope, postings.count, this.hiddenOf(postings, start), (i) => postings.articles[i] ?? -1);
  }

  /** The index's own postings of a tag or an author (summed up), whatever object the scope carries. */
  private postingsOf(scope: Exclude<FeedScope, CombinationScope | { kind: "site" }>): Postings {
    const own = scope.kind === "tag" ? this.tagsBySlug.get(scope.tag.slug) : this.authorsBySlug.get(scope.author.slug);
    if (own) return own;
    const { articles } = scope.kind === "tag" ? scope.tag : scope.author;
    return { articles, count: articles.length, scheduled: articles, changed: -Infinity };
  }

  /**
   * How many of `postings` are still scheduled when the first visible ordinal is
   * `firstVisible`: counted among those scheduled when the archive was built, so
   * nothing is decoded; only a clock behind the build's reads every ordinal.
   */
  private hiddenOf(postings: Postings, firstVisible: number): number {
    if (firstVisible === 0) return 0;
    const list = firstVisible <= this.index.scheduled ? postings.scheduled : postings.articles;
    return lowerBound(list.length, (i) => (list[i] ?? 0) < firstVisible);
  }

  /** The ordinals of a tag's or an author's articles still scheduled when the first visible ordinal is `firstVisible` (ascending). */
  scheduledOf(scope: Exclude<FeedScope, CombinationScope | { kind: "site" }>, firstVisible: number): readonly number[] {
    const postings = this.postingsOf(scope);
    const hidden = this.hiddenOf(postings, firstVisible);
    if (hidden === 0) return [];
    const list = firstVisible <= this.index.scheduled ? postings.scheduled : postings.articles;
    return list.slice(0, hidden);
  }

  /**
   * When a tag's or an author's page last changed: as the build summed it up, unless an
   * article scheduled then has appeared since (then from its newest ordinals).
   */
  pageChange(scope: Exclude<FeedScope, CombinationScope | { kind: "site" }>, now: number, listed: number): number {
    const postings = this.postingsOf(scope);
    const hidden = this.hiddenOf(postings, this.firstVisible(now));
    if (hidden === postings.scheduled.length && Number.isFinite(postings.changed)) return postings.changed;
    return this.lastChangeAt(postings.articles.slice(hidden, hidden + listed));
  }

  /**
   * A view over a scope of `total` articles, read from its own packs, whose newest
   * `hidden` are still scheduled; `ordinalAt(i)` is the ordinal of the scope's i-th
   * article, newest first.
   */
  private scopeView(
    scope: Exclude<FeedScope, CombinationScope>,
    total: number,
    hidden: number,
    ordinalAt: (index: number) => number,
  ): ScopeView {
    const count = total - hidden;
    const packScope = scopeKey(scope);
    // Visible articles are the oldest `count`, at oldest-first positions [0, count).
    const read = async (from: number, to: number) => (await this.records.range(packScope, total, from, to)).reverse();
    return {
      scope,
      count,
      newest: (limit) => read(Math.max(0, count - limit), count),
      newestOrdinals: (limit) => Array.from({ length: Math.min(limit, count) }, (_, i) => ordinalAt(hidden + i)),
      archivePages: (size) => Math.floor(count / size),
      archivePage: (page, size) => {
        if (!Number.isInteger(page) || page < 1 || page * size > count) return undefined;
        return read((page - 1) * size, page * size);
      },
    };
  }

  /**
   * A combination's visible articles: the intersection or union of its tags' visible
   * postings, ascending (newest first). Its records are read by ordinal from whichever
   * packs hold them (the site's, or a listed tag's), never from packs of its own.
   */
  private combinationView(scope: CombinationScope, start: number): ScopeView {
    const visible = scope.tags.map((tag) => tag.articles.slice(hiddenIn(tag.articles, start)));
    const ordinals = scope.mode === "all" ? intersect(visible) : union(visible);
    const count = ordinals.length;
    const read = (newestFirst: number[]) =>
      this.records.byOrdinals(newestFirst.map((ordinal) => ({ ordinal, places: this.placesOf(ordinal, scope.tags) })));
    return {
      scope,
      count,
      newest: (limit) => read(ordinals.slice(0, limit)),
      newestOrdinals: (limit) => ordinals.slice(0, limit),
      archivePages: (size) => Math.floor(count / size),
      archivePage: (page, size) => {
        if (!Number.isInteger(page) || page < 1 || page * size > count) return undefined;
        // Oldest-first positions [(page - 1) * size, page * size), newest first.
        return read(ordinals.slice(count - page * size, count - (page - 1) * size));
      },
    };
  }

  /** Every pack position that holds the article at `ordinal`: the site's, and each of `tags` that carries it. */
  private placesOf(ordinal: number, tags: readonly Tag[]): RecordPlace[] {
    const total = this.index.published.length;
    const places: RecordPlace[] = [{ scope: "site", total, position: total - 1 - ordinal }];
    for (const tag of tags) {
      const at = indexOfSorted(tag.articles, ordinal);
      if (at >= 0)
        places.push({
          scope: scopeKey(tagScope(tag.slug)),
          total: tag.articles.length,
          position: tag.articles.length - 1 - at,
        });
    }
    return places;
  }

  /** A tag exists publicly when it is declared or at least one of its articles is visible. */
  isPublic(tag: Tag, now: number): boolean {
    return tag.declared || this.visibleCount({ kind: "tag", tag }, now) > 0;
  }

  /** How many of a tag's or an author's articles are visible at `now`, from the index's summary alone. */
  visibleCount(scope: Exclude<FeedScope, CombinationScope | { kind: "site" }>, now: number): number {
    const postings = this.postingsOf(scope);
    return postings.count - this.hiddenOf(postings, this.firstVisible(now));
  }

  /** Public tags with their visible counts, in vocabulary order. */
  publicTags(now: number, atMost = Infinity): { tag: Tag; count: number }[] {
    const found: { tag: Tag; count: number }[] = [];
    for (const tag of this.index.tags) {
      if (found.length >= atMost) break;
      const count = this.visibleCount({ kind: "tag", tag }, now);
      if (tag.declared || count > 0) found.push({ tag, count });
    }
    return found;
  }

  /** Resolves a tag as addressed in a URL: canonical slug, or another spelling to redirect. */
  findTag(spelling: string, now: number): TagLookup {
    const exact = this.tagsBySlug.get(spelling);
    if (exact) return this.isPublic(exact, now) ? { kind: "found", tag: exact } : { kind: "missing" };
    const slug = this.index.tagLookup.get(lookupKey(spelling)) ?? this.index.tagLookup.get(slugify(spelling));
    if (slug === undefined) return { kind: "missing" };
    const retired = this.retiredBySlug.get(slug);
    if (retired) return { kind: "gone", tag: retired };
    const tag = this.tagsBySlug.get(slug);
    if (!tag || !this.isPublic(tag, now)) return { kind: "missing" };
    return { kind: "redirect", slug: tag.slug, merged: Object.hasOwn(this.index.merged, slugify(spelling)) };
  }

  tag(slug: string): Tag | undefined {
    return this.tagsBySlug.get(slug);
  }

  /**
   * Public authors with their visible counts, in authors.yaml order. An author exists
   * publicly once one of their articles is visible: one whose only articles are
   * scheduled is unknown until the first appears.
   */
  publicAuthors(now: number, atMost = Infinity): { author: Author; count: number }[] {
    const found: { author: Author; count: number }[] = [];
    for (const author of this.index.authors) {
      if (found.length >= atMost) break;
      const count = this.visibleCount({ kind: "author", author }, now);
      if (count > 0) found.push({ author, count });
    }
    return found;
  }

  /** Every scope with public feeds, in the order lists show them: the site, each tag, each author. */
  subscribableScopes(now: number): FeedScope[] {
    return [
      { kind: "site" },
      ...this.publicTags(now).map(({ tag }): FeedScope => ({ kind: "tag", tag })),
      ...this.publicAuthors(now).map(({ author }): FeedScope => ({ kind: "author", author })),
    ];
  }

  /** Resolves an author as addressed in a URL: the canonical slug, or another spelling to redirect. */
  findAuthor(spelling: string, now: number): AuthorLookup {
    const slug = this.authorsBySlug.has(spelling)
      ? spelling
      : (this.index.authorLookup.get(lookupKey(spelling)) ?? this.index.authorLookup.get(slugify(spelling)));
    const author = slug === undefined ? undefined : this.authorsBySlug.get(slug);
    if (!author || this.visibleCount({ kind: "author", author }, now) === 0) return { kind: "missing" };
    return author.slug === spelling ? { kind: "found", author } : { kind: "redirect", slug: author.slug };
  }

  author(slug: string): Author | undefined {
    return this.authorsBySlug.get(slug);
  }

  /** Ordinal of a visible article by slug: one small read of the slug table (model/tables.ts). */
  async articleOrdinal(slug: string, now: number): Promise<number | undefined> {
    if (!tableSafe(slug) || this.index.published.length === 0) return undefined;
    const table = await this.records.text(slugBucketPath(slugBucket(slug, this.index.slugBuckets)));
    const ordinal = findSlug(table, slug);
    return ordinal !== undefined && (this.index.published.at(ordinal) ?? Infinity) <= now ? ordinal : undefined;
  }

  /**
   * The article an old path (Hugo `aliases`, Jekyll `redirect_from`) now lives at, once
   * it is visible. Paths compare decoded and without trailing slashes, as other
   * generators wrote them either way.
   */
  redirect(path: string, now: number): string | undefined {
    let decoded = path;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      // A malformed escape can name no old path.
    }
    const target = this.index.redirects[decoded.replace(/\/+$/, "") || "/"];
    if (!target || (this.index.published.at(target[0]) ?? Infinity) > now) return undefined;
    return articlePath(target[1]);
  }

  /** The record of the article at `ordinal` (one pack read at most). */
  async article(ordinal: number): Promise<StoredArticle | undefined> {
    const total = this.index.published.length;
    const position = total - 1 - ordinal;
    return (await this.records.range("site", total, position, position + 1))[0];
  }
}

/** How many of an ascending list of ordinals are still scheduled: those before the first visible ordinal. */
function hiddenIn(ordinals: readonly number[], firstVisible: number): number {
  // With nothing scheduled (the usual case) no ordinal is hidden.
  return firstVisible === 0 ? 0 : lowerBound(ordinals.length, (i) => (ordinals[i] ?? 0) < firstVisible);
}
