/**
 * Article bodies: Markdown (with inline HTML) rendered by marked, then cut down by
 * sanitize-html to an allow-list, so no script, event handler, `javascript:` URL,
 * iframe or inline style reaches a reader. Relative links are resolved against the
 * article's own page and left as templates, completed with the public origin at
 * serve time (see HtmlTemplate).
 */
import { DomUtils, parseDocument } from "htmlparser2";
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";
import type { HtmlTemplate } from "../model/types";
import { stripXmlIllegal } from "../text/xml-chars";

const marked = new Marked({ gfm: true, breaks: false, async: false });

/** A base no real link can point to, used only to resolve relative URLs. */
const SENTINEL_ORIGIN = "https://edgefeed.invalid";

const URL_ATTRIBUTES = ["href", "src", "cite"] as const;

const ALLOWED_TAGS = [
  "p",
  "br",
  "hr",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "pre",
  "code",
  "em",
  "strong",
  "b",
  "i",
  "u",
  "s",
  "del",
  "ins",
  "sub",
  "sup",
  "small",
  "mark",
  "abbr",
  "cite",
  "q",
  "a",
  "img",
  "ul",
  "ol",
  "li",
  "dl",
  "dt",
  "dd",
  "figure",
  "figcaption",
  "table",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "th",
  "td",
  "caption",
];

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  a: ["href", "title", "hreflang", "rel"],
  img: ["src", "alt", "title", "width", "height"],
  abbr: ["title"],
  blockquote: ["cite"],
  q: ["cite"],
  ol: ["start"],
  th: ["colspan", "rowspan", "scope"],
  td: ["colspan", "rowspan"],
  "*": ["lang", "dir"],
};

/** The HTML a body may keep, whatever else a caller transforms; the importer cleans imported posts to it too. */
export const SAFE_HTML: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: ALLOWED_ATTRIBUTES,
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src,
};

export interface RenderedBody {
  content: HtmlTemplate;
  /** Plain text of the first paragraph with text, for a summary when the record has none. */
  firstParagraph: string;
  /** Plain text of the whole body, whitespace folded. */
  text: string;
  /** Images on this site's own paths: `src` as written, `path` root-relative and decoded. */
  localImages: { src: string; path: string }[];
}

/** Resolves a URL from content: absolute http(s)/mailto kept, relative ones made root-relative. */
function resolveContentUrl(value: string, pageUrl: URL): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim(), pageUrl);
  } catch {
    return undefined;
  }
  if (url.origin === SENTINEL_ORIGIN) return `${url.pathname}${url.search}${url.hash}`;
  if (url.protocol === "http:" || url.protocol === "https:" || url.protocol === "mailto:") return url.href;
  return undefined;
}

/** The file path a root-relative URL names: no query or fragment, percent-escapes decoded. */
export function decodePath(url: string): string {
  const path = url.replace(/[?#].*$/, "");
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

let sharedToken = randomToken();

function randomToken(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `edgefeed-origin-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Renders and sanitises a body. Relative URLs resolve against `basePath`: the
 * article's page, or its page bundle's folder (`/articles/<slug>/`) when it has one.
 */
export function renderMarkdown(markdown: string, basePath: string): RenderedBody {
  const pageUrl = new URL(basePath, SENTINEL_ORIGIN);
  const localImages: { src: string; path: string }[] = [];
  // One random token serves every body that does not happen to contain it.
  while (markdown.includes(sharedToken)) sharedToken = randomToken();
  const token = sharedToken;

  const rawHtml = marked.parse(markdown) as string;
  const transform: sanitizeHtml.Transformer = (tagName, attribs) => {
    const attributes: Record<string, string> = { ...attribs };
    for (const name of URL_ATTRIBUTES) {
      const value = attributes[name];
      if (value === undefined) continue;
      const resolved = resolveContentUrl(value, pageUrl);
      if (resolved === undefined) delete attributes[name];
      else attributes[name] = resolved.startsWith("/") ? `${token}${resolved}` : resolved;
      if (tagName === "img" && name === "src" && resolved?.startsWith("/")) {
        localImages.push({ src: value, path: decodePath(resolved) });
      }
    }
    if (tagName === "a" && attributes.href?.startsWith("http")) attributes.rel = "noopener";
    return { tagName, attribs: attributes };
  };

  const clean = sanitizeHtml(rawHtml, {
    ...SAFE_HTML,
    // An h1 in a body would compete with the page title: demote it.
    transformTags: { h1: "h2", a: transform, img: transform, blockquote: transform, q: transform },
  });
  const html = stripXmlIllegal(clean).trim();

  // Only the paragraphs up to the first with words are parsed (a paragraph that holds only
  // a picture says nothing a summary could use); sanitize-html never nests one in another.
  let firstParagraph = "";
  for (const [paragraph] of html.matchAll(/<p[\s>][\s\S]*?<\/p>/g)) {
    firstParagraph = plainText(paragraph);
    if (firstParagraph !== "") break;
  }
  let text: string | undefined;
  return {
    content: html.split(token),
    firstParagraph,
    get text() {
      text ??= plainText(html);
      return text;
    },
    localImages,
  };
}

/** The words of some HTML, whitespace folded. */
function plainText(html: string): string {
  return DomUtils.textContent(parseDocument(html).children).replace(/\s+/g, " ").trim();
}

/** Shortens text to at most `max` characters at a word boundary, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, "")}…`;
}
