/**
 * The domain: what the compiler produces from content/ and what every later stage
 * (query layer, feed model, serializers, pages) reads. The compiler's whole output is
 * a ContentBundle; what the worker carries of it is a ContentIndex (no article text),
 * with the article records stored beside it in packs (see model/packs.ts).
 */
import type { ArticleBody } from "./pieces";

export interface Person {
  name: string;
  url?: string;
}

export interface SiteConfig {
  title: string;
  description: string;
  /** BCP 47 language tag, e.g. `en` or `en-GB`. */
  language: string;
  /** Stable authority used in `tag:` ids; never the serving host. */
  domain: string;
  /** `YYYY-MM-DD` the domain was first used for feed ids (RFC 4151 tagging date). */
  established: string;
  /** The site's authors; the site's title when site.yaml names none. */
  authors: Person[];
  /** Rights statement; empty when site.yaml gives none, and then no rights element is due. */
  copyright: string;
  feedSize: number;
  /** Square icon: an absolute URL, or a root-relative path of a file in content/static/. */
  icon?: string;
  /** Wide logo (Atom `logo`): an absolute URL, or a root-relative path of a file in content/static/. */
  logo?: string;
  hub?: string;
  /** What feed items carry: the full text, or only the summary (readers click through for the rest). */
  feedContent: "full" | "summary";
}

export interface Tag {
  slug: string;
  name: string;
  description?: string;
  /** False for tags that articles use but tags.yaml does not declare. */
  declared: boolean;
  /**
   * Indexes into `ContentBundle.articles` of the articles carrying this tag, in
   * ascending order (which is newest first, because articles are sorted that way).
   */
  articles: number[];
}

/**
 * An author of the site: declared in authors.yaml, or named by an article and not
 * declared (then the name as written, and the url the first article gave).
 */
export interface Author {
  slug: string;
  name: string;
  /** The author's own site. */
  url?: string;
  bio?: string;
  /** A picture of the author: an absolute URL, or a root-relative path of a file in content/static/. */
  avatar?: string;
  declared: boolean;
  /** Indexes into `ContentBundle.articles` of the author's articles, ascending (newest first). */
  articles: number[];
}

/** An article's author, as the build resolved the name it wrote: the author's name, url and page. */
export interface ArticleAuthor extends Person {
  slug: string;
}

/** A file that goes with an article (audio, video, a document): an RSS enclosure, a JSON Feed attachment. */
export interface Attachment {
  /** Absolute URL, or a root-relative path resolved at serve time. */
  url: string;
  /** MIME type, e.g. `audio/mpeg`. */
  type: string;
  /** Size in bytes. */
  length: number;
  title?: string;
  /** Playing time in seconds. */
  duration?: number;
}

/**
 * HTML with root-relative URLs left open: the parts are joined with the public
 * origin at serve time (`parts.join(origin)`), so the bundle never names a host.
 */
export type HtmlTemplate = string[];

export interface Article {
  slug: string;
  /** The item id (Atom's, and the order's tie-break): a `tag:` URI, or a URI pinned by the record's `id`. */
  id: string;
  /** RSS guid and JSON Feed id when they are not `id`: a pinned id that is no URI, kept exactly (see model/ids.ts). */
  guid?: string;
  title: string;
  /** Publication instant, epoch milliseconds; the article is invisible before it. */
  published: number;
  /** Last content change, epoch milliseconds (equals `published` when never updated). */
  updated: number;
  /** Plain-text summary. */
  summary: string;
  content: HtmlTemplate;
  authors: ArticleAuthor[];
  /** Canonical tag slugs. */
  tags: string[];
  source?: Person;
  /** Absolute URL, or a root-relative path resolved at serve time. */
  image?: string;
  /** The picture's media type, when its name tells it (`image/jpeg`). */
  imageType?: string;
  /** The picture's size in bytes, when the site serves the file (a remote picture's is unknown). */
  imageLength?: number;
  /** Files that go with the article; absent when there are none. */
  attachments?: Attachment[];
  lang: string;
  /**
   * Old root-relative paths of the article (Hugo `aliases`, Jekyll `redirect_from`, a
   * former `url`/`permalink`), each to answer 301 to it: no trailing slash, never `/`,
   * unique across the site. Absent when there are none.
   */
  aliases?: string[];
}

