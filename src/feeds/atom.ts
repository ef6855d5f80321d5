/**
 * Atom 1.0 (RFC 4287) serializer: `xml:lang` on the feed (and on entries in another
 * language), `published` and `updated` on every entry, escaped HTML content,
 * categories with the tag slug as term. Plain-text constructs that contain `<` or
 * `&` are sent as `type="html"` (HTML-escaped), so no reader or validator mistakes
 * text such as "a <b> tag" for markup. Authors carry their `uri`; enclosures (see the
 * feed model) are `link rel="enclosure"` with type and length, the picture also Media
 * RSS `media:content` and `media:thumbnail`; the feed has the site's `icon` (square) and `logo` (wide).
 * When the site sends summaries only, entries have no `content`.
 */
import type { Person } from "../model/types";
import { toRfc3339 } from "../text/dates";
import { escapeText } from "../text/escape";
import { type FeedItem, type FeedModel, pagingLinks } from "./model";
import {
  contentElement,
  element,
  emptyElement,
  FEED_HISTORY_NS,
  MEDIA_RSS_NS,
  mediaElements,
  textElement,
  XML_DECLARATION,
} from "./xml";

function textConstruct(name: string, value: string): string {
  return /[<&]/.test(value)
    ? textElement(name, escapeText(value), { type: "html" })
    : textElement(name, value, { type: "text" });
}

function person(name: "author", who: Person, indent: string): string {
  const children = [textElement("name", who.name)];
  if (who.url) children.push(textElement("uri", who.url));
  return element(name, undefined, children, indent);
}

function entry(model: FeedModel, item: FeedItem): string {
  const indent = "  ";
  const children = [
    textElement("id", item.id),
    textConstruct("title", item.title),
    emptyElement("link", { rel: "alternate", type: "text/html", href: item.url }),
    ...item.enclosures.map((file) =>
      emptyElement("link", {
        rel: "enclosure",
        type: file.type,
        length: String(file.length),
        href: file.url,
        title: file.title,
      }),
    ),
    textElement("published", toRfc3339(item.published)),
    textElement("updated", toRfc3339(item.updated)),
    ...item.authors.map((author) => person("author", author, `${indent}  `)),
    ...item.categories.map((category) =>
      emptyElement("category", { term: category.slug, scheme: `${model.tagIndexUrl}/`, label: category.name }),
    ),
    textConstruct("summary", item.summary),
    ...(item.content === undefined ? [] : [contentElement("content", item.content, { type: "html" })]),
    ...mediaElements(item.image),
  ];
  const lang = item.lang === model.language ? undefined : item.lang;
  return element("entry", { "xml:lang": lang }, children, indent);
}

export function serializeAtom(model: FeedModel): string {
  const children = [
    textElement("id", model.id),
    textConstruct("title", model.title),
    textConstruct("subtitle", model.description),
    textElement("updated", toRfc3339(model.updated)),
    emptyElement("link", { rel: "self", type: "application/atom+xml", href: model.feedUrls.atom }),
    ...(model.hub ? [emptyElement("link", { rel: "hub", href: model.hub })] : []),
    emptyElement("link", { rel: "alternate", type: "text/html", href: model.homeUrl }),
    ...pagingLinks(model.paging, "atom").map(([rel, href]) =>
      emptyElement("link", { rel, type: "application/atom+xml", href }),
    ),
    ...(model.paging.page === undefined ? [] : ["<fh:archive/>"]),
    ...model.authors.map((author) => person("author", author, "  ")),
    ...(model.copyright ? [textConstruct("rights", model.copyright)] : []),
    textElement("generator", "Edgefeed"),
    ...(model.icon ? [textElement("icon", model.icon)] : []),
    ...(model.logo ? [textElement("logo", model.logo)] : []),
    ...model.items.map((item) => entry(model, item)),
  ];
  const archive = model.paging.page !== undefined;
  const root = element(
    "feed",
    {
      xmlns: "http://www.w3.org/2005/Atom",
      "xmlns:fh": archive ? FEED_HISTORY_NS : undefined,
      "xmlns:media": MEDIA_RSS_NS,
      "xml:lang": model.language,
    },
    children,
  );
  return `${XML_DECLARATION}${root}\n`;
}
