/**
 * The one table of known fields: every front-matter field an article may carry,
 * with the names other generators (Hugo, Jekyll, Astro, Eleventy, WordPress
 * exporters) give it, the fields of an attachment, and the fields of site.yaml,
 * tags.yaml and authors.yaml. The article reader
 * takes each field's meaning from here, and the checker decides from here whether
 * a field is known, a near miss of a known one (an error: it would silently publish
 * the wrong thing) or simply unknown (a warning). docs/content.md documents it.
 */

export interface Synonym {
  name: string;
  /** The generators that write this name. */
  from: string;
}

export interface FieldSpec {
  /** The name Edgefeed documents. */
  name: string;
  synonyms: readonly Synonym[];
  /** What the field means, as docs/content.md says it. */
  meaning: string;
  /** The field written the right way, shown when it is written wrong. */
  example: string;
}

export const ARTICLE_FIELDS = [
  { name: "title", synonyms: [], meaning: "the headline (required)", example: 'title: "Talks resume in Geneva"' },
  {
    name: "date",
    synonyms: [
      { name: "pubDate", from: "Astro" },
      { name: "pubDatetime", from: "AstroPaper" },
    ],
    meaning:
      "when the article was published (required, unless a Jekyll file name YYYY-MM-DD-slug.md gives the day); a future date schedules it",
    example: "date: 2024-01-02T15:04:05+01:00",
  },
  {
    name: "publishDate",
    synonyms: [{ name: "publishdate", from: "Hugo" }],
    meaning: "Hugo's publication instant: when present it is when the article appears (a future one schedules it)",
    example: "publishDate: 2024-01-02T15:04:05+01:00",
  },
  {
    name: "updated",
    synonyms: [
      { name: "lastmod", from: "Hugo" },
      { name: "last_modified_at", from: "Jekyll" },
      { name: "updatedDate", from: "Astro" },
      { name: "modDatetime", from: "AstroPaper" },
    ],
    meaning: "the last change to the article; it becomes the item's updated date",
    example: "updated: 2024-01-03T09:00:00+01:00",
  },
  {
    name: "summary",
    synonyms: [
      { name: "description", from: "Hugo, Astro, Eleventy" },
      { name: "excerpt", from: "Jekyll" },
    ],
    meaning: "plain-text summary; else the text before <!--more-->; else the first paragraph",
    example: 'summary: "One or two sentences."',
  },
  {
    name: "authors",
    synonyms: [{ name: "author", from: "Hugo, Jekyll, Astro, Eleventy" }],
    meaning:
      "a name, a mapping with name (and url), or a list of them; each name resolves through authors.yaml (by name, slug or alias, in any case) to one author, with a page and feeds at /authors/<slug>",
    example: "authors: [Jane Doe]",
  },
  {
    name: "tags",
    synonyms: [
      { name: "categories", from: "Hugo, Jekyll" },
      { name: "category", from: "Jekyll" },
    ],
    meaning: "a list of tags (Jekyll's space-separated string works too); categories are published as tags",
    example: "tags: [diplomacy, Grain Corridor]",
  },
  {
    name: "source",
    synonyms: [],
    meaning: "where the article first appeared: name and an optional url",
    example: "source: { name: Example Times, url: https://example.com/story }",
  },
  {
    name: "image",
    synonyms: [
      { name: "heroImage", from: "Astro" },
      { name: "cover", from: "Hugo themes (a path, or a mapping with image)" },
      { name: "featured_image", from: "Jekyll and Hugo themes" },
      { name: "images", from: "Hugo (the first one)" },
      { name: "coverImage", from: "WordPress-to-Markdown exporters" },
      { name: "feature_image", from: "Ghost" },
      { name: "ogImage", from: "AstroPaper" },
    ],
    meaning:
      "the article's picture: an https:// URL, a path under content/static/ (/img/a.jpg), or a file of its page bundle; feeds carry it as media:content and media:thumbnail, JSON Feed's image, the lead image of the content, and (without attachments, when the site serves the file) the enclosure",
    example: "image: /img/photo.jpg",
  },
  {
    name: "attachments",
    synonyms: [],
    meaning:
      "files that go with the article (audio, video, documents): each with url, type (MIME), length (bytes; read from the file when the site serves it), and optional title and duration (seconds, or h:mm:ss); the first is the RSS enclosure",
    example: "attachments: [{ url: /audio/briefing.mp3, type: audio/mpeg, length: 2830117, duration: 754 }]",
  },
  {
    name: "aliases",
    synonyms: [{ name: "redirect_from", from: "Jekyll" }],
    meaning: "old paths of the article; each answers 301 to it",
    example: "aliases: [/2019/05/old-path/]",
  },
  {
    name: "slug",
    synonyms: [
      { name: "url", from: "Hugo" },
      { name: "permalink", from: "Jekyll, Eleventy" },
    ],
    meaning:
      "the article's URL name, /articles/<slug> (url and permalink give their last segment, and their path answers 301)",
    example: "slug: talks-resume",
  },
  {
    name: "lang",
    synonyms: [],
    meaning: "BCP 47 language of the article; defaults to the site's",
    example: "lang: en",
  },
  {
    name: "draft",
    synonyms: [{ name: "published", from: "Jekyll (published: false is a draft)" }],
    meaning: "true keeps the article out of everything",
    example: "draft: true",
  },
  {
    name: "id",
    synonyms: [],
    meaning: "pins the item's identity (an id kept from an older site, such as its RSS guid)",
    example: "id: https://old.example/?p=12",
  },
] as const satisfies readonly FieldSpec[];

