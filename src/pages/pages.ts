/**
 * The HTML pages of DESIGN.md: home, tag index, tag page, article page and the
 * 404 body. Each takes the archive view it needs and returns a complete document;
 * none of them walks the whole archive.
 */
import type { Article, Tag } from "../model/types";
import { absoluteUrl, articlePath, fillTemplate, tagPath } from "../model/urls";
import type { Archive } from "../query/archive";
import { escapeAttribute as attr, escapeText as text } from "../text/escape";
import { feedLinksHtml, layout } from "./layout";
import { articleList, dateHtml, scopeFeeds, tagLinks, tagTitle } from "./parts";

/** Articles listed on an HTML page; the rest are in the feeds and on tag pages. */
export const PAGE_SIZE = 50;

function tagListHtml(tags: { tag: Tag; count: number }[], origin: string, withFeeds: boolean): string {
  if (tags.length === 0) return `<p class="muted">No tags yet.</p>`;
  const items = tags.map(({ tag, count }) => {
    const feeds = withFeeds
      ? ` <span class="feeds muted">${feedLinksHtml(scopeFeeds({ kind: "tag", tag }, tag.name, origin))}</span>`
      : "";
    const label = count === 1 ? "1 article" : `${count} articles`;
    return `<li><a href="${attr(absoluteUrl(origin, tagPath(tag.slug)))}">${text(tag.name)}</a> <span class="muted">(${label})</span>${feeds}</li>`;
  });
  return `<ul class="tags">\n${items.join("\n")}\n</ul>`;
}

export function homePage(archive: Archive, now: number, origin: string): string {
  const { site } = archive;
  const feeds = scopeFeeds({ kind: "site" }, site.title, origin);
  const newest = archive.view({ kind: "site" }, now).newest(PAGE_SIZE);
  const body = `<h1>${text(site.title)}</h1>
<p>${text(site.description)}</p>
<section aria-labelledby="subscribe"><h2 id="subscribe">Subscribe</h2>
<p class="feeds">${feedLinksHtml(feeds)} <a href="${attr(absoluteUrl(origin, "/feeds.opml"))}" type="text/x-opml">OPML (every feed)</a></p>
<p class="muted">Every tag has its own feeds too: follow only the topics you want.</p></section>
<section aria-labelledby="latest"><h2 id="latest">Latest articles</h2>
${articleList(archive, newest, origin)}</section>
<section aria-labelledby="topics"><h2 id="topics">Tags</h2>
${tagListHtml(archive.publicTags(now), origin, false)}</section>`;
  return layout({
    title: site.title,
    lang: site.language,
    description: site.description,
    canonical: absoluteUrl(origin, "/"),
    feeds,
    body,
    siteTitle: site.title,
    homeUrl: absoluteUrl(origin, "/"),
  });
}

export function tagIndexPage(archive: Archive, now: number, origin: string): string {
  const { site } = archive;
  const body = `<h1>Tags</h1>
<p>Each tag has an RSS, Atom and JSON feed; the <a href="${attr(absoluteUrl(origin, "/feeds.opml"))}">OPML file</a> lists them all.</p>
${tagListHtml(archive.publicTags(now), origin, true)}`;
  return layout({
    title: `Tags · ${site.title}`,
    lang: site.language,
    canonical: absoluteUrl(origin, "/tags"),
    feeds: scopeFeeds({ kind: "site" }, site.title, origin),
    body,
    siteTitle: site.title,
    homeUrl: absoluteUrl(origin, "/"),
  });
}

export function tagPage(archive: Archive, tag: Tag, now: number, origin: string): string {
  const { site } = archive;
  const view = archive.view({ kind: "tag", tag }, now);
  const feeds = scopeFeeds({ kind: "tag", tag }, tagTitle(site.title, tag), origin);
  const more = view.count > PAGE_SIZE ? `<p class="muted">Showing the newest ${PAGE_SIZE} of ${view.count}.</p>` : "";
  const body = `<h1>${text(tag.name)}</h1>
${tag.description ? `<p>${text(tag.description)}</p>` : ""}
<p class="feeds">Follow this tag: ${feedLinksHtml(feeds)}</p>
${articleList(archive, view.newest(PAGE_SIZE), origin)}
${more}`;
  return layout({
    title: `${tag.name} · ${site.title}`,
    lang: site.language,
    description: tag.description ?? `Articles about ${tag.name}`,
    canonical: absoluteUrl(origin, tagPath(tag.slug)),
    feeds,
    body,
    siteTitle: site.title,
    homeUrl: absoluteUrl(origin, "/"),
  });
}

export function articlePage(archive: Archive, article: Article, origin: string): string {
  const { site } = archive;
  const authors = article.authors.length > 0 ? ` · by ${article.authors.map((a) => text(a.name)).join(", ")}` : "";
  const source = article.source
    ? `<p class="meta">First published by ${
        article.source.url
          ? `<a href="${attr(article.source.url)}">${text(article.source.name)}</a>`
          : text(article.source.name)
      }</p>`
    : "";
  const updated = article.updated > article.published ? ` · updated ${dateHtml(article.updated)}` : "";
  const tags = article.tags.length > 0 ? `<p class="meta">Tags: ${tagLinks(archive, article.tags, origin)}</p>` : "";
  const image = article.image ? `<p><img src="${attr(absoluteUrl(origin, article.image))}" alt=""></p>` : "";
  const body = `<article lang="${attr(article.lang)}">
<h1>${text(article.title)}</h1>
<p class="meta">${dateHtml(article.published)}${updated}${authors}</p>
${source}
${image}
${fillTemplate(article.content, origin)}
${tags}
</article>`;
  return layout({
    title: `${article.title} · ${site.title}`,
    lang: site.language,
    description: article.summary,
    canonical: absoluteUrl(origin, articlePath(article.slug)),
    feeds: scopeFeeds({ kind: "site" }, site.title, origin),
    body,
    siteTitle: site.title,
    homeUrl: absoluteUrl(origin, "/"),
  });
}

export function notFoundPage(archive: Archive, origin: string, what: string): string {
  const { site } = archive;
  return layout({
    title: `Not found · ${site.title}`,
    lang: site.language,
    canonical: absoluteUrl(origin, "/"),
    feeds: scopeFeeds({ kind: "site" }, site.title, origin),
    body: `<h1>Not found</h1>\n<p>${text(what)}</p>\n<p><a href="${attr(absoluteUrl(origin, "/"))}">Home</a> · <a href="${attr(absoluteUrl(origin, "/tags"))}">All tags</a></p>`,
    siteTitle: site.title,
    homeUrl: absoluteUrl(origin, "/"),
  });
}
