/**
 * Template syntax from other generators, so that it never reaches a reader: Hugo
 * shortcodes (`{{< … >}}`, `{{% … %}}`) and Liquid tags and outputs (`{% … %}`,
 * `{{ … }}`) in an article body become the Markdown or HTML they stood for
 * (figure, highlight, youtube, vimeo, ref/relref, post_url, link, raw, the site's
 * base URL) or are left out with a warning at their line. Liquid inside code stays
 * as written (it is what a post about templates shows); Hugo shortcodes are
 * expanded everywhere, as Hugo does, unless escaped with `/*` and `*\/` inside.
 */
import { escapeAttribute, escapeText } from "../../text/escape";
import { articleLink } from "../read/article-path";

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

/** No template tag is longer: an opener without a closer within this reach is text. */
const LONGEST_TAG = 4096;

/** Finds closers in one text, each closer's positions searched for once. */
type CloserFinder = (from: number, closer: string) => number;

function closerFinder(text: string): CloserFinder {
  const positions = new Map<string, number[]>();
  const firstAtOrAfter = (list: number[], from: number) => {
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((list[middle] as number) < from) low = middle + 1;
      else high = middle;
    }
    return list[low];
  };
  /** Index of `closer` after `from`, skipping quoted strings; -1 when it does not come within reach. */
  return (from, closer) => {
    let list = positions.get(closer);
    if (!list) {
      list = [];
      for (let at = text.indexOf(closer); at >= 0; at = text.indexOf(closer, at + 1)) list.push(at);
      positions.set(closer, list);
    }
    const end = Math.min(text.length, from + LONGEST_TAG);
    const candidate = firstAtOrAfter(list, from);
    if (candidate === undefined || candidate >= end) return -1;
    if (!/["`]/.test(text.slice(from, candidate))) return candidate;
    for (let i = from; i < end; i++) {
      const char = text[i];
      if (char === '"' || char === "`") {
        const quoteEnd = text.indexOf(char, i + 1);
        if (quoteEnd < 0 || quoteEnd >= end) return -1;
        i = quoteEnd;
      } else if (text.startsWith(closer, i)) return i;
    }
    return -1;
  };
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
  // Argument names come from the body: no `constructor` or `__proto__` may reach an object's prototype.
  const named: Record<string, string> = Object.create(null);
  for (const match of text.matchAll(ARGUMENT)) {
    if (match[1] !== undefined) named[match[1]] = unquote(match[2] ?? "");
    else positional.push(unquote(match[3] ?? ""));
  }
  return { positional, named };
}

function parseConstruct(text: string, start: number, opener: string, findCloser: CloserFinder): Construct | undefined {
  const closer = CLOSERS[opener] as string;
  const close = findCloser(start + opener.length, closer);
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

/**
 * Offsets of fenced code blocks and code spans, where Liquid is text, not a template,
 * sorted and disjoint. A span closes at the next run of as many backticks; each run
 * length keeps its own cursor, so a body full of backticks costs one pass.
 */
function codeRanges(body: string): [number, number][] {
  const fences: [number, number][] = [];
  const fence = /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n {0,3}\1[`~]*[ \t]*(?=\n|$)|(?![\s\S]))/gm;
  for (const match of body.matchAll(fence)) fences.push([match.index, match.index + match[0].length]);
  const runs = [...body.matchAll(/`+/g)].filter((run) => !within(fences, run.index));
  const byLength = new Map<number, number[]>();
  runs.forEach((run, index) => {
    const same = byLength.get(run[0].length) ?? [];
    same.push(index);
    byLength.set(run[0].length, same);
  });
  const cursors = new Map<number, number>();
  const spans: [number, number][] = [];
  for (let index = 0; index < runs.length; index++) {
    const open = runs[index] as RegExpExecArray;
    const length = open[0].length;
    const same = byLength.get(length) as number[];
    let cursor = cursors.get(length) ?? 0;
    while (cursor < same.length && (same[cursor] as number) <= index) cursor++;
    cursors.set(length, cursor);
    const close = same[cursor];
    if (close === undefined) continue;
    const closing = runs[close] as RegExpExecArray;
    spans.push([open.index, closing.index + length]);
    index = close;
  }
  return [...fences, ...spans].sort((a, b) => a[0] - b[0]);
}

/** Whether `offset` falls in one of the sorted, disjoint `ranges`. */
function within(ranges: [number, number][], offset: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [from, to] = ranges[middle] as [number, number];
    if (offset < from) high = middle - 1;
    else if (offset >= to) low = middle + 1;
    else return true;
  }
  return false;
}

function codeBlock(code: string, language: string | undefined): string {
  const longestRun = [...code.matchAll(/`+/g)].reduce((longest, run) => Math.max(longest, run[0].length), 0);
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

/**
 * Where each closing tag (`{{< /name >}}`, `{% endname %}`) starts and ends, found
 * once per name and delimiter, so that many unclosed tags cost one search each.
 */
class Closings {
  private readonly found = new Map<string, { start: number; end: number }[]>();

  constructor(private readonly text: string) {}

  /** The first closing tag of a paired construct after it, if the body has one. */
  after(construct: Construct): { start: number; end: number } | undefined {
    const key = `${construct.kind} ${construct.delimiter} ${construct.name}`;
    let list = this.found.get(key);
    if (!list) {
      const name = construct.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const [open, close] = construct.delimiter === "{{<" ? ["<", ">"] : ["%", "%"];
      const pattern =
        construct.kind === "hugo"
          ? new RegExp(`\\{\\{${open}\\s*/\\s*${name}\\s*${close}\\}\\}`, "g")
          : new RegExp(`\\{%-?\\s*end${name}\\s*-?%\\}`, "g");
      list = [...this.text.matchAll(pattern)].map((match) => ({
        start: match.index,
        end: match.index + match[0].length,
      }));
      this.found.set(key, list);
    }
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((list[middle] as { start: number }).start < construct.end) low = middle + 1;
      else high = middle;
    }
    return list[low];
  }
}

/**
 * Replaces every template construct of `body`. `warn` receives body offsets; the
 * caller turns them into lines of the file.
 */
export function renderTemplates(body: string, warn: TemplateWarn): string {
  const code = codeRanges(body);
  const inCode = (offset: number) => within(code, offset);
  const closings = new Closings(body);
  const findCloser = closerFinder(body);

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
      const construct = parseConstruct(body, start, token, findCloser);
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
      const closing = construct.closing ? undefined : closings.after(construct);
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
    if (Object.hasOwn(VIDEO_SITES, name))
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