export type ArticleFieldName = (typeof ARTICLE_FIELDS)[number]["name"];

export const SITE_FIELDS = [
  "title",
  "description",
  "language",
  "domain",
  "established",
  "authors",
  "copyright",
  "feed_size",
  "icon",
  "logo",
  "hub",
  "timezone",
  "feed_content",
] as const;

export const TAG_FIELDS = ["slug", "name", "description", "aliases", "retired", "merged_into"] as const;

export const AUTHOR_FIELDS = ["slug", "name", "url", "bio", "avatar", "aliases"] as const;

/** Each field of site.yaml, tags.yaml and authors.yaml written right: the form a message about it shows. */
export const SITE_FORMS: Readonly<Record<(typeof SITE_FIELDS)[number], string>> = {
  title: "title: Field Notes",
  description: "description: Notes from the field.",
  language: "language: en",
  domain: "domain: news.example.org",
  established: "established: 2026-01-01",
  authors: "authors: [Jane Doe]",
  copyright: 'copyright: "© 2026 Field Notes"',
  feed_size: "feed_size: 20",
  icon: "icon: /icon.png",
  logo: "logo: /logo.png",
  hub: "hub: https://pubsubhubbub.appspot.com/",
  timezone: "timezone: Europe/Berlin",
  feed_content: "feed_content: summary",
};

export const TAG_FORMS: Readonly<Record<(typeof TAG_FIELDS)[number], string>> = {
  slug: "slug: grain-corridor",
  name: "name: Grain Corridor",
  description: "description: The Black Sea grain deal.",
  aliases: "aliases: [grain deal, Black Sea grain]",
  retired: 'retired: "The daily briefing ended in March 2026."',
  merged_into: "merged_into: diplomacy",
};

export const AUTHOR_FORMS: Readonly<Record<(typeof AUTHOR_FIELDS)[number], string>> = {
  slug: "slug: jane-doe",
  name: "name: Jane Doe",
  url: "url: https://jane.example/",
  bio: "bio: Covers the grain corridor.",
  avatar: "avatar: /img/jane.png",
  aliases: "aliases: [J. Doe]",
};

/** The fields of one entry of an article's `attachments`. */
export const ATTACHMENT_FIELDS = ["url", "type", "length", "title", "duration"] as const;

/** The fields inside an article's mappings (`attachments`, `source`, an author) written right. */
export const INNER_FORMS: Readonly<Record<string, string>> = {
  url: "url: https://example.com/story",
  name: "name: Example Times",
  type: "type: audio/mpeg",
  length: "length: 2830117",
  title: "title: The briefing, read aloud",
  duration: "duration: 0:12:34",
};

/** Every name an article field goes by, to the field it means. */
const ARTICLE_NAMES = new Map<string, FieldSpec>(
  ARTICLE_FIELDS.flatMap((spec: FieldSpec) => [
    [spec.name, spec] as const,
    ...spec.synonyms.map((synonym) => [synonym.name, spec] as const),
  ]),
);

/** The article field a front-matter key means, if it is one of the known names. */
export function articleField(key: string): FieldSpec | undefined {
  return ARTICLE_NAMES.get(key);
}

export const ARTICLE_FIELD_NAMES: readonly string[] = [...ARTICLE_NAMES.keys()];

/** Optimal string alignment distance: Levenshtein, with a swap of neighbours counted once. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const above = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/**
 * The known name an unknown key is a slip of: the same name in another case, or one
 * within two edits (one edit when either name has four letters or fewer, so that
 * `math` or `link` is not taken for `date` or `lang`).
 */
export function nearMiss(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameLetters = known.find((name) => name.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const allowed = Math.min(name.length, key.length) <= 4 ? 1 : 2;
    const distance = editDistance(lower, name.toLowerCase());
    if (distance <= allowed && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** The message for a near miss: nothing it was meant to do happens, so it stops the build. */
export function didYouMean(name: string): string {
  return `unknown field: did you mean \`${name}\`?`;
}
