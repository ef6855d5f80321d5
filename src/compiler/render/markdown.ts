/**
 * Article bodies: Markdown (with inline HTML) rendered by marked, then cut down by
 * sanitize-html to an allow-list, so no script, event handler, `javascript:` URL,
 * iframe or inline style reaches a reader. Relative links are resolved against the
 * article's own page and left as templates, completed with the public origin at
 * serve time (see HtmlTemplate).
 */
import { Parser } from "htmlparser2";
import { Marked, type RendererObject, type Token } from "marked";
import sanitizeHtml from "sanitize-html";
import type { HtmlTemplate } from "../../model/types";
import { stripXmlIllegal } from "../../text/xml-chars";
import { NestedTooDeeply, nestingLimit } from "./html-nesting";
import { type BodyProblem, PartRefused, renderGuarded } from "./markdown-guard";

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
  /** Which path made it: `plain` (marked's tokens alone) or `sanitized` (sanitize-html); for tests and benchmarks. */
  path: "plain" | "sanitized";
  /** Blocks published as plain text because they could not be rendered (see markdown-guard.ts). */
  problems: BodyProblem[];
}

/**
 * HTML nested deeper than this is not sanitised: browsers stop nesting at 512 anyway,
 * and beyond it sanitize-html's parser slows with the square of the length.
 */
const MAX_HTML_NESTING = 512;

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

/** How one body's URLs are written: resolved against its page, local ones behind the origin token. */
interface UrlContext {
  pageUrl: URL;
  token: string;
  localImages: { src: string; path: string }[];
}

/** A URL attribute's value as the body keeps it, or undefined when it must go; notes a local picture. */
function contentUrl(value: string, tagName: string, name: string, context: UrlContext): string | undefined {
  const resolved = resolveContentUrl(value, context.pageUrl);
  if (tagName === "img" && name === "src" && resolved?.startsWith("/")) {
    context.localImages.push({ src: value, path: decodePath(resolved) });
  }
  return resolved?.startsWith("/") ? `${context.token}${resolved}` : resolved;
}

/** The general path: marked's HTML, raw HTML included, cut down by sanitize-html. */
function sanitized(rawHtml: string, context: UrlContext): string {
  const transform: sanitizeHtml.Transformer = (tagName, attribs) => {
    const attributes: Record<string, string> = { ...attribs };
    for (const name of URL_ATTRIBUTES) {
      const value = attributes[name];
      if (value === undefined) continue;
      const kept = contentUrl(value, tagName, name, context);
      if (kept === undefined) delete attributes[name];
      else attributes[name] = kept;
    }
    if (tagName === "a" && attributes.href?.startsWith("http")) attributes.rel = "noopener";
    return { tagName, attribs: attributes };
  };
  const nesting = nestingLimit(MAX_HTML_NESTING);
  return sanitizeHtml(rawHtml, {
    ...SAFE_HTML,
    // An h1 in a body would compete with the page title: demote it.
    transformTags: { h1: "h2", a: transform, img: transform, blockquote: transform, q: transform },
    onOpenTag: nesting.open,
    onCloseTag: nesting.close,
  });
}

/**
 * The plain path. Most bodies are Markdown without a single HTML tag, and for them
 * marked's own tokens are all there is: this renderer writes each token as
 * sanitize-html would have written marked's HTML for it (the same tags, attributes,
 * URLs and escapes, byte for byte; tests/compiler/markdown.test.ts holds the two paths
 * to that), so sanitize-html, a third of a cold build's rendering, is needed only for
 * bodies with raw HTML. It takes only what it can write exactly: a body with an `&`
 * (entities, whose decoding is sanitize-html's business), a control character, or a
 * URL it would not keep as it is, goes the general way.
 */
class NotPlain extends Error {}

const PLAIN_TOKENS = new Set([
  "space",
  "code",
  "blockquote",
  "heading",
  "hr",
  "list",
  "list_item",
  "paragraph",
  "table",
  "def",
  "strong",
  "em",
  "codespan",
  "br",
  "del",
  "link",
  "image",
  "text",
  "escape",
  "checkbox",
]);

