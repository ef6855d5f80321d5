/** Pieces several pages share: the article list, dates, tag links and feed links for a scope. */
import type { Article, FeedScope, Tag } from "../model/types";
import { FEED_FORMATS, FORMAT_LABELS } from "../model/formats";
import { absoluteUrl, articlePath, feedPath, tagPath } from "../model/urls";
import type { Archive } from "../query/archive";
import { toRfc3339 } from "../text/dates";
import { escapeAttribute as attr, escapeText as text } from "../text/escape";
import type { FeedLink } from "./layout";

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

export function tagLinks(archive: Archive, slugs: string[], origin: string): string {
  return slugs
    .flatMap((slug) => {
      const tag = archive.tag(slug);
      return tag ? [`<a href="${attr(absoluteUrl(origin, tagPath(slug)))}" rel="tag">${text(tag.name)}</a>`] : [];
    })
    .join(", ");
}

export function articleList(archive: Archive, articles: Article[], origin: string): string {
  if (articles.length === 0) return `<p class="muted">No articles yet.</p>`;
  const items = articles.map((article) => {
    const href = absoluteUrl(origin, articlePath(article.slug));
    const source = article.source ? ` · ${text(article.source.name)}` : "";
    return `<li><h3><a href="${attr(href)}">${text(article.title)}</a></h3>
<p class="meta">${dateHtml(article.published)}${source}</p>
<p>${text(article.summary)}</p></li>`;
  });
  return `<ul class="articles">\n${items.join("\n")}\n</ul>`;
}

export function tagTitle(siteTitle: string, tag: Tag): string {
  return `${siteTitle}: ${tag.name}`;
}
