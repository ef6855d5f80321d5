/**
 * JSON Feed 1.1 serializer. Written here rather than taken from the `feed` package,
 * which emits version 1, maps dates to `date_modified` and keeps one author. The
 * deprecated `author` is kept beside `authors` for 1.0-only readers. When the site
 * sends summaries only, an item's content is its summary as `content_text`.
 */
import type { Attachment } from "../model/types";
import { toRfc3339 } from "../text/dates";
import { escapeJsonString } from "../text/escape";
import { BODY_SLOT, type FeedContent, type FeedItem, type FeedModel, type FeedPerson } from "./model";

/**
 * What stands for an item's content_html until the document is written: an empty
 * object, which no string value can be. Each becomes the string around a body slot.
 */
const CONTENT_PLACEHOLDER = Object.freeze({});
/** The placeholder as JSON.stringify writes it, on its own line (no string value holds a raw newline). */
const PLACEHOLDER_LINE = /\n( +)"content_html": \{\}/g;

interface JsonAuthor {
  name: string;
  url?: string;
  avatar?: string;
}

function author(who: FeedPerson): JsonAuthor {
  const out: JsonAuthor = { name: who.name };
  if (who.url) out.url = who.url;
  if (who.avatar) out.avatar = who.avatar;
  return out;
}

function attachment(file: Attachment): Record<string, unknown> {
  const out: Record<string, unknown> = { url: file.url, mime_type: file.type };
  if (file.title) out.title = file.title;
  out.size_in_bytes = file.length;
  if (file.duration !== undefined) out.duration_in_seconds = file.duration;
  return out;
}

function item(model: FeedModel, entry: FeedItem): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: entry.guid,
    url: entry.url,
    title: entry.title,
    ...(entry.content === undefined ? { content_text: entry.summary } : { content_html: CONTENT_PLACEHOLDER }),
    summary: entry.summary,
    date_published: toRfc3339(entry.published),
  };
  if (entry.updated !== entry.published) out.date_modified = toRfc3339(entry.updated);
  if (entry.authors.length > 0) {
    out.authors = entry.authors.map(author);
    out.author = author(entry.authors[0] as FeedPerson);
  }
  const tags = [...new Set(entry.categories.map((category) => category.name))];
  if (tags.length > 0) out.tags = tags;
  if (entry.image) out.image = entry.image.url;
  if (entry.attachments.length > 0) out.attachments = entry.attachments.map(attachment);
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
  // JSON Feed's icon (large) and favicon (small) are both square: the site's icon serves for both.
  if (model.icon) {
    feed.icon = model.icon;
    feed.favicon = model.icon;
  }
  if (model.hub) feed.hubs = [{ type: "WebSub", url: model.hub }];
  feed.authors = model.authors.map(author);
  if (model.authors[0]) feed.author = author(model.authors[0]);
  feed.items = model.items.map((entry) => item(model, entry));
  const contents = model.items.flatMap((entry) => (entry.content ? [entry.content] : []));
  let next = 0;
  const text = JSON.stringify(feed, null, 2).replace(PLACEHOLDER_LINE, (_, indent: string) => {
    const { before, after } = contents[next++] as FeedContent;
    return `\n${indent}"content_html": "${escapeJsonString(before)}${BODY_SLOT}${escapeJsonString(after)}"`;
  });
  return `${text}\n`;
}
