/**
 * The HTML pages of DESIGN.md: home, tag index, author index, the page of a tag or
 * an author, article page, and the 404 and 410 bodies. Each takes the archive view it needs and returns a complete
 * document; none of them walks the whole archive.
 */
import { articleHtml } from "../feeds/body";
import { scopeAbout, scopeDescription, scopeName, scopeTitle } from "../model/scope";
import type { Article, NamedScope, RetiredTag } from "../model/types";
import { absoluteUrl, articlePath, authorPath, scopePagePath, subscribePath, tagPath } from "../model/urls";
import type { Archive } from "../query/archive";
import { escapeAttribute as attr, escapeText as text } from "../text/escape";
import { layout, type PageOptions, type Section } from "./layout";
import {
  articleList,
  articleTags,
  countLabel,
  dateHtml,
  opmlLink,
  scopeFeeds,
  scopeSection,
  subscribeBlock,
  topicList,
} from "./parts";

/** Articles listed on an HTML page; the rest are in the feeds and on tag pages. */
export const PAGE_SIZE = 50;

type ShellOptions = Omit<PageOptions, "siteTitle" | "copyright" | "origin" | "lang" | "feeds"> &
  Partial<Pick<PageOptions, "feeds">>;

/** The layout with what every page of this site shares filled in (site feeds by default). */
export function page(archive: Archive, origin: string, options: ShellOptions): string {
  const { site } = archive;
  return layout({
    feeds: scopeFeeds({ kind: "site" }, site.title, origin),
    ...options,
    siteTitle: site.title,
    copyright: site.copyright,
    origin,
    lang: site.language,
    ...(site.icon ? { icon: absoluteUrl(origin, site.icon) } : {}),
  });
}

export async function homePage(archive: Archive, now: number, origin: string): Promise<string> {
  const { site } = archive;
  const newest = await archive.view({ kind: "site" }, now).newest(PAGE_SIZE);
  const body = `<h1>${text(site.title)}</h1>
<p class="lead">${text(site.description)}</p>
<section aria-labelledby="latest"><h2 id="latest">Latest articles</h2>
${articleList(newest, origin)}</section>
${subscribeBlock({ kind: "site" }, origin, {
  heading: `Follow ${site.title}`,
  moreLink: absoluteUrl(origin, subscribePath({ kind: "site" })),
})}
<section aria-labelledby="topics"><h2 id="topics">Topics</h2>
<p>Every topic has its own feed: follow only what you want. Or take them all at once: ${opmlLink(origin, "every feed as OPML")}.</p>
${topicList(origin, archive.publicTags(now))}</section>`;
  return page(archive, origin, {
    title: site.title,
    description: site.description,
    canonical: absoluteUrl(origin, "/"),
    body,
    section: "home",
  });
}

/** What an index of tags or of authors says around its list. */
interface IndexText {
  heading: string;
  lead: string;
  /** Said when the list is empty. */
  none: string;
  path: string;
  description: string;
  section: Section;
}

/** An index of tags or authors: each with its count, a link to its page and one to follow it. */
function scopeIndexPage(
  archive: Archive,
  origin: string,
  entries: { scope: NamedScope; count: number }[],
  index: IndexText,
): string {
  const { site } = archive;
  const items = entries.map(({ scope, count }) => {
    const name = scopeName(site, scope);
    const about = scopeAbout(scope);
    const follow = absoluteUrl(origin, subscribePath(scope));
    const description = about ? `\n<p class="muted">${text(about)}</p>` : "";
    return `<li><span><a class="name" href="${attr(absoluteUrl(origin, scopePagePath(scope)))}">${text(name)}</a> <span class="count">${countLabel(count)}</span></span>
<a class="follow" href="${attr(follow)}">Follow<span class="vh"> ${text(name)}</span></a>${description}</li>`;
  });
  const list =
    items.length > 0 ? `<ul class="tag-index">\n${items.join("\n")}\n</ul>` : `<p class="muted">${index.none}</p>`;
  return page(archive, origin, {
    title: `${index.heading} · ${site.title}`,
    description: index.description,
    canonical: absoluteUrl(origin, index.path),
    body: `<h1>${index.heading}</h1>\n<p class="lead">${index.lead}</p>\n${list}`,
    section: index.section,
  });
}

export function tagIndexPage(archive: Archive, now: number, origin: string): string {
  const entries = archive.publicTags(now).map(({ tag, count }) => ({ scope: { kind: "tag", tag } as const, count }));
  return scopeIndexPage(archive, origin, entries, {
    heading: "Tags",
    lead: `Each tag has its own RSS, Atom and JSON feed. Follow the ones you care about, or import ${opmlLink(origin, "all of them as OPML")}.`,
    none: "No tags yet.",
    path: "/tags",
    description: `Every tag of ${archive.site.title} with its feeds.`,
    section: "tags",
  });
}

export function authorIndexPage(archive: Archive, now: number, origin: string): string {
  const { site } = archive;
  const entries = archive
    .publicAuthors(now)
    .map(({ author, count }) => ({ scope: { kind: "author", author } as const, count }));
  return scopeIndexPage(archive, origin, entries, {
    heading: "Authors",
    lead: `Everyone who writes for ${text(site.title)}. Each author has an RSS, Atom and JSON feed of their articles; ${opmlLink(origin, "the OPML file")} lists them all.`,
    none: "No authors yet.",
    path: "/authors",
    description: `Every author of ${site.title} with their feeds.`,
    section: "authors",
  });
}