/**
 * An article as the worker reads it from a pack: every field but the body, which stays
 * as the pack's bytes in the encodings documents need (see model/pieces.ts).
 */
export interface StoredArticle extends Omit<Article, "content"> {
  body: ArticleBody;
}

/** A tag tags.yaml retired: its URLs answer 410 Gone with the reason. */
export interface RetiredTag {
  slug: string;
  name: string;
  reason: string;
}

export interface ContentBundle {
  site: SiteConfig;
  /** Sorted newest first (published descending, ties by id ascending). Drafts are never here. */
  articles: Article[];
  /** Declared tags in vocabulary order, then undeclared ones by slug. */
  tags: Tag[];
  /** Lower-cased slug, name, alias (and their slug forms) to canonical slug (live or retired). */
  tagLookup: Record<string, string>;
  /** Retired tags: never listed, never in a feed; their URLs answer 410. */
  retired: RetiredTag[];
  /** Slug of a tag merged into another → the survivor's slug (its URLs answer 301). */
  merged: Record<string, string>;
  /** Declared authors in authors.yaml order, then undeclared ones by slug. */
  authors: Author[];
  /** Lower-cased slug, name, alias (and their slug forms) to the author's slug. */
  authorLookup: Record<string, string>;
}

/**
 * What the index keeps about a tag's or an author's articles besides their ordinals,
 * so that lists of every tag or author need no ordinals decoded.
 */
export interface PostingsSummary {
  /** How many articles, scheduled ones included. */
  count: number;
  /** Those of them scheduled when the archive was built (ordinals, ascending): the only ones that can appear yet. */
  scheduled: number[];
  /** When its page last changed as built: the newest change among the newest articles it lists. */
  changed: number;
}

/**
 * What the worker bundles: everything routing and visibility need, and no article
 * text. Per-article arrays are in the site's order (newest first), so an article's
 * position in them is its ordinal; records are read from packs by ordinal, and
 * slugs from the slug tables (model/tables.ts), never from the bundle.
 */
export interface ContentIndex extends Pick<ContentBundle, "site" | "retired" | "merged"> {
  /** Lower-cased slug, name, alias (and their slug forms) to canonical slug (live or retired). */
  tagLookup: ReadonlyMap<string, string>;
  /** Lower-cased slug, name, alias (and their slug forms) to the author's slug. */
  authorLookup: ReadonlyMap<string, string>;
  /** Records per pack; a multiple of `site.feedSize` (see model/packs.ts). */
  packSize: number;
  /** Publication instants, epoch milliseconds, newest first (non-increasing); `at(ordinal)`. */
  published: Instants;
  /** Last content change of each article, epoch milliseconds (decoded on first use, which is rare). */
  readonly updated: Instants;
  /** Articles scheduled when the archive was built: ordinals [0, scheduled) may still appear. */
  scheduled: number;
  /** Buckets of the slug table. */
  slugBuckets: number;
  /** For each sitemap part of articles, the newest change among those visible when the archive was built. */
  sitemapChanges: number[];
  /** `articles` of each tag holds ordinals, ascending (decoded on first use). */
  tags: (Tag & PostingsSummary)[];
  /** `articles` of each author holds ordinals, ascending (decoded on first use). */
  authors: (Author & PostingsSummary)[];
  /** An article's old path (no trailing slash) → its ordinal and slug: answered with a 301 once it is visible. */
  redirects: Record<string, [number, string]>;
}

/** Instants of the articles by ordinal, decoded as they are read (model/index-codec.ts). */
export interface Instants {
  readonly length: number;
  /** The instant at `ordinal`, epoch milliseconds; undefined outside [0, length). */
  at(ordinal: number): number | undefined;
}

/** Articles' instants, newest first, in blocks coded one by one (see model/index-codec.ts). */
export interface EncodedInstants {
  /** Milliseconds per coded step: 1000 when every instant is a whole second (dates rarely say more), else 1. */
  unit: number;
  /** The oldest instant: each block's first is coded as its distance from this, so none is negative. */
  base: number;
  /** Instants per block. */
  block: number;
  /** Each block: its first instant's distance from `base`, then how much earlier each is than the one before, in units. */
  blocks: string[];
}

