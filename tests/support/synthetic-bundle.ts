/**
 * A compiled archive of any size, made in memory without the compiler: for tests of
 * the storage layout and read budget at sizes no fixture directory should hold, and
 * for `npm run bench`. Articles appear one an hour, newest first; each carries three
 * of `tags` tags, spread so that every tag's articles run through the whole archive,
 * and is written by one of `authors` authors in turn (the site's desk when there are none).
 */
import { itemIds } from "../../src/model/ids";
import type { Article, Author, ContentBundle, Tag } from "../../src/model/types";

export interface SyntheticOptions {
  articles: number;
  tags: number;
  /** Authors who write in turn; none: every article is the desk's, an undeclared author. */
  authors?: number;
  feedSize?: number;
  /** Publication instant of the newest article; the others follow an hour apart. */
  newest?: number;
}

const SITE_IDS = { domain: "synthetic.example", established: "2020-01-01" };

export function syntheticBundle({
  articles: count,
  tags: tagCount,
  authors: authorCount = 0,
  feedSize = 20,
  newest,
}: SyntheticOptions) {
  const top = newest ?? Date.UTC(2025, 0, 1);
  // One body string shared by every article, so the bodies of a large archive weigh one string.
  const body = `<p>${"Diplomats met again to discuss the terms of a settlement. ".repeat(8)}</p>`.repeat(4);
  const tags: Tag[] = Array.from({ length: tagCount }, (_, i) => ({
    slug: `topic-${i}`,
    name: `Topic ${i}`,
    declared: true,
    articles: [],
  }));
  const authors: Author[] =
    authorCount === 0
      ? [{ slug: "desk", name: "Desk", declared: false, articles: [] }]
      : Array.from({ length: authorCount }, (_, i) => ({
          slug: `writer-${i}`,
          name: `Writer ${i}`,
          url: `https://writer-${i}.example/`,
          declared: true,
          articles: [],
        }));
  const articles: Article[] = [];
  for (let i = 0; i < count; i++) {
    const published = top - i * 3_600_000;
    const slug = `article-${i}`;
    const tagSlugs = [...new Set([0, 1, 2].map((k) => `topic-${(i * 7 + k * 131) % tagCount}`))];
    articles.push({
      slug,
      id: itemIds(SITE_IDS, { slug, aliases: [] }).id,
      title: `Article ${i}: talks continue`,
      published,
      updated: published,
      summary: "Diplomats met again to discuss the terms of a settlement.",
      content: [body, "/articles/related"],
      authors: [i % authors.length].map((k) => {
        const { slug, name, url } = authors[k] as Author;
        return url ? { slug, name, url } : { slug, name };
      }),
      tags: tagSlugs,
      lang: "en",
    });
  }
  articles.forEach((article, ordinal) => {
    for (const slug of article.tags) tags[Number(slug.slice("topic-".length))]?.articles.push(ordinal);
    authors[ordinal % authors.length]?.articles.push(ordinal);
  });
  const bundle: ContentBundle = {
    site: {
      title: "Synthetic",
      description: "A synthetic archive",
      language: "en",
      ...SITE_IDS,
      authors: [{ name: "Desk" }],
      copyright: "©",
      feedSize,
      feedContent: "full",
    },
    articles,
    tags,
    tagLookup: {},
    retired: [],
    merged: {},
    authors,
    authorLookup: Object.fromEntries(authors.map((author) => [author.name.toLowerCase(), author.slug])),
  };
  return bundle;
}
