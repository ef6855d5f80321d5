/** Pieces several pages share: dates, article lists, tag links and the subscribe block. */
import { FEED_FORMATS, FORMAT_LABELS } from "../model/formats";
import type { StoredArticle, FeedScope, Tag } from "../model/types";
import { absoluteUrl, articlePath, feedPath, tagPath } from "../model/urls";
import type { Archive } from "../query/archive";
import { toRfc3339 } from "../text/dates";
import { escapeAttribute as attr, escapeText as text } from "../text/escape";
import type { FeedLink, Section } from "./layout";

const DATE_FORMAT = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" });

export function dateHtml(epochMs: number): string {
  return `<time datetime="${toRfc3339(epochMs)}">${DATE_FORMAT.format(epochMs)}</time>`;
}

export function scopeFeeds(scope: FeedScope, title: string, origin: string): FeedLink[] {
  return FEED_FORMATS.map((format) => ({
    format,
    title: `${title} (${FORMAT_LABELS[format]})`,
    href: absoluteUrl(origin, feedPath(scope, format)),
  }));
}

/** A tag's name, linked to its page. */
export function tagLink(tag: Tag): string {
  return `<a href="${attr(tagPath(tag.slug))}">${text(tag.name)}</a>`;
}

function articlesWord(count: number): string {
  return count === 1 ? "article" : "articles";
}

export function countLabel(count: number): string {
  return `${count} ${articlesWord(count)}`;
}

/** The navigation entry a scope's pages belong to. */
export function scopeSection(scope: FeedScope): Section {
  return scope.kind === "site" ? "subscribe" : scope.kind === "author" ? "authors" : "tags";
}

/** A tag as a pill link, optionally with its article count. */
export function topicItem(tag: Tag, count?: number, rel = ""): string {
  const relAttr = rel ? ` rel="${rel}"` : "";
  const suffix =
    count === undefined ? "" : ` <span class="count">${count}<span class="vh"> ${articlesWord(count)}</span></span>`;
  return `<li><a href="${attr(tagPath(tag.slug))}"${relAttr}>${text(tag.name)}${suffix}</a></li>`;
}

/** Tags as pill links, optionally with their article counts; `items` are the list's items when they are made already. */
export function topicList(tags: { tag: Tag; count?: number }[], rel = "", items?: string): string {
  if (tags.length === 0) return `<p class="muted">No tags yet.</p>`;
  return `<ul class="topics">${items ?? tags.map(({ tag, count }) => topicItem(tag, count, rel)).join("")}</ul>`;
}

/** The tags of an article that still exist (a tag may have been merged or retired since). */
export function articleTags(archive: Archive, article: StoredArticle): { tag: Tag }[] {
  return article.tags.flatMap((slug) => {
    const tag = archive.tag(slug);
    return tag ? [{ tag }] : [];
  });
}

/** A list of articles; `level` is the heading level of their titles under the page's outline. */
export function articleList(articles: StoredArticle[], level: 2 | 3 = 3): string {
  if (articles.length === 0) return `<p class="muted">No articles yet.</p>`;
  const items = articles.map((article) => {
    const href = articlePath(article.slug);
    const source = article.source ? ` · ${text(article.source.name)}` : "";
    return `<li><h${level}><a href="${attr(href)}">${text(article.title)}</a></h${level}>
<p class="meta">${dateHtml(article.published)}${source}</p>
<p>${text(article.summary)}</p></li>`;
  });
  return `<ul class="entries">\n${items.join("\n")}\n</ul>`;
}

/** A few readers a person can paste an address into, with where they run. */
export const FEED_READERS: { name: string; url: string; where: string }[] = [
  { name: "NetNewsWire", url: "https://netnewswire.com/", where: "free, for Mac, iPhone and iPad" },
  { name: "Feedly", url: "https://feedly.com/", where: "on the web, Android and iOS" },
  { name: "Inoreader", url: "https://www.inoreader.com/", where: "on the web, Android and iOS" },
  { name: "Miniflux", url: "https://miniflux.app/", where: "self-hosted, minimalist" },
  { name: "FreshRSS", url: "https://freshrss.org/", where: "self-hosted" },
  { name: "newsboat", url: "https://newsboat.org/", where: "in a terminal" },
];

export function opmlLink(label: string): string {
  // `download`: a click saves the file for a reader's import instead of showing raw XML.
  return `<a href="/feeds.opml" download="feeds.opml" type="text/x-opml">${label}</a>`;
}

export interface SubscribeBlockOptions {
  heading: string;
  /**
   * Link to the scope's full subscribe page; omitted on that page itself, which has
   * its own sections for readers and the OPML. With it the block also offers the OPML,
   * so a home or tag page (a feed's alternate link) does everything a subscribe page does.
   */
  moreLink?: string;
}

/**
 * The feed addresses of a scope, one per format, each in a read-only field with a
 * Copy button (revealed by the site script) and a status line that announces the copy.
 */
export function subscribeBlock(scope: FeedScope, origin: string, options: SubscribeBlockOptions): string {
  const rows = FEED_FORMATS.map((format) => {
    const url = absoluteUrl(origin, feedPath(scope, format));
    const id = `feed-url-${format}`;
    const label = FORMAT_LABELS[format];
    return `<div class="feed-url"><label for="${id}" id="${id}-label">${label}<span class="vh"> feed URL</span></label>
<input id="${id}" type="url" value="${attr(url)}" readonly spellcheck="false">
<button type="button" data-copy="${attr(url)}" data-label="${label}" aria-describedby="${id}-label" hidden>Copy</button></div>`;
  });
  const readers = FEED_READERS.slice(0, 4)
    .map((reader) => reader.name)
    .join(", ");
  const more = options.moreLink
    ? `\n<p>Every feed of the site at once: ${opmlLink("the OPML file")}, for a reader's import. <a href="${attr(options.moreLink)}">More ways to follow, and which reader to use</a>.</p>`
    : "";
  return `<section class="subscribe" aria-labelledby="subscribe-heading">
<h2 id="subscribe-heading">${text(options.heading)}</h2>
<p>Paste an address into your feed reader (${readers} or any other); each format carries the same articles.</p>
${rows.join("\n")}
<p class="copy-status" role="status"></p>${more}
</section>`;
}
