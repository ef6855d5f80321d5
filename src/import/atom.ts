/**
 * Atom 1.0 feeds (jekyll-feed, Hugo templates, Blogger): `id`, `published` (else
 * `updated`), text constructs of every type, authors inherited from the feed, and
 * `xml:base`, which RFC 4287 makes the base of the relative references inside an
 * element, ahead of the entry's link.
 */
import { type Document, type Element, XMLSerializer } from "@xmldom/xmldom";
import { type ReadContext, laterUpdate, readTimestamp, readXmlItem, requireId } from "./context";
import { decodeEntities, htmlToText, textToHtml } from "./html";
import type { ItemPlace } from "./problems";
import { contentBase, olderPage } from "./rss";
import type { SourceItem, SourcePage } from "./source-item";
import { NS, childElements, childText, firstChild, resolveUrl, xmlBase } from "./xml";

function xhtmlDiv(element: Element): Element | undefined {
  return firstChild(element, NS.xhtml, "div");
}

/** An Atom text construct as plain text. */
function plainText(element: Element | undefined): string {
  if (!element) return "";
  const type = element.getAttribute("type") ?? "text";
  if (type === "html") return htmlToText(element.textContent ?? "");
  if (type === "xhtml") return decodeEntities((xhtmlDiv(element) ?? element).textContent ?? "");
  return decodeEntities(element.textContent ?? "");
}

/** An Atom text or content construct as HTML; out-of-line content (`src`) has none here. */
function asHtml(element: Element | undefined): string {
  if (!element || element.getAttribute("src")) return "";
  const type = element.getAttribute("type") ?? "text";
  if (type === "html") return element.textContent ?? "";
  if (type === "xhtml") {
    const serializer = new XMLSerializer();
    const div = xhtmlDiv(element);
    const children: string[] = [];
    for (let node = div?.firstChild; node; node = node.nextSibling) children.push(serializer.serializeToString(node));
    return children.join("");
  }
  if (type === "text" || type.startsWith("text/")) return textToHtml(element.textContent ?? "");
  return "";
}

function alternateLink(parent: Element, context: ReadContext): string | undefined {
  const links = childElements(parent, NS.atom, "link").filter(
    (link) => (link.getAttribute("rel") ?? "alternate") === "alternate",
  );
  const link = links.find((candidate) => candidate.getAttribute("type") === "text/html") ?? links[0];
  const href = link?.getAttribute("href");
  return link && href ? resolveUrl(href, xmlBase(link, context.url)) : undefined;
}

function authorNames(parent: Element | undefined): string[] {
  if (!parent) return [];
  return childElements(parent, NS.atom, "author")
    .map((author) => decodeEntities(childText(author, NS.atom, "name") ?? ""))
    .filter(Boolean);
}

function readEntry(
  entry: Element,
  position: number,
  feed: { link: string | undefined; authors: string[] },
  context: ReadContext,
): SourceItem | undefined {
  const title = plainText(firstChild(entry, NS.atom, "title"));
  const place: ItemPlace = { source: context.source, position, line: entry.lineNumber, title, noun: "entry" };
  const id = childText(entry, NS.atom, "id");
  const hasId = requireId(id, place, context, "<id>tag:example.org,2023:post-1</id>");
  const published = readTimestamp(childText(entry, NS.atom, "published"), "<published>", place, context);
  const updated = readTimestamp(childText(entry, NS.atom, "updated"), "<updated>", place, context);
  const date = published ?? updated;
  if (!childText(entry, NS.atom, "published") && !childText(entry, NS.atom, "updated")) {
    context.problems.itemError(
      place,
      "has no <published> or <updated>; write e.g. <published>2023-06-01T07:15:00Z</published>",
    );
  }
  if (!hasId || date === undefined) return undefined;

  const link = alternateLink(entry, context);
  const content = firstChild(entry, NS.atom, "content");
  const summaryElement = firstChild(entry, NS.atom, "summary");
  const hasContent = asHtml(content).trim() !== "";
  const source = firstChild(entry, NS.atom, "source");
  const authors = [authorNames(entry), authorNames(source), feed.authors].find((names) => names.length > 0) ?? [];
  const bodyElement = hasContent ? content : summaryElement;
  const result: SourceItem = {
    place,
    id,
    title,
    published: date,
    authors,
    tags: childElements(entry, NS.atom, "category").map((category) =>
      decodeEntities(category.getAttribute("label") || category.getAttribute("term") || ""),
    ),
    html: asHtml(bodyElement),
    base: contentBase(bodyElement ?? entry, link, feed.link, context),
  };
  const later = laterUpdate(date, updated);
  if (later !== undefined) result.updated = later;
  const summary = hasContent ? plainText(summaryElement) : "";
  if (summary) result.summary = summary;
  if (link && /^https?:/i.test(link)) result.link = link;
  return result;
}

export function readAtom(document: Document, context: ReadContext): SourcePage {
  const feed = document.documentElement as Element;
  const feedInfo = { link: alternateLink(feed, context), authors: authorNames(feed) };
  const items = childElements(feed, NS.atom, "entry").flatMap(
    (entry, index) =>
      readXmlItem(entry, index + 1, "entry", context, () => readEntry(entry, index + 1, feedInfo, context)) ?? [],
  );
  const page: SourcePage = { kind: "Atom", items, leftOut: new Map() };
  const older = olderPage(feed, context);
  if (older) page.olderPage = older;
  return page;
}