/** sanitize-html's escapes: text keeps quotes as they are, attributes escape the double one. */
const escapeText = (text: string) => text.replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeAttribute = (text: string) => escapeText(text).replace(/"/g, "&quot;");

/** marked's link and image targets, percent-encoded as marked encodes them. */
function encodedTarget(href: string): string {
  try {
    return encodeURI(href).replace(/%25/g, "%");
  } catch {
    throw new NotPlain();
  }
}

/** The body being rendered on the plain path (rendering is synchronous, one body at a time). */
let current: UrlContext | undefined;

function plainRenderer(): RendererObject {
  /** A URL the general path would keep as the plain path writes it: http(s), or this site's own. */
  const url = (href: string, tagName: string, name: string) => {
    const kept = contentUrl(encodedTarget(href), tagName, name, current as UrlContext);
    if (kept === undefined || kept.startsWith("mailto:")) throw new NotPlain();
    return kept;
  };
  return {
    code: ({ text }) => `<pre><code>${escapeText(text ? `${text.replace(/\n$/, "")}\n` : "")}</code></pre>\n`,
    heading({ tokens, depth }) {
      const level = Math.max(depth, 2);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
    hr: () => "<hr />\n",
    checkbox: () => " ",
    tablecell({ tokens, header }) {
      const tag = header ? "th" : "td";
      return `<${tag}>${this.parser.parseInline(tokens)}</${tag}>\n`;
    },
    codespan: ({ text }) => `<code>${escapeText(text)}</code>`,
    br: () => "<br />",
    link({ href, title, tokens }) {
      const target = url(href, "a", "href");
      const rel = target.startsWith("http") ? ' rel="noopener"' : "";
      const titled = title ? ` title="${escapeAttribute(title)}"` : "";
      return `<a href="${escapeAttribute(target)}"${titled}${rel}>${this.parser.parseInline(tokens)}</a>`;
    },
    image({ href, title, tokens, text }) {
      const alt = tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : text;
      const titled = title ? ` title="${escapeAttribute(title)}"` : "";
      return `<img src="${escapeAttribute(url(href, "img", "src"))}" alt="${escapeAttribute(alt)}"${titled} />`;
    },
    text(token) {
      if ("tokens" in token && token.tokens) return this.parser.parseInline(token.tokens);
      return escapeText(token.text);
    },
  };
}

const plainMarked = new Marked({ gfm: true, breaks: false, async: false, renderer: plainRenderer() });

/** Whether every token is one the plain renderer writes. */
function allPlain(tokens: readonly Token[]): boolean {
  let plain = true;
  marked.walkTokens(tokens as Token[], (token) => {
    if (!PLAIN_TOKENS.has(token.type)) plain = false;
  });
  return plain;
}

/** A body through the plain path, or undefined when it must take the general one. */
export function renderPlain(tokens: Token[], context: UrlContext): string | undefined {
  if (!allPlain(tokens)) return undefined;
  const localImages = context.localImages.length;
  current = context;
  try {
    return plainMarked.parser(tokens);
  } catch (error) {
    if (!(error instanceof NotPlain)) throw error;
    context.localImages.length = localImages;
    return undefined;
  } finally {
    current = undefined;
  }
}

/** Characters the plain path leaves to sanitize-html: entities, and controls a parser may treat its own way. */
const NOT_PLAIN_TEXT = /[&\0-\x08\x0B\x0C\x0E-\x1F\x7F]/;

/**
 * Renders and sanitises a body. Relative URLs resolve against `basePath`: the
 * article's page, or its page bundle's folder (`/articles/<slug>/`) when it has one.
 * `general` forces the general path (sanitize-html), for the tests that compare the two.
 */
export function renderMarkdown(markdown: string, basePath: string, { general = false } = {}): RenderedBody {
  const localImages: { src: string; path: string }[] = [];
  // One random token serves every body that does not happen to contain it.
  while (markdown.includes(sharedToken)) sharedToken = randomToken();
  const context: UrlContext = { pageUrl: new URL(basePath, SENTINEL_ORIGIN), token: sharedToken, localImages };
  const token = sharedToken;

  let path: RenderedBody["path"] = "plain";
  const renderPart = (part: string): string => {
    const images = localImages.length;
    try {
      const tokens = marked.lexer(part);
      const plain = general || NOT_PLAIN_TEXT.test(part) ? undefined : renderPlain(tokens, context);
      if (plain !== undefined) return plain;
      path = "sanitized";
      return sanitized(marked.parser(tokens), context);
    } catch (error) {
      // A part that failed half-way keeps none of its pictures: it is rendered again or shown as text.
      localImages.length = images;
      throw error instanceof NestedTooDeeply ? new PartRefused(`${error.message} here`) : error;
    }
  };
  const rendered = renderGuarded(markdown, renderPart);
  const html = stripXmlIllegal(rendered.html).trim();

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
    path,
    problems: rendered.problems,
  };
}

/** The words of some HTML, whitespace folded; streamed, so no depth of nesting can exhaust the stack. */
function plainText(html: string): string {
  const words: string[] = [];
  new Parser({ ontext: (text) => words.push(text) }).end(html);
  return words.join("").replace(/\s+/g, " ").trim();
}

/** Shortens text to at most `max` characters at a word boundary, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, "")}…`;
}
