/**
 * XML reading for the feed formats. saxes decides well-formedness (XML 1.0 and
 * namespaces) and gives the line of the first fault, so a truncated export is an
 * error with its place; @xmldom/xmldom then builds the DOM the readers walk, with a
 * line number on every element. The helpers look elements up by namespace and local
 * name, never by prefix, since a feed may bind any prefix it likes.
 *
 * Both parsers resolve an element's namespace by looking through every element still
 * open, so a document nested a hundred thousand deep takes minutes: the first pass
 * stops at MAX_XML_DEPTH (the limit libxml2, and with it many feed readers, applies),
 * and at the first fault, so that reading stays linear in the document's length.
 */
import { DOMParser, type Document, type Element } from "@xmldom/xmldom";
import { SaxesParser } from "saxes";
import { ImportError } from "./problems";

export const NS = {
  atom: "http://www.w3.org/2005/Atom",
  content: "http://purl.org/rss/1.0/modules/content/",
  dc: "http://purl.org/dc/elements/1.1/",
  xml: "http://www.w3.org/XML/1998/namespace",
  xhtml: "http://www.w3.org/1999/xhtml",
} as const;

/** WXR versions 1.0–1.2 each use their own namespace URI under this prefix. */
export const WXR_NAMESPACE_PREFIX = "http://wordpress.org/export/";

/** How deep elements may nest: a feed is a handful of levels, XHTML content a few dozen more. */
export const MAX_XML_DEPTH = 256;

function checkWellFormed(text: string, source: string): void {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let depth = 0;
  parser.on("opentagstart", () => {
    if (++depth <= MAX_XML_DEPTH) return;
    throw new ImportError(
      `${source}: line ${parser.line}`,
      `elements nest more than ${MAX_XML_DEPTH} deep here; the import reads documents nested at most ${MAX_XML_DEPTH} levels (a feed needs a handful)`,
    );
  });
  parser.on("closetag", () => {
    depth--;
  });
  // The first fault is the one to report: the parser is stopped there instead of reading on.
  parser.on("error", (error) => {
    const message = error.message.replace(/^\d+:\d+: /, "");
    const cut = /^unclosed (tag|document)|unexpected end/.test(message);
    const hint = cut ? " (the file looks cut short: download or export it again)" : "";
    throw new ImportError(`${source}: line ${parser.line}`, `not well-formed XML: ${message}${hint}`);
  });
  parser.write(text).close();
}

export function parseXml(text: string, source: string): Document {
  checkWellFormed(text, source);
  const problems: string[] = [];
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") problems.push(message);
    },
  });
  let document: Document;
  try {
    document = parser.parseFromString(text, "text/xml");
  } catch (error) {
    throw new ImportError(source, `not well-formed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (problems.length > 0) throw new ImportError(source, `not well-formed XML: ${problems[0]}`);
  return document;
}

export function childElements(parent: Element, namespace: string | null, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== node.ELEMENT_NODE) continue;
    const element = node as Element;
    if (element.localName === localName && (element.namespaceURI ?? null) === namespace) found.push(element);
  }
  return found;
}

export function firstChild(parent: Element, namespace: string | null, localName: string): Element | undefined {
  return childElements(parent, namespace, localName)[0];
}

/** Text of the first such child, trimmed; undefined when it is absent or blank. */
export function childText(parent: Element, namespace: string | null, localName: string): string | undefined {
  const text = firstChild(parent, namespace, localName)?.textContent?.trim();
  return text ? text : undefined;
}

/** Children in any namespace that starts with the given URI (WXR's versioned namespaces). */
export function childrenInNamespaceFamily(parent: Element, namespacePrefix: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== node.ELEMENT_NODE) continue;
    const element = node as Element;
    if (element.localName === localName && element.namespaceURI?.startsWith(namespacePrefix)) found.push(element);
  }
  return found;
}

export function resolveUrl(reference: string, base: string | undefined): string | undefined {
  try {
    return new URL(reference.trim(), base).href;
  } catch {
    return undefined;
  }
}

/**
 * The base URI in scope at an element: every `xml:base` from the root down, each resolved
 * against the one above it, starting from the document's own URL. Undefined when no
 * absolute base can be formed.
 */
export function xmlBase(element: Element, documentUrl: string | undefined): string | undefined {
  const chain: string[] = [];
  for (let node: Element | null = element; node; node = node.parentNode as Element | null) {
    if (node.nodeType !== node.ELEMENT_NODE) break;
    const base = node.getAttributeNS(NS.xml, "base");
    if (base) chain.unshift(base);
  }
  return chain.reduce<string | undefined>((base, reference) => resolveUrl(reference, base) ?? base, documentUrl);
}

/** Whether any ancestor-or-self sets `xml:base`: then it, not the item's link, is the base. */
export function hasXmlBase(element: Element): boolean {
  for (let node: Element | null = element; node; node = node.parentNode as Element | null) {
    if (node.nodeType !== node.ELEMENT_NODE) return false;
    if (node.getAttributeNS(NS.xml, "base")) return true;
  }
  return false;
}
