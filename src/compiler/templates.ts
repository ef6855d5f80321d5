/**
 * Template syntax from other generators, so that it never reaches a reader: Hugo
 * shortcodes (`{{< … >}}`, `{{% … %}}`) and Liquid tags and outputs (`{% … %}`,
 * `{{ … }}`) in an article body become the Markdown or HTML they stood for
 * (figure, highlight, youtube, vimeo, ref/relref, post_url, link, raw, the site's
 * base URL) or are left out with a warning at their line. Liquid inside code stays
 * as written (it is what a post about templates shows); Hugo shortcodes are
 * expanded everywhere, as Hugo does, unless escaped with `/*` and `*\/` inside.
 */
import { escapeAttribute, escapeText } from "../text/escape";
import { articleLink } from "./article-path";

/** Reports a problem at an offset of the body. */
export type TemplateWarn = (offset: number, message: string) => void;

type Kind = "hugo" | "liquid" | "output";

interface Construct {
  kind: Kind;
  start: number;
  end: number;
  /** `{{<` or `{{%` for Hugo, so a closing tag can be matched. */
  delimiter: string;
  name: string;
  closing: boolean;
  positional: string[];
  named: Record<string, string>;
  /** The text between the delimiters (an output's expression). */
  inner: string;
}

const OPENER = /\{\{<\/\*|\{\{%\/\*|\{\{[<%]|\{%|\{\{/g;

const CLOSERS: Record<string, string> = {
  "{{</*": "*/>}}",
  "{{%/*": "*/%}}",
  "{{<": ">}}",
  "{{%": "%}}",
  "{%": "%}",
  "{{": "}}",
};

/** Index of `closer` after `from`, skipping quoted strings; -1 when it never comes. */
function findCloser(text: string, from: number, closer: string): number {
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (char === '"' || char === "`") {
      const end = text.indexOf(char, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (text.startsWith(closer, i)) return i;
  }
  return -1;
}

const ARGUMENT = /([\w-]+)=("(?:[^"\\]|\\.)*"|`[^`]*`|'[^']*'|\S+)|("(?:[^"\\]|\\.)*"|`[^`]*`|'[^']*'|\S+)/g;

function unquote(value: string): string {
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
    return value.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  if (/^(`|').*\1$/s.test(value) && value.length >= 2) return value.slice(1, -1);
  return value;
}

function parseArguments(text: string): { positional: string[]; named: Record<string, string> } {
  const positional: string[] = [];
  const named: Record<string, string> = {};
  for (const match of text.matchAll(ARGUMENT)) {
    if (match[1] !== undefined) named[match[1]] = unquote(match[2] ?? "");
    else positional.push(unquote(match[3] ?? ""));
  }
  return { positional, named };
}

function parseConstruct(text: string, start: number, opener: string): Construct | undefined {
  const closer = CLOSERS[opener] as string;
  const close = findCloser(text, start + opener.length, closer);
  if (close < 0) return undefined;
  const end = close + closer.length;
  const inner = text
    .slice(start + opener.length, close)
    .replace(/^-/, "")
    .replace(/-$/, "")
    .trim();
  const kind: Kind = opener === "{%" ? "liquid" : opener === "{{" ? "output" : "hugo";
  if (kind === "output")
    return { kind, start, end, delimiter: opener, name: "", closing: false, positional: [], named: {}, inner };
  const head = /^(\/?)\s*([\w./-]+)/.exec(inner);
  const name = head?.[2] ?? "";
  const args = parseArguments(inner.slice(head?.[0].length ?? 0).replace(/\/$/, ""));
  return { kind, start, end, delimiter: opener, name, closing: head?.[1] === "/", ...args, inner };
}

/** Offsets of fenced code blocks and code spans, where Liquid is text, not a template. */
function codeRanges(body: string): [number, number][] {
  const ranges: [number, number][] = [];
  const fence = /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n {0,3}\1[`~]*[ \t]*(?=\n|$)|(?![\s\S]))/gm;
  for (const match of body.matchAll(fence)) ranges.push([match.index, match.index + match[0].length]);
  const inFence = (offset: number) => ranges.some(([from, to]) => offset >= from && offset < to);
  for (const match of body.matchAll(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g)) {
    if (!inFence(match.index)) ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}

function codeBlock(code: string, language: string | undefined): string {
  const longestRun = Math.max(0, ...[...code.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  const lang = language && /^[\w+#.-]+$/.test(language) ? language : "";
  return `\n${fence}${lang}\n${code.replace(/^[ \t]*\r?\n/, "").replace(/\r?\n[ \t]*$/, "")}\n${fence}\n`;
}

function block(html: string): string {
  return `\n\n${html}\n\n`;
}

function figure(args: Record<string, string>): string | undefined {
  if (!args.src) return undefined;
  const alt = args.alt ?? args.title ?? args.caption ?? "";
  const image = `<img src="${escapeAttribute(args.src)}" alt="${escapeAttribute(alt)}">`;
  const linked = args.link ? `<a href="${escapeAttribute(args.link)}">${image}</a>` : image;
  const caption = [args.title, args.caption].filter((part) => part?.trim()).join(": ");
  return block(`<figure>${linked}${caption ? `<figcaption>${escapeText(caption)}</figcaption>` : ""}</figure>`);
}

const VIDEO_SITES: Record<string, { name: string; url: (id: string) => string }> = {
  youtube: { name: "YouTube", url: (id) => `https://www.youtube.com/watch?v=${id}` },
  vimeo: { name: "Vimeo", url: (id) => `https://vimeo.com/${id}` },
};

function videoLink(site: string, construct: Construct): string | undefined {
  const { name, url } = VIDEO_SITES[site] as { name: string; url: (id: string) => string };
  const id = construct.named.id ?? construct.positional[0] ?? "";
  if (!/^[\w-]{1,64}$/.test(id)) return undefined;
  const title = construct.named.title?.trim();
  const label = title ? `${title} (video on ${name})` : `Video on ${name}`;
  return block(`<p><a href="${escapeAttribute(url(id))}">${escapeText(label)}</a></p>`);
}

/** Liquid's `link` tag: a post becomes its article, any other file keeps its path from the site root. */
function liquidLink(target: string): string | undefined {
  if (/(^|\/)_posts\//.test(target) || /\.(?:md|markdown)$/i.test(target)) return articleLink(target);
  return target ? `/${target.replace(/^\/+/, "")}` : undefined;
}

/** `{{ site.baseurl }}`, `{{ "/img/a.png" | relative_url }}`: what the expression stands for, if we know. */
function liquidOutput(expression: string): string | undefined {
  const [head = "", ...filters] = expression.split("|").map((part) => part.trim());
  let value: string;
  if (/^site\.(?:baseurl|url)$/.test(head)) value = "";
  else if (/^(["']).*\1$/s.test(head)) value = head.slice(1, -1);
  else return undefined;
  for (const filter of filters) {
    const [name = "", argument = ""] = filter.split(":").map((part) => part.trim());
    if (name === "relative_url" || name === "absolute_url") continue;
    if (name === "prepend" && /^site\.(?:baseurl|url)$/.test(argument)) continue;
    if (name === "append" && /^(["']).*\1$/s.test(argument)) value += argument.slice(1, -1);
    else return undefined;
  }
  return value;
}

function shown(construct: Construct): string {
  if (construct.kind === "output") return `{{ ${construct.inner} }}`;
  return construct.kind === "liquid"
    ? `{% ${construct.name} %}`
    : `${construct.delimiter} ${construct.name} ${construct.delimiter === "{{<" ? ">}}" : "%}}"}`;
}

function describe(construct: Construct): string {
  const what =
    construct.kind === "hugo" ? "Hugo shortcode" : construct.kind === "liquid" ? "Liquid tag" : "Liquid output";
  return `${what} ${shown(construct)}`;
}

/** The matching closing tag of a paired construct, if the body has one. */
function findClosing(text: string, construct: Construct): { start: number; end: number } | undefined {
  const name = construct.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern =
    construct.kind === "hugo"
      ? new RegExp(
          `\\{\\{${construct.delimiter === "{{<" ? "<" : "%"}\\s*/\\s*${name}\\s*${construct.delimiter === "{{<" ? ">" : "%"}\\}\\}`,
          "g",
        )
      : new RegExp(`\\{%-?\\s*end${name}\\s*-?%\\}`, "g");
  pattern.lastIndex = construct.end;
  const match = pattern.exec(text);
  return match ? { start: match.index, end: match.index + match[0].length } : undefined;
}

/**
 * Replaces every template construct of `body`. `warn` receives body offsets; the
 * caller turns them into lines of the file.
 */
export function renderTemplates(body: string, warn: TemplateWarn): string {
  const code = codeRanges(body);
  const inCode = (offset: number) => code.some(([from, to]) => offset >= from && offset < to);

  const render = (from: number, to: number): string => {
    let out = "";
    let cursor = from;
    const opener = new RegExp(OPENER.source, "g");
    opener.lastIndex = from;
    for (let match = opener.exec(body); match && match.index < to; match = opener.exec(body)) {
      const token = match[0];
      const start = match.index;
      if (token === "{{</*" || token === "{{%/*") {
        const close = body.indexOf(CLOSERS[token] as string, start);
        if (close < 0 || close >= to) continue;
        // Escaped on purpose, to show the shortcode itself: it is text, as Hugo prints it.
        const literalClose = token[2] === "<" ? ">}}" : "%}}";
        out += `${body.slice(cursor, start)}${token.slice(0, 3)}${body.slice(start + token.length, close)}${literalClose}`;
        cursor = opener.lastIndex = close + token.length;
        continue;
      }
      const construct = parseConstruct(body, start, token);
      if (!construct || construct.end > to) {
        if (token !== "{{" && !inCode(start))
          warn(start, `${token} opens a template tag that never closes; it is shown as written`);
        continue;
      }
      if (construct.kind !== "hugo" && inCode(start)) {
        // `{% raw %}` around code only tells Liquid to leave the code alone: the markers go.
        if (!/^(?:end)?raw$/.test(construct.name)) continue;
        out += body.slice(cursor, start);
        cursor = opener.lastIndex = construct.end;
        continue;
      }
      out += body.slice(cursor, start);
      const closing = construct.closing ? undefined : findClosing(body, construct);
      const paired = closing && closing.end <= to ? closing : undefined;
      const inner = paired ? body.slice(construct.end, paired.start) : "";
      out += expand(construct, paired ? inner : undefined, () => (paired ? render(construct.end, paired.start) : ""));
      cursor = opener.lastIndex = paired ? paired.end : construct.end;
    }
    return out + body.slice(cursor, to);
  };

  const expand = (construct: Construct, inner: string | undefined, renderInner: () => string): string => {
    const name = construct.name.toLowerCase();
    const dropped = (suffix = "left out; write what it showed as Markdown") => {
      warn(construct.start, `${describe(construct)} has no equivalent here: ${suffix}`);
      return "";
    };
    if (construct.kind === "output") return liquidOutput(construct.inner) ?? dropped("left out; write the text itself");
    if (construct.closing) return dropped("a closing tag without its opening one, left out");
    if (name === "raw" && construct.kind === "liquid") return inner ?? "";
    if (name === "comment" && construct.kind === "liquid" && inner !== undefined) return "";
    if (name === "highlight") {
      const language = construct.named.lang ?? construct.positional[0];
      return inner === undefined
        ? dropped("no {% endhighlight %} or closing shortcode follows it")
        : codeBlock(inner, language);
    }
    if (name === "figure" && construct.kind === "hugo")
      return figure(construct.named) ?? dropped("it has no src, so it was left out");
    if (name in VIDEO_SITES)
      return videoLink(name, construct) ?? dropped("its video id is missing or malformed, so it was left out");
    const target = construct.named.path ?? construct.positional[0] ?? "";
    if ((name === "ref" || name === "relref") && construct.kind === "hugo") return articleLink(target) ?? dropped();
    if (name === "post_url" && construct.kind === "liquid") return articleLink(target) ?? dropped();
    if (name === "link" && construct.kind === "liquid") return liquidLink(target) ?? dropped();
    if (inner !== undefined) return dropped("its tags are left out and its content kept") + renderInner();
    return dropped();
  };

  return render(0, body.length);
}
