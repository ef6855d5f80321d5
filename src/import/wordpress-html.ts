/**
 * What WordPress stores in an export is not yet the HTML it serves: the classic editor
 * keeps paragraphs as blank-line separated text (WordPress adds the `<p>` on output, in
 * `wpautop`), captions as `[caption]` shortcodes and embeds as `[embed]`. This turns a
 * stored post into the HTML WordPress would have served, so the shared cleaner can
 * take it from there. Block-editor comments (`<!-- wp:… -->`) are dropped on the way.
 */
import { DomUtils } from "htmlparser2";
import { escapeAttribute, escapeText } from "../text/escape";
import { parseHtml } from "./html";

/** Elements WordPress never wraps in a paragraph (its own `$allblocks` list, abridged). */
const BLOCK_ELEMENTS = new Set(
  (
    "address article aside blockquote caption center dd details div dl dt fieldset figcaption figure footer form " +
    "h1 h2 h3 h4 h5 h6 header hr legend li main math menu nav ol p pre section summary table tbody td tfoot th " +
    "thead tr ul iframe script style object video audio"
  ).split(" "),
);

const PARAGRAPH_BREAK = /\n[ \t]*\n/;

/** `[caption …]<img …> Text[/caption]` → a figure with its caption. */
function expandCaption(attributes: string, inner: string): string {
  const nodes = parseHtml(inner).children;
  const media = nodes.filter((node) => DomUtils.isTag(node)).map((node) => DomUtils.getOuterHTML(node));
  const inlineCaption = nodes
    .filter((node) => DomUtils.isText(node))
    .map((node) => DomUtils.textContent(node))
    .join("")
    .trim();
  const attributeCaption = /\bcaption="([^"]*)"/.exec(attributes)?.[1] ?? "";
  const caption = inlineCaption || attributeCaption;
  return `<figure>${media.join("")}${caption ? `<figcaption>${escapeText(caption)}</figcaption>` : ""}</figure>`;
}

/** An embed holds one address; longer text between the tags is no embed. */
const LONGEST_EMBED = 4096;

/**
 * Each `[name …]…[/name]` pair replaced by what `expand` makes of its attributes and
 * inner text, or left as it is when `expand` returns undefined. The tags are found by
 * position, each searched for once, so text with many unclosed openers costs one pass
 * (a pattern would search from each opener to the end of the text).
 */
function replacePairs(
  content: string,
  name: string,
  expand: (attributes: string, inner: string) => string | undefined,
): string {
  const opener = `[${name}`;
  const closer = `[/${name}]`;
  let out = "";
  let cursor = 0;
  let close = -1;
  for (let open = content.indexOf(opener); open >= 0; open = content.indexOf(opener, open + 1)) {
    if (open < cursor) continue;
    const attributesEnd = content.indexOf("]", open);
    if (attributesEnd < 0) break;
    if (close < attributesEnd) close = content.indexOf(closer, attributesEnd);
    if (close < 0) break;
    const expanded = expand(
      content.slice(open + opener.length, attributesEnd),
      content.slice(attributesEnd + 1, close),
    );
    if (expanded === undefined) continue;
    out += content.slice(cursor, open) + expanded;
    cursor = close + closer.length;
  }
  return out + content.slice(cursor);
}

function expandShortcodes(content: string): string {
  const captioned = replacePairs(content, "caption", expandCaption);
  return replacePairs(captioned, "embed", (_attributes, inner) => {
    const url = inner.trim();
    if (inner.length > LONGEST_EMBED || url === "" || /\s/.test(url)) return undefined;
    return `<p><a href="${escapeAttribute(url)}">${escapeText(url)}</a></p>`;
  });
}

/** Inline text as HTML; a single newline inside a paragraph is a line break, as in wpautop. */
function inlineText(text: string): string {
  return escapeText(text).replace(/\n/g, "<br>\n");
}

/** A run of inline HTML as one paragraph, without leading or trailing breaks. */
function paragraph(run: string[]): string {
  let html = run.join("").trim();
  // Cut break by break: a pattern anchored at the end would retry from every break of a long run.
  while (html.startsWith("<br>")) html = html.slice(4).trimStart();
  while (html.endsWith("<br>")) html = html.slice(0, -4).trimEnd();
  return html ? `<p>${html}</p>` : "";
}

/** The paragraphs WordPress's wpautop would add: top-level text split at blank lines. */
function autoParagraphs(content: string): string {
  const output: string[] = [];
  let run: string[] = [];
  const flush = (): void => {
    const html = paragraph(run);
    if (html) output.push(html);
    run = [];
  };
  for (const node of parseHtml(content).children) {
    if (DomUtils.isText(node)) {
      const [first = "", ...rest] = node.data.split(PARAGRAPH_BREAK);
      run.push(inlineText(first));
      for (const part of rest) {
        flush();
        run.push(inlineText(part));
      }
    } else if (DomUtils.isTag(node) && BLOCK_ELEMENTS.has(node.name)) {
      flush();
      output.push(DomUtils.getOuterHTML(node));
    } else if (DomUtils.isTag(node)) {
      run.push(DomUtils.getOuterHTML(node));
    }
    // Comments (block-editor markers among them) are dropped.
  }
  flush();
  return output.join("\n");
}

/** A stored WordPress post as the HTML its site served. */
export function wordpressToHtml(content: string): string {
  return autoParagraphs(expandShortcodes(content.replace(/\r\n?/g, "\n")));
}

/** The part before `<!--more-->`, which WordPress shows as the teaser; undefined without the marker. */
export function teaserBeforeMore(content: string): string | undefined {
  const at = content.indexOf("<!--more");
  return at > 0 ? content.slice(0, at) : undefined;
}
