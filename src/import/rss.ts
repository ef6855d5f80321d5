/**
 * RSS 2.0 feeds as WordPress, Ghost, Blogger, Substack and most generators write them:
 * `guid`, `pubDate`, `title`, `link`, `category`, the `content:encoded` and `dc:creator`
 * extensions, and the RFC 5005 `atom:link rel="prev-archive"` to older pages. When an
 * item has `content:encoded`, its `description` is the excerpt.
 */
import type { Document, Element } from "@xmldom/xmldom";
import { DomUtils } from "htmlparser2";
import { parseFeedTimestamp, parseRfc822 } from "../text/dates";
import { type ReadContext, laterUpdate, readXmlItem, requireId } from "./context";
import { decodeEntities, htmlToText, parseHtml, titleText } from "./html";
import { ImportError, type ItemPlace } from "./problems";
import type { SourceItem, SourcePage } from "./source-item";
import { NS, childElements, childText, firstChild, hasXmlBase, resolveUrl, xmlBase } from "./xml";

/** What RSS items and WXR items (which are RSS items with more fields) have in common; a missing guid is reported. */
interface RssItemBasics {
  place: ItemPlace;
  id: string | undefined;
  title: string;
  link: string | undefined;
  creators: string[];
  content: Element | undefined;
}

export function rssChannel(document: Document, source: string): Element {
  const root = document.documentElement;
  const channel = root ? firstChild(root, null, "channel") : undefined;
  if (!channel)
    throw new ImportError(`${source}: line ${root?.lineNumber ?? 1}`, "an <rss> document without <channel>");
  return channel;
}

/** The channel's link, absolute: the base for items that have none. */
export function channelLink(channel: Element, context: ReadContext): string | undefined {
  const link = childText(channel, null, "link");
  return link ? resolveUrl(link, xmlBase(channel, context.url)) : undefined;
}

function httpUrl(value: string | undefined): string | undefined {
  return value && /^https?:\/\//i.test(value) ? value : undefined;
}

export function rssItemBasics(
  item: Element,
  position: number,
  feedLink: string | undefined,
  context: ReadContext,
): RssItemBasics {
  const title = titleText(childText(item, null, "title") ?? "");
  const place: ItemPlace = { source: context.source, position, line: item.lineNumber, title, noun: "item" };
  const guidElement = firstChild(item, null, "guid");
  const id = guidElement?.textContent?.trim() || undefined;
  requireId(id, place, context, '<guid isPermaLink="false">…</guid>');
  const linkText = childText(item, null, "link");
  const base = xmlBase(item, context.url) ?? feedLink;
  let link = httpUrl(linkText ? resolveUrl(linkText, base) : undefined);
  // A guid that is a permalink (the default) is the item's address when there is no <link>.
  if (!link && id && guidElement?.getAttribute("isPermaLink") !== "false") link = httpUrl(id);
  const creators = childElements(item, NS.dc, "creator")
    .map((element) => decodeEntities(element.textContent ?? ""))
    .filter(Boolean);
  return { place, id, title, link, creators, content: firstChild(item, NS.content, "encoded") };
}

/** The base relative references in an item's content resolve against. */
export function contentBase(
  contentElement: Element | undefined,
  link: string | undefined,
  feedLink: string | undefined,
  context: ReadContext,
): string | undefined {
  if (contentElement && hasXmlBase(contentElement)) return xmlBase(contentElement, context.url);
  return link ?? feedLink ?? context.url;
}

/**
 * Where older items are, from the feed-level `atom:link`s (in RSS or Atom), absolute:
 * RFC 5005's `prev-archive` (archived feeds), else its `next` (paged feeds, as Blogger
 * writes them).
 */
export function olderPage(parent: Element, context: ReadContext): string | undefined {
  const links = childElements(parent, NS.atom, "link");
  const link = ["prev-archive", "next"]
    .map((rel) => links.find((element) => element.getAttribute("rel") === rel && element.getAttribute("href")))
    .find(Boolean);
  const href = link?.getAttribute("href");
  return link && href ? resolveUrl(href, xmlBase(link, context.url)) : undefined;
}