/**
 * The ContentIndex as the generated module stores it: plain JSON, with the long number
 * lists coded compactly (see model/index-codec.ts).
 */
export interface EncodedIndex extends Omit<
  ContentIndex,
  "published" | "updated" | "tags" | "authors" | "tagLookup" | "authorLookup"
> {
  /** Number of articles. */
  count: number;
  published: EncodedInstants;
  /**
   * The articles updated after publication, sparse: `count` of them, and for each block
   * of `published` their ordinals and how long after publication each was updated
   * (model/index-codec.ts); no blocks when there are none.
   */
  revisions: { count: number; blocks: string[] };
  /** Each tag as `EncodedPostings<Tag>`, in columns. */
  tags: EncodedColumns;
  /** Each author as `EncodedPostings<Author>`, in columns. */
  authors: EncodedColumns;
  /** `key` and `value` columns of ContentBundle's `tagLookup`. */
  tagLookup: EncodedColumns;
  /** `key` and `value` columns of ContentBundle's `authorLookup`. */
  authorLookup: EncodedColumns;
  /** The key to the private storage in the assets (model/storage.ts); absent where nothing is stored. */
  storageKey?: string;
}

/**
 * Records of one shape (tags, authors, a lookup's entries) as columns, each field's
 * values in the records' order: V8 reads 10,000 tags this way several times faster
 * than as 10,000 object literals. A field whose values are all strings is one string
 * of them joined by U+0000 (which the build removes from every text); any other is an
 * array with `null` where a record has no such field.
 */
export interface EncodedColumns {
  count: number;
  joined: Record<string, string>;
  values: Record<string, unknown[]>;
}

/** A tag or an author with its ordinals coded (see model/index-codec.ts) and summed up. */
export type EncodedPostings<T extends { articles: number[] }> = Omit<T, "articles"> &
  PostingsSummary & {
    articles: string;
  };

/**
 * An error in content/ that kept the last build from being replaced. The preview
 * serves the last good build with these in a banner on every page (the generated
 * problems module beside the index holds them); a deploy always has none.
 */
export interface BuildProblem {
  /** Path relative to the content directory, e.g. `articles/hello.md`. */
  file: string;
  /** Dotted field path, e.g. `source.url`; empty when the whole file is concerned. */
  field: string;
  message: string;
  /** 1-based line of the file, when known. */
  line?: number;
}

export type FeedFormat = "rss" | "atom" | "json";

export type TagScope = { kind: "tag"; tag: Tag };

export type AuthorScope = { kind: "author"; author: Author };

/** `all`: articles carrying every listed tag (`/tags/a+b`); `any`: articles carrying at least one (`/tags/a,b`). */
export type CombinationMode = "all" | "any";

/** Two to four tags, in canonical (ascending slug) order. */
export type CombinationScope = { kind: "combination"; mode: CombinationMode; tags: Tag[] };

/**
 * Which articles a feed or page is about: the whole site, one tag, a combination of
 * tags, or one author (see model/scope.ts).
 */
export type FeedScope = { kind: "site" } | TagScope | CombinationScope | AuthorScope;

/** A scope that URLs name after `/tags/` or `/authors/`: all but the site. */
export type NamedScope = Exclude<FeedScope, { kind: "site" }>;

/** An article the preview shows before it is public: a draft, or one scheduled after the build's clock. */
export interface UnpublishedNote {
  slug: string;
  title: string;
  status: "draft" | "scheduled";
  /** Its instant (a scheduled article appears then; a draft's is only its date). */
  published: number;
  /** A scheduled article's instant on the site's clock, `2027-01-05 09:00 Europe/Berlin`; empty for a draft. */
  when: string;
}

/**
 * What only the preview shows: the last build's warnings, and what is not public yet.
 * A deploy has neither; its pages never look at them.
 */
export interface PreviewNotes {
  warnings: readonly BuildProblem[];
  unpublished: readonly UnpublishedNote[];
}

export const NO_PREVIEW_NOTES: PreviewNotes = { warnings: [], unpublished: [] };
