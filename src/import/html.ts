/**
 * The one place imported HTML is cleaned and converted, whatever the source: cut down
 * by sanitize-html to the compiler's own allow-list (so what is written is what will be
 * published), with every relative URL resolved against the old item's address, then
 * turned into Markdown by turndown. Titles and summaries become plain text here too.
 *
 * Every fragment is measured before any library builds a tree of it (parseHtml): one
 * nested deeper than MAX_NESTING is refused with NestedTooDeeply, which the readers
 * report against its item. Within that depth the libraries take linear time.
 */
import { DomUtils, parseDocument } from "htmlparser2";
import sanitizeHtml from "sanitize-html";
import TurndownService from "turndown";
import { NestedTooDeeply, nestsDeeperThan } from "../compiler/render/html-nesting";
import { SAFE_HTML } from "../compiler/render/markdown";
import { escapeText } from "../text/escape";

/**
 * How deep imported HTML may nest. turndown walks the tree recursively, and the build
 * renders Markdown nested at most 100 levels (see markdown-guard.ts): a list level is
 * two elements here, a quote one, so what is converted is also what the build renders.
 * Real posts stay far below.
 */
export const MAX_NESTING = 100;

export { NestedTooDeeply };

/** What an item whose HTML nests too deeply is told. */
export const NESTED_TOO_DEEPLY = `its HTML nests more than ${MAX_NESTING} elements deep, and at most ${MAX_NESTING} levels can be converted`;

/** The tree of a fragment; throws NestedTooDeeply first when it nests deeper than MAX_NESTING. */
export function parseHtml(html: string): ReturnType<typeof parseDocument> {
  if (nestsDeeperThan(html, MAX_NESTING)) throw new NestedTooDeeply(MAX_NESTING);
  return parseDocument(html);
}

const URL_ATTRIBUTES = ["href", "src", "cite"] as const;

/** Layout containers the allow-list drops: each becomes a paragraph so its text keeps its own block. */
const CONTAINERS = ["div", "section", "article", "header", "footer", "aside", "main", "center"];

/** Elements Markdown cannot express without loss: written as HTML inside the Markdown. */
const KEPT_AS_HTML = ["table", "figure", "dl", "sub", "sup", "mark", "ins", "del", "s", "u", "small", "abbr", "q"];

const BLOCKS = new Set([
  ...CONTAINERS,
  ...["p", "br", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "hr", "figure", "figcaption"],
  ...["h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "caption"],
]);

/** An absolute URL for a content reference; in-page anchors stay as they are. */
function resolveReference(value: string, base: string | undefined): string {
  const reference = value.trim();
  if (reference.startsWith("#")) return reference;
  try {
    return new URL(reference, base ?? (reference.startsWith("//") ? "https:" : undefined)).href;
  } catch {
    return reference;
  }
}

function resolvingTransform(base: string | undefined): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const attributes: Record<string, string> = { ...attribs };
    for (const name of URL_ATTRIBUTES) {
      const value = attributes[name];
      if (value !== undefined) attributes[name] = resolveReference(value, base);
    }
    return { tagName, attribs: attributes };
  };
}

/** An embedded frame (a video, a map) cannot be kept; a link to what it showed can. */
function frameToLink(base: string | undefined): sanitizeHtml.Transformer {
  return (_tagName, attribs) => {
    const src = attribs.src ? resolveReference(attribs.src, base) : "";
    const link: Record<string, string> = src ? { href: src } : {};
    return { tagName: src ? "a" : "span", attribs: link, text: src };
  };
}

/** Sanitised HTML with absolute URLs: no script, style, iframe, comment or event handler survives. */
function cleanHtml(html: string, base: string | undefined): string {
  if (nestsDeeperThan(html, MAX_NESTING)) throw new NestedTooDeeply(MAX_NESTING);
  const resolve = resolvingTransform(base);
  return sanitizeHtml(html, {
    ...SAFE_HTML,
    nonTextTags: ["script", "style", "textarea", "option", "noscript", "template", "title", "head"],
    transformTags: {
      h1: "h2",
      ...Object.fromEntries(CONTAINERS.map((tag) => [tag, "p"])),
      a: resolve,
      img: resolve,
      blockquote: resolve,
      q: resolve,
      iframe: frameToLink(base),
    },
  });
}

/**
 * Kept HTML must not contain a blank line: in Markdown a blank line ends an HTML block
 * and the rest would be read as Markdown. A line break written as `&#10;` keeps the text.
 */
function keepWithoutBlankLines(_content: string, node: TurndownService.Node): string {
  const html = (node as HTMLElement).outerHTML.replace(/\n[ \t\uFDD0]*\n/g, "\n&#10;");
  return (node as HTMLElement & { isBlock?: boolean }).isBlock ? `\n\n${html}\n\n` : html;
}

