/**
 * The HTML pages of DESIGN.md: home, tag index, tag page, article page, and the
 * 404 and 410 bodies. Each takes the archive view it needs and returns a complete
 * document; none of them walks the whole archive.
 */
import type { Article, RetiredTag, Tag } from "../model/types";
import { absoluteUrl, articlePath, fillTemplate, subscribePath, tagPath } from "../model/urls";
import type { Archive } from "../query/archive";
import { escapeAttribute as attr, escapeText as text } from "../text/escape";
import { layout, type PageOptions } from "./layout";
import {
  articleList,
  articleTags,
  countLabel,
  dateHtml,
  opmlLink,
  scopeFeeds,
  subscribeBlock,
  tagTitle,
  topicList,
} from "./parts";

/** Articles listed on an HTML page; the rest are in the feeds and on tag pages. */
export const PAGE_SIZE = 50;

type ShellOptions = Omit<PageOptions, "siteTitle" | "copyright" | "origin" | "lang" | "feeds" | "problems"> &
  Partial<Pick<PageOptions, "feeds">>;

/** The layout with what every page of this site shares filled in (site feeds by default, the build problems). */
export function page(archive: Archive, origin: string, options: ShellOptions): string {
  const { site } = archive;
  return layout({
    feeds: scopeFeeds({ kind: "site" }, site.title, origin),
    ...options,
    siteTitle: site.title,
    copyright: site.copyright,
    origin,
    lang: site.language,
    problems: archive.problems,
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

export function tagIndexPage(archive: Archive, now: number, origin: string): string {
  const { site } = archive;
  const tags = archive.publicTags(now);
  const items = tags.map(({ tag, count }) => {
    const follow = absoluteUrl(origin, subscribePath({ kind: "tag", tag }));
    const description = tag.description ? `\n<p class="muted">${text(tag.description)}</p>` : "";
    return `<li><span><a class="name" href="${attr(absoluteUrl(origin, tagPath(tag.slug)))}">${text(tag.name)}</a> <span class="count">${countLabel(count)}</span></span>
<a class="follow" href="${attr(follow)}">Follow<span class="vh"> ${text(tag.name)}</span></a>${description}</li>`;
  });
  const list =
    items.length > 0 ? `<ul class="tag-index">\n${items.join("\n")}\n</ul>` : `<p class="muted">No tags yet.</p>`;
  const body = `<h1>Tags</h1>
<p class="lead">Each tag has its own RSS, Atom and JSON feed. Follow the ones you care about, or import ${opmlLink(origin, "all of them as OPML")}.</p>
${list}`;
  return page(archive, origin, {
    title: `Tags · ${site.title}`,
    description: `Every tag of ${site.title} with its feeds.`,
    canonical: absoluteUrl(origin, "/tags"),
    body,
    section: "tags",
  });
}

export async function tagPage(archive: Archive, tag: Tag, now: number, origin: string): Promise<string> {
  const { site } = archive;
  const scope = { kind: "tag", tag } as const;
  const view = archive.view(scope, now);
  const more = view.count > PAGE_SIZE ? `<p class="muted">Showing the newest ${PAGE_SIZE} of ${view.count}.</p>` : "";
  const body = `<h1>${text(tag.name)}</h1>
<p class="lead">${tag.description ? text(tag.description) : `Articles about ${text(tag.name)}.`} <span class="count">${countLabel(view.count)}</span></p>
${subscribeBlock(scope, origin, { heading: `Follow ${tag.name}`, moreLink: absoluteUrl(origin, subscribePath(scope)) })}
<section aria-labelledby="articles"><h2 id="articles">Articles</h2>
${articleList(await view.newest(PAGE_SIZE), origin)}
${more}</section>`;
  return page(archive, origin, {
    title: `${tag.name} · ${site.title}`,
    description: tag.description ?? `Articles about ${tag.name}`,
    canonical: absoluteUrl(origin, tagPath(tag.slug)),
    feeds: scopeFeeds(scope, tagTitle(site.title, tag), origin),
    body,
    section: "tags",
  });
}

export function articlePage(archive: Archive, article: Article, origin: string): string {
  const { site } = archive;
  const authors = article.authors.length > 0 ? ` · by ${article.authors.map((a) => text(a.name)).join(", ")}` : "";
  const source = article.source
    ? ` · first published by ${
        article.source.url
          ? `<a href="${attr(article.source.url)}">${text(article.source.name)}</a>`
          : text(article.source.name)
      }`
    : "";
  const updated = article.updated > article.published ? ` · updated ${dateHtml(article.updated)}` : "";
  const tags = articleTags(archive, article);
  const image = article.image ? `<p><img src="${attr(absoluteUrl(origin, article.image))}" alt=""></p>` : "";
  const footer =
    tags.length > 0
      ? `<footer class="article-foot"><h2>Tags</h2>
${topicList(origin, tags, "tag")}
<p class="muted">Each tag has a feed: open one to follow it.</p></footer>`
      : "";
  const body = `<article lang="${attr(article.lang)}">
<header class="article-head"><h1>${text(article.title)}</h1>
<p class="meta">${dateHtml(article.published)}${updated}${authors}${source}</p></header>
<div class="prose">
${image}
${fillTemplate(article.content, origin)}
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
