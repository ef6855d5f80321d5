/**
 * WordPress export files (WXR 1.0–1.2): an RSS document whose items carry the stored
 * post. Only posts become records; pages, attachments, menu items and the other
 * post types are counted and left out. `draft`, `pending`, `private` and
 * password-protected posts become drafts, so nothing unpublished reaches a feed.
 * Authors are stored by login and resolved to their display names from `wp:author`.
 */
import type { Document, Element } from "@xmldom/xmldom";
import { parseRfc822, parseTimestamp } from "../text/dates";
import { type ReadContext, laterUpdate, readXmlItem } from "./context";
import { decodeEntities, htmlToText } from "./html";
import type { ItemPlace } from "./problems";
import { channelLink, contentBase, rssChannel, rssItemBasics } from "./rss";
import type { SourceItem, SourcePage } from "./source-item";
import { wordpressToHtml, teaserBeforeMore } from "./wordpress-html";
import { WXR_NAMESPACE_PREFIX, childElements, childrenInNamespaceFamily, firstChild } from "./xml";

const DRAFT_STATUSES = new Set(["draft", "pending", "private"]);
const PUBLISHED_STATUSES = new Set(["publish", "future"]);
const TAG_DOMAINS = new Set(["category", "post_tag"]);
/** WordPress writes this for "no date yet" (a draft never published). */
const NO_DATE = /^0000-00-00/;

function wp(parent: Element, localName: string): string | undefined {
  const text = childrenInNamespaceFamily(parent, WXR_NAMESPACE_PREFIX, localName)[0]?.textContent?.trim();
  return text ? text : undefined;
}

/** Whether an RSS document is a WordPress export rather than a feed. */
export function isWxr(document: Document): boolean {
  const root = document.documentElement;
  const channel = root ? firstChild(root, null, "channel") : undefined;
  return channel !== undefined && childrenInNamespaceFamily(channel, WXR_NAMESPACE_PREFIX, "wxr_version").length > 0;
}

function displayNames(channel: Element): Map<string, string> {
  const names = new Map<string, string>();
  for (const author of childrenInNamespaceFamily(channel, WXR_NAMESPACE_PREFIX, "author")) {
    const login = wp(author, "author_login");
    const name = wp(author, "author_display_name");
    if (login && name) names.set(login, decodeEntities(name));
  }
  return names;
}

/** `2023-06-01 07:15:00` as UTC; undefined for WordPress's zero date. */
function gmtInstant(value: string | undefined): number | undefined {
  if (!value || NO_DATE.test(value)) return undefined;
  const parsed = parseTimestamp(`${value}Z`);
  return parsed.ok ? parsed.epochMs : undefined;
}

/**
 * The publication instant: `post_date_gmt`; else the RSS `pubDate`; else, for a post that
 * was never published (a draft has no GMT date), its local `post_date` read as UTC.
 */
function publishedInstant(item: Element, place: ItemPlace, context: ReadContext): number | undefined {
  const gmt = gmtInstant(wp(item, "post_date_gmt"));
  if (gmt !== undefined) return gmt;
  const pubDate = firstChild(item, null, "pubDate")?.textContent?.trim();
  const fromPubDate = pubDate ? parseRfc822(pubDate) : undefined;
  if (fromPubDate?.ok) return fromPubDate.epochMs;
  const local = gmtInstant(wp(item, "post_date"));
  if (local !== undefined) {
    context.problems.itemNote(
      place,
      `has no wp:post_date_gmt; its wp:post_date ${wp(item, "post_date")} was read as UTC`,
    );
    return local;
  }
  context.problems.itemError(place, "has no date; write e.g. <wp:post_date_gmt>2023-06-01 07:15:00</wp:post_date_gmt>");
  return undefined;
}

/** `excerpt:encoded`: its namespace is WXR's own with `excerpt/` appended. */
function excerpt(item: Element): string | undefined {
  const element = childrenInNamespaceFamily(item, WXR_NAMESPACE_PREFIX, "encoded").find((e) =>
    e.namespaceURI?.endsWith("/excerpt/"),
  );
  return element?.textContent?.trim() || undefined;
}

function readPost(
  item: Element,
  position: number,
  feedLink: string | undefined,
  authors: Map<string, string>,
  context: ReadContext,
): SourceItem | undefined {
  const { place, id, title, link, creators, content } = rssItemBasics(item, position, feedLink, context);
  const published = publishedInstant(item, place, context);
  if (id === undefined || published === undefined) return undefined;

  const stored = content?.textContent ?? "";
  const status = wp(item, "status") ?? "publish";
  const protectedByPassword = wp(item, "post_password") !== undefined;
  if (protectedByPassword) context.problems.itemNote(place, "is password-protected in WordPress; imported as a draft");
  const teaser = teaserBeforeMore(stored);
  const summary = htmlToText(excerpt(item) ?? (teaser ? wordpressToHtml(teaser) : ""));
  const result: SourceItem = {
    place,
    id,
    title,
    published,
    authors: creators.map((login) => authors.get(login) ?? login),
    tags: childElements(item, null, "category")
      .filter((category) => TAG_DOMAINS.has(category.getAttribute("domain") ?? "category"))
      .map((category) => decodeEntities(category.textContent ?? "")),
    html: wordpressToHtml(stored),
    base: contentBase(content, link, feedLink, context),
  };
  const updated = laterUpdate(published, gmtInstant(wp(item, "post_modified_gmt")));
  if (updated !== undefined) result.updated = updated;
  if (summary) result.summary = summary;
  if (link) result.link = link;
  const name = wp(item, "post_name");
  if (name) result.nameHint = name;
  if (DRAFT_STATUSES.has(status) || protectedByPassword) result.draft = true;
  return result;
}

/** Why an item is not a post to import (`page`, `attachment`, `trash`, …), or undefined for a post. */
function leftOutAs(item: Element): string | undefined {
  const type = wp(item, "post_type") ?? "post";
  if (type !== "post") return type;
  const status = wp(item, "status") ?? "publish";
  if (DRAFT_STATUSES.has(status) || PUBLISHED_STATUSES.has(status)) return undefined;
  return status;
}

export function readWxr(document: Document, context: ReadContext): SourcePage {
  const channel = rssChannel(document, context.source);
  const feedLink = channelLink(channel, context);
  const authors = displayNames(channel);
  const leftOut = new Map<string, number>();
  const items: SourceItem[] = [];
  childElements(channel, null, "item").forEach((item, index) => {
    const reason = leftOutAs(item);
    if (reason) leftOut.set(reason, (leftOut.get(reason) ?? 0) + 1);
    else {
      const post = readXmlItem(item, index + 1, "item", context, () =>
        readPost(item, index + 1, feedLink, authors, context),
      );
      if (post) items.push(post);
    }
  });
  return { kind: "WordPress export (WXR)", items, leftOut };
}