/** A fenced code block whose fence is longer than any run of backticks inside. */
function fencedBlock(code: string): string {
  // A loop, not Math.max(...runs): spreading a few hundred thousand runs overflows the stack.
  let longestRun = 0;
  for (const run of code.match(/`+/g) ?? []) longestRun = Math.max(longestRun, run.length);
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `\n\n${fence}\n${code.replace(/\n$/, "")}\n${fence}\n\n`;
}

function createTurndown(): TurndownService {
  const service = new TurndownService({
    headingStyle: "atx",
    codeBlockStyle: "fenced",
    bulletListMarker: "-",
    emDelimiter: "_",
    keepReplacement: keepWithoutBlankLines,
  });
  service.keep(KEPT_AS_HTML as TurndownService.TagName[]);
  // turndown fences only <pre><code>; a bare <pre> (WordPress, hand-written HTML) is code too.
  service.addRule("bare-pre", {
    filter: (node) => node.nodeName === "PRE" && node.firstChild?.nodeName !== "CODE",
    replacement: (_content, node) => fencedBlock((node as HTMLElement).textContent ?? ""),
  });
  // turndown escapes Markdown syntax but not HTML: text such as "&lt;b&gt;" must stay text.
  const escapeMarkdown = service.escape.bind(service);
  service.escape = (text) =>
    escapeMarkdown(text)
      .replace(/<(?=[A-Za-z/!?])/g, "\\<")
      .replace(/&(?=#?\w+;)/g, "\\&");
  return service;
}

const turndown = createTurndown();

/**
 * turndown trims what it writes with a pattern anchored at the end, which V8 tries from
 * every character of every run of whitespace: one run of a hundred thousand (blank lines
 * in code, no-break spaces, line breaks in a row) costs minutes. So such runs are cut
 * every few characters by a character turndown keeps as text, a noncharacter no post
 * holds, and the cuts are taken out of the Markdown again. A cut only ever stands
 * between two whitespace characters (or two line breaks), where turndown's own folding
 * of spaces comes out the same with it or without it.
 */
const CUT = "\uFDD0";
const LONG_RUN = /\s{32}(?=\s)/g;

function cutWhitespaceRuns(html: string): string {
  return html
    .split(/(<[^>]*>)/)
    .map((part) => (part.startsWith("<") ? part : part.replace(LONG_RUN, (run) => `${run}${CUT}`)))
    .join("")
    .replace(/<br \/>(?=\s*<br \/>)/g, `<br />${CUT}`);
}

/** The Markdown body of an imported post, ending in one newline (empty when there is no content). */
export function htmlToMarkdown(html: string, base: string | undefined): string {
  // sanitize-html writes `<` and `>` escaped everywhere but in tags, so the text between tags is all text.
  const clean = cutWhitespaceRuns(cleanHtml(html.replaceAll(CUT, ""), base));
  const markdown = turndown
    .turndown(clean)
    .replaceAll(CUT, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return markdown ? `${markdown}\n` : "";
}

type HtmlNode = ReturnType<typeof parseDocument>["children"][number];

function collectText(nodes: HtmlNode[]): string {
  const parts: string[] = [];
  const pending: (HtmlNode | " ")[] = [...nodes].reverse();
  while (pending.length > 0) {
    const node = pending.pop();
    if (node === " ") parts.push(" ");
    else if (node && DomUtils.isText(node)) parts.push(node.data);
    else if (node && DomUtils.isTag(node) && !["script", "style"].includes(node.name)) {
      const block = BLOCKS.has(node.name);
      if (block) pending.push(" ");
      pending.push(...[...node.children].reverse());
      if (block) parts.push(" ");
    }
  }
  return parts.join("").replace(/\s+/g, " ").trim();
}

/** Plain text of an HTML fragment: tags dropped, entities decoded, blocks and whitespace as single spaces. */
export function htmlToText(html: string): string {
  return collectText(parseHtml(html).children);
}

/**
 * Inline markup some feeds put in titles that the format says are plain text. Its
 * attributes stop at the next `<` too, so a title full of unclosed tags is read in one pass.
 */
const INLINE_TAG = /<\/?(a|abbr|b|br|cite|code|em|i|mark|q|s|small|span|strong|sub|sup|u)(\s[^<>]*)?\/?>/i;

/**
 * A title as plain text. RSS says titles are text, yet some feeds put inline HTML in
 * them: markup that looks like such HTML is read as HTML (as feed readers do), anything
 * else keeps its `<` as text (`Less <than> more`); entities are decoded either way.
 */
export function titleText(title: string): string {
  return INLINE_TAG.test(title) ? htmlToText(title) : decodeEntities(title);
}

/** Plain text with HTML entities decoded (`&amp;`, `&#8217;`) but `<` left as text. */
export function decodeEntities(text: string): string {
  return htmlToText(text.replace(/</g, "&lt;"));
}

/** HTML for a plain-text body: each blank-line separated block a paragraph. */
export function textToHtml(text: string): string {
  return text
    .split(/\r?\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => `<p>${escapeText(block).replace(/\r?\n/g, "<br>")}</p>`)
    .join("\n");
}
