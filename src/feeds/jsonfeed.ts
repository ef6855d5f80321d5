/**
 * JSON Feed 1.1 serializer. Written here rather than taken from the `feed` package,
 * which emits version 1, maps dates to `date_modified` and keeps one author. The
 * deprecated `author` is kept beside `authors` for 1.0-only readers.
 */
import type { Person } from "../model/types";
import { toRfc3339 } from "../text/dates";
import type { FeedItem, FeedModel } from "./model";

interface JsonAuthor {
  name: string;
  url?: string;
}

function author(who: Person): JsonAuthor {
  return who.url ? { name: who.name, url: who.url } : { name: who.name };
}

function item(model: FeedModel, entry: FeedItem): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: entry.id,
    url: entry.url,
    title: entry.title,
    content_html: entry.contentHtml,
    summary: entry.summary,
    date_published: toRfc3339(entry.published),
  };
  if (entry.updated !== entry.published) out.date_modified = toRfc3339(entry.updated);
  if (entry.authors.length > 0) {
    out.authors = entry.authors.map(author);
    out.author = author(entry.authors[0] as Person);
  }
  const tags = [...new Set(entry.categories.map((category) => category.name))];
  if (tags.length > 0) out.tags = tags;
  if (entry.image) out.image = entry.image;
  if (entry.lang !== model.language) out.language = entry.lang;
  return out;
}

export function serializeJsonFeed(model: FeedModel): string {
  const feed: Record<string, unknown> = {
    version: "https://jsonfeed.org/version/1.1",
    title: model.title,
    home_page_url: model.homeUrl,
    feed_url: model.feedUrls.json,
    description: model.description,
    language: model.language,
  };
  // Pagination: the next older archive page; never feed_url itself, and pages only go back.
  if (model.paging.prevArchive) feed.next_url = model.paging.prevArchive.json;
  if (model.icon) feed.icon = model.icon;
  if (model.hub) feed.hubs = [{ type: "WebSub", url: model.hub }];
  feed.authors = model.authors.map(author);
  if (model.authors[0]) feed.author = author(model.authors[0]);
  feed.items = model.items.map((entry) => item(model, entry));
  return `${JSON.stringify(feed, null, 2)}\n`;
}
