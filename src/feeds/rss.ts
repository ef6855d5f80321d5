/**
 * RSS 2.0 serializer. Choices made for readers and the W3C validator: RFC 822 dates
 * in GMT, `guid isPermaLink="false"` carrying the item's stable id, plain-text fields
 * escaped per the RSS Best Practices Profile, the item `description` as HTML (which
 * is how readers treat it: the plain summary is HTML-escaped first), the full HTML in
 * `content:encoded` (escaped, never CDATA; left out when the site sends summaries
 * only), authors as `dc:creator` because RSS `author` must be an e-mail address (so
 * their URL, which RSS has no place for, is in Atom and JSON Feed only). Pictures go
 * where readers look for them: the item's one `enclosure` (see the feed model), Media
 * RSS `media:content` and `media:thumbnail`, and the channel `image` (the logo, else
 * the icon).
 */
import { toRfc822 } from "../text/dates";
import { escapeText } from "../text/escape";
import { type FeedItem, type FeedModel, pagingLinks } from "./model";
import {
  contentElement,
  element,
  emptyElement,
  FEED_HISTORY_NS,
  MEDIA_RSS_NS,
  mediaElements,
  rssTextElement,
  textElement,
  XML_DECLARATION,
} from "./xml";

const NAMESPACES = {
  version: "2.0",
  "xmlns:atom": "http://www.w3.org/2005/Atom",
  "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
  "xmlns:dc": "http://purl.org/dc/elements/1.1/",
  "xmlns:media": MEDIA_RSS_NS,
};

function item(model: FeedModel, entry: FeedItem): string {
  const children = [
    rssTextElement("title", entry.title),
    textElement("link", entry.url),
    textElement("guid", entry.guid, { isPermaLink: "false" }),
    textElement("pubDate", toRfc822(entry.published)),
    textElement("description", escapeText(entry.summary)),
    ...(entry.content === undefined ? [] : [contentElement("content:encoded", entry.content)]),
    ...entry.authors.map((author) => rssTextElement("dc:creator", author.name)),
    ...entry.categories.map((category) => rssTextElement("category", category.name, { domain: model.tagIndexUrl })),
    // RSS allows one enclosure per item (readers ignore or reject the rest).
    ...entry.enclosures
      .slice(0, 1)
      .map((file) => emptyElement("enclosure", { url: file.url, length: String(file.length), type: file.type })),
    ...mediaElements(entry.image),
  ];
  return element("item", undefined, children, "    ");
}

export function serializeRss(model: FeedModel): string {
  const channel = [
    rssTextElement("title", model.title),
    textElement("link", model.homeUrl),
    rssTextElement("description", model.description),
    textElement("language", model.language),
    ...(model.copyright ? [rssTextElement("copyright", model.copyright)] : []),
    textElement("lastBuildDate", toRfc822(model.updated)),
    textElement("docs", "https://www.rssboard.org/rss-specification"),
    textElement("generator", "Edgefeed"),
    textElement("ttl", String(model.ttlMinutes)),
    emptyElement("atom:link", { href: model.feedUrls.rss, rel: "self", type: "application/rss+xml" }),
    ...(model.hub ? [emptyElement("atom:link", { href: model.hub, rel: "hub" })] : []),
    ...pagingLinks(model.paging, "rss").map(([rel, href]) =>
      emptyElement("atom:link", { href, rel, type: "application/rss+xml" }),
    ),
    ...(model.paging.page === undefined ? [] : ["<fh:archive/>"]),
    ...((model.logo ?? model.icon)
      ? [
          element(
            "image",
            undefined,
            [
              textElement("url", model.logo ?? model.icon ?? ""),
              // The validator (and readers) expect the image's title and link to be the channel's.
              rssTextElement("title", model.title),
              textElement("link", model.homeUrl),
            ],
            "    ",
          ),
        ]
      : []),
    ...model.items.map((entry) => item(model, entry)),
  ];
  const namespaces = model.paging.page === undefined ? NAMESPACES : { ...NAMESPACES, "xmlns:fh": FEED_HISTORY_NS };
  return `${XML_DECLARATION}${element("rss", namespaces, [element("channel", undefined, channel, "  ")])}\n`;
}