/** What a tag page or an author page says first: the tag's description, or the author's picture, bio and site. */
function scopeIntro(scope: NamedScope, origin: string): string {
  const about = scopeAbout(scope);
  if (scope.kind === "tag") return about ? text(about) : `Articles about ${text(scope.tag.name)}.`;
  const { author } = scope;
  const avatar = author.avatar
    ? `<img class="avatar" src="${attr(absoluteUrl(origin, author.avatar))}" alt="" width="64" height="64"> `
    : "";
  const site = author.url ? ` <a href="${attr(author.url)}" rel="me">${text(author.name)}’s site</a>.` : "";
  return `${avatar}${about ? text(about) : `Articles by ${text(author.name)}.`}${site}`;
}

/** The page of a tag or an author: what it is, its feeds to follow, and its newest articles. */
export async function scopePage(archive: Archive, scope: NamedScope, now: number, origin: string): Promise<string> {
  const { site } = archive;
  const name = scopeName(site, scope);
  const view = archive.view(scope, now);
  const more = view.count > PAGE_SIZE ? `<p class="muted">Showing the newest ${PAGE_SIZE} of ${view.count}.</p>` : "";
  const body = `<h1>${text(name)}</h1>
<p class="lead">${scopeIntro(scope, origin)} <span class="count">${countLabel(view.count)}</span></p>
${subscribeBlock(scope, origin, { heading: `Follow ${name}`, moreLink: absoluteUrl(origin, subscribePath(scope)) })}
<section aria-labelledby="articles"><h2 id="articles">Articles</h2>
${articleList(await view.newest(PAGE_SIZE), origin)}
${more}</section>`;
  return page(archive, origin, {
    title: `${name} · ${site.title}`,
    description: scopeDescription(site, scope),
    canonical: absoluteUrl(origin, scopePagePath(scope)),
    feeds: scopeFeeds(scope, scopeTitle(site, scope), origin),
    body,
    section: scopeSection(scope),
  });
}

/** An article's authors, each linked to their page (`rel="author"`). */
function bylineHtml(article: Article, origin: string): string {
  if (article.authors.length === 0) return "";
  const names = article.authors.map(
    (author) => `<a href="${attr(absoluteUrl(origin, authorPath(author.slug)))}" rel="author">${text(author.name)}</a>`,
  );
  return ` · by ${names.join(", ")}`;
}

export function articlePage(archive: Archive, article: Article, origin: string): string {
  const { site } = archive;
  const source = article.source
    ? ` · first published by ${
        article.source.url
          ? `<a href="${attr(article.source.url)}">${text(article.source.name)}</a>`
          : text(article.source.name)
      }`
    : "";
  const updated = article.updated > article.published ? ` · updated ${dateHtml(article.updated)}` : "";
  const tags = articleTags(archive, article);
  const footer =
    tags.length > 0
      ? `<footer class="article-foot"><h2>Tags</h2>
${topicList(origin, tags, "tag")}
<p class="muted">Each tag has a feed: open one to follow it.</p></footer>`
      : "";
  const body = `<article lang="${attr(article.lang)}">
<header class="article-head"><h1>${text(article.title)}</h1>
<p class="meta">${dateHtml(article.published)}${updated}${bylineHtml(article, origin)}${source}</p></header>
<div class="prose">
${articleHtml(article, origin)}
</div>
${footer}
</article>`;
  return page(archive, origin, {
    title: `${article.title} · ${site.title}`,
    description: article.summary,
    canonical: absoluteUrl(origin, articlePath(article.slug)),
    body,
  });
}

export function notFoundPage(archive: Archive, origin: string, what: string): string {
  return page(archive, origin, {
    title: `Not found · ${archive.site.title}`,
    canonical: absoluteUrl(origin, "/"),
    body: `<h1>Not found</h1>\n<p>${text(what)}</p>\n<p><a href="${attr(absoluteUrl(origin, "/"))}">Home</a> · <a href="${attr(absoluteUrl(origin, "/tags"))}">All tags</a></p>`,
  });
}

/** The 410 body of a retired tag: what happened, and where its articles still are. */
export function gonePage(archive: Archive, origin: string, tag: RetiredTag): string {
  const { site } = archive;
  const body = `<h1>${text(tag.name)} is no longer published</h1>
<p class="lead">${text(tag.reason)}</p>
<p>This tag's page and feeds are gone for good, so feed readers can drop the subscription. The articles it held are still on ${text(site.title)}: they are in the <a href="${attr(absoluteUrl(origin, subscribePath({ kind: "site" })))}">site feed</a>, and the <a href="${attr(absoluteUrl(origin, "/tags"))}">tag index</a> lists the topics that are still followed.</p>`;
  return page(archive, origin, {
    title: `${tag.name} is no longer published · ${site.title}`,
    canonical: absoluteUrl(origin, tagPath(tag.slug)),
    body,
  });
}
