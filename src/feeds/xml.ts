/**
 * A minimal XML writer for the feed serializers: elements and attributes in, a
 * well-formed string out. All escaping goes through text/escape, so no serializer
 * concatenates raw values into markup.
 */
import { escapeAttribute, escapeRssPlainText, escapeText } from "../text/escape";
import { BODY_SLOT, type FeedContent } from "./model";

export type Attributes = Record<string, string | undefined>;

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

/** RFC 5005 feed history namespace, for `fh:archive`. */
export const FEED_HISTORY_NS = "http://purl.org/syndication/history/1.0";

/** Media RSS, whose `media:content` and `media:thumbnail` Feedly, Jekyll and Ghost use for an item's picture. */
export const MEDIA_RSS_NS = "http://search.yahoo.com/mrss/";

function attributes(attrs: Attributes | undefined): string {
  if (!attrs) return "";
  let out = "";
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined) out += ` ${name}="${escapeAttribute(value)}"`;
  }
  return out;
}

/** `<name attrs>text</name>`, with the text escaped. */
export function textElement(name: string, text: string, attrs?: Attributes): string {
  return `<${name}${attributes(attrs)}>${escapeText(text)}</${name}>`;
}

/** An RSS plain-text element (title, category, …), escaped per the RSS Best Practices Profile. */
export function rssTextElement(name: string, text: string, attrs?: Attributes): string {
  return `<${name}${attributes(attrs)}>${escapeRssPlainText(text)}</${name}>`;
}

/** An item's full text as escaped HTML, with a slot where its body goes. */
export function contentElement(name: string, content: FeedContent, attrs?: Attributes): string {
  return `<${name}${attributes(attrs)}>${escapeText(content.before)}${BODY_SLOT}${escapeText(content.after)}</${name}>`;
}

/** `<name attrs/>`. */
export function emptyElement(name: string, attrs: Attributes): string {
  return `<${name}${attributes(attrs)}/>`;
}

/** An item's picture in Media RSS (RSS and Atom alike): the picture itself and its thumbnail. */
export function mediaElements(image: { url: string; type?: string; length?: number } | undefined): string[] {
  if (!image) return [];
  const size = image.length === undefined ? undefined : String(image.length);
  return [
    emptyElement("media:content", { url: image.url, medium: "image", type: image.type, fileSize: size }),
    emptyElement("media:thumbnail", { url: image.url }),
  ];
}

/** `<name attrs>` children `</name>`; children are already-serialized markup. */
export function element(name: string, attrs: Attributes | undefined, children: string[], indent = ""): string {
  const inner = children.map((child) => `${indent}  ${child}`).join("\n");
  return `<${name}${attributes(attrs)}>\n${inner}\n${indent}</${name}>`;
}
