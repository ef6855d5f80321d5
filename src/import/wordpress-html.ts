/**
 * What WordPress stores in an export is not yet the HTML it serves: the classic editor
 * keeps paragraphs as blank-line separated text (WordPress adds the `<p>` on output, in
 * `wpautop`), captions as `[caption]` shortcodes and embeds as `[embed]`. This turns a
 * stored post into the HTML WordPress would have served, so the shared cleaner can
 * take it from there. Block-editor comments (`<!-- wp:… -->`) are dropped on the way.
 */
import { DomUtils, parseDocument } from "htmlparser2";
import { escapeAttribute, escapeText } from "../text/escape";

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
function expandCaption(_match: string, attributes: string, inner: string): string {
  const nodes = parseDocument(inner).children;
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

function expandShortcodes(content: string): string {
  return content
    .replace(/\[caption([^\]]*)\]([\s\S]*?)\[\/caption\]/g, expandCaption)
    .replace(/\[embed[^\]]*\]\s*(\S+?)\s*\[\/embed\]/g, (_match, url: string) => {
      return `<p><a href="${escapeAttribute(url)}">${escapeText(url)}</a></p>`;
    });
}

/** Inline text as HTML; a single newline inside a paragraph is a line break, as in wpautop. */
function inlineText(text: string): string {
  return escapeText(text).replace(/\n/g, "<br>\n");
}

/** A run of inline HTML as one paragraph, without leading or trailing breaks. */
function paragraph(run: string[]): string {
  const html = run
    .join("")
    .trim()
    .replace(/^(<br>\s*)+|(<br>\s*)+$/g, "")
    .trim();
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
  for (const node of parseDocument(content).children) {
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