/**
 * The excerpt as plain text, without the "Continue reading" link many themes append:
 * a link to the item's own page adds nothing to a summary shown beside that page.
 */
function excerptText(description: string, link: string | undefined): string {
  const document = parseHtml(description);
  const selfLinks = DomUtils.findAll(
    (element) => element.name === "a" && link !== undefined && resolveUrl(element.attribs.href ?? "", link) === link,
    document.children,
  );
  for (const element of selfLinks) DomUtils.removeElement(element);
  return htmlToText(DomUtils.getOuterHTML(document));
}

/**
 * `jane@example.com (Jane Doe)` → `Jane Doe`; a bare address stays as it is. The name
 * is what the last parentheses hold, found by position: a pattern would try every `(`
 * of a long value to its end.
 */
function authorName(value: string): string {
  const text = value.trimEnd();
  if (!text.endsWith(")")) return value.trim();
  const before = text.slice(0, -1);
  const open = before.indexOf("(", before.lastIndexOf(")") + 1);
  const name = open < 0 ? "" : before.slice(open + 1);
  return name ? name.trim() : value.trim();
}

function readDate(item: Element, place: ItemPlace, context: ReadContext): number | undefined {
  const pubDate = childText(item, null, "pubDate");
  const dcDate = childText(item, NS.dc, "date");
  const parsed = pubDate ? parseRfc822(pubDate) : dcDate ? parseFeedTimestamp(dcDate) : undefined;
  if (!parsed) {
    context.problems.itemError(
      place,
      "has no <pubDate>; write e.g. <pubDate>Thu, 01 Jun 2023 07:15:00 +0000</pubDate>",
    );
    return undefined;
  }
  if (!parsed.ok) {
    context.problems.itemError(place, `${pubDate ? "<pubDate>" : "<dc:date>"}: ${parsed.reason}`);
    return undefined;
  }
  return parsed.epochMs;
}

function readItem(
  item: Element,
  position: number,
  feedLink: string | undefined,
  context: ReadContext,
): SourceItem | undefined {
  const { place, id, title, link, creators, content } = rssItemBasics(item, position, feedLink, context);
  const published = readDate(item, place, context);
  if (id === undefined || published === undefined) return undefined;

  const description = firstChild(item, null, "description")?.textContent ?? "";
  const authors =
    creators.length > 0 ? creators : childElements(item, null, "author").map((a) => authorName(a.textContent ?? ""));
  const atomUpdated = childText(item, NS.atom, "updated");
  const updated = atomUpdated ? parseFeedTimestamp(atomUpdated) : undefined;
  const summary = content ? excerptText(description, link) : "";
  // Some feeds repeat the whole text in <description>: that is no excerpt.
  const isExcerpt = summary !== "" && summary !== htmlToText(content?.textContent ?? "");
  const result: SourceItem = {
    place,
    id,
    title,
    published,
    authors: authors.filter(Boolean),
    tags: childElements(item, null, "category").map((category) => decodeEntities(category.textContent ?? "")),
    html: content ? (content.textContent ?? "") : description,
    base: contentBase(content ?? firstChild(item, null, "description"), link, feedLink, context),
  };
  const later = laterUpdate(published, updated?.ok ? updated.epochMs : undefined);
  if (later !== undefined) result.updated = later;
  if (isExcerpt) result.summary = summary;
  if (link) result.link = link;
  return result;
}

export function readRss(document: Document, context: ReadContext): SourcePage {
  const channel = rssChannel(document, context.source);
  const feedLink = channelLink(channel, context);
  const items = childElements(channel, null, "item").flatMap(
    (item, index) =>
      readXmlItem(item, index + 1, "item", context, () => readItem(item, index + 1, feedLink, context)) ?? [],
  );
  const page: SourcePage = { kind: "RSS 2.0", items, leftOut: new Map() };
  const older = olderPage(channel, context);
  if (older) page.olderPage = older;
  return page;
}
