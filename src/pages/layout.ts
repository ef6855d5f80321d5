/**
 * The HTML shell shared by every page: language, title, feed autodiscovery, the one
 * stylesheet and script, a skip link and the landmarks (banner with the site
 * navigation, main, contentinfo), and in the preview, while content/ has errors, an
 * alert naming them, and a note of the served build's warnings. Values enter through text/escape only. Links within the site are
 * root-relative (a page reads the same on every host it is served from); what a
 * reader or a search engine takes away (the canonical URL, the feeds to discover) is
 * absolute.
 */
import { FEED_MEDIA_TYPES } from "../model/formats";
import type { BuildProblem, FeedFormat } from "../model/types";
import { subscribePath } from "../model/urls";
import { counted } from "../text/count";
import { escapeAttribute as attr, escapeText as text } from "../text/escape";

export interface FeedLink {
  format: FeedFormat;
  title: string;
  href: string;
}

/** The navigation entry a page belongs to, marked `aria-current`. */
export type Section = "home" | "tags" | "authors" | "subscribe";

export interface PageOptions {
  title: string;
  lang: string;
  description?: string;
  canonical: string;
  /** Autodiscovery: the feeds a reader should find on this page. */
  feeds: FeedLink[];
  body: string;
  siteTitle: string;
  copyright: string;
  /** The site icon, if site.yaml names one. */
  icon?: string;
  section?: Section;
  /** Errors of content that did not build: shown above the page until they are fixed. */
  problems?: readonly BuildProblem[];
  /** The preview's warnings of the build served: shown below the errors, never in a deploy. */
  warnings?: readonly BuildProblem[];
}

export const STYLESHEET_PATH = "/assets/site.css";
export const SCRIPT_PATH = "/assets/site.js";

function navigation(current: Section | undefined): string {
  const entries: [Section, string, string][] = [
    ["home", "Home", "/"],
    ["tags", "Tags", "/tags"],
    ["authors", "Authors", "/authors"],
    ["subscribe", "Subscribe", subscribePath({ kind: "site" })],
  ];
  const items = entries.map(([section, label, path]) => {
    const marker = section === current ? ` aria-current="page"` : "";
    return `<li><a href="${attr(path)}"${marker}>${label}</a></li>`;
  });
  return `<nav aria-label="Site"><ul>${items.join("")}</ul></nav>`;
}

/** Problems listed one by one; a vocabulary that fails to parse can produce hundreds. */
export const LISTED_PROBLEMS = 20;

function problemLine({ file, field, message, line }: BuildProblem): string {
  const at = `<code>${text(line === undefined ? file : `${file}:${line}`)}</code>`;
  const where = field ? `${at} · <code>${text(field)}</code>` : at;
  return `<li>${where}: ${text(message)}</li>`;
}

/**
 * The preview's alert while content/ has errors: the page below is the last good
 * build, and each error names its file, field and problem. Nothing when there are none.
 */
export function problemsBanner(problems: readonly BuildProblem[]): string {
  if (problems.length === 0) return "";
  const unlisted = problems.length - LISTED_PROBLEMS;
  const more = unlisted > 0 ? `\n<li>and ${unlisted} more: the terminal running the preview lists them all</li>` : "";
  return `<div class="build-problems" role="alert">
<p><strong>${counted(problems.length, "error")} in content/.</strong> This preview still shows the last build without errors. Fix ${problems.length === 1 ? "it" : "them"} and save, then reload.</p>
<ul>
${problems.slice(0, LISTED_PROBLEMS).map(problemLine).join("\n")}${more}
</ul>
</div>
`;
}

/**
 * The preview's note of the served build's warnings, each at its file and line: a
 * status, not an alert, since the build is good. Nothing when there are none.
 */
export function warningsBanner(warnings: readonly BuildProblem[]): string {
  if (warnings.length === 0) return "";
  const unlisted = warnings.length - LISTED_PROBLEMS;
  const more = unlisted > 0 ? `\n<li>and ${unlisted} more: the terminal running the preview lists them all</li>` : "";
  return `<div class="build-warnings" role="status">
<p><strong>${counted(warnings.length, "warning")} in content/.</strong> The preview shows this build; a deploy would publish it as it is.</p>
<ul>
${warnings.slice(0, LISTED_PROBLEMS).map(problemLine).join("\n")}${more}
</ul>
</div>
`;
}

export function layout(options: PageOptions): string {
  const discovery = options.feeds
    .map(
      (feed) =>
        `<link rel="alternate" type="${FEED_MEDIA_TYPES[feed.format]}" title="${attr(feed.title)}" href="${attr(feed.href)}">`,
    )
    .join("\n");
  const description = options.description ? `<meta name="description" content="${attr(options.description)}">\n` : "";
  // Without an icon link, browsers ask for /favicon.ico and log a 404; "data:," says there is none.
  return `<!doctype html>
<html lang="${attr(options.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${text(options.title)}</title>
${description}<link rel="canonical" href="${attr(options.canonical)}">
${discovery}
<link rel="icon" href="${attr(options.icon ?? "data:,")}">
<link rel="stylesheet" href="${STYLESHEET_PATH}">
<script src="${SCRIPT_PATH}" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="masthead"><div class="wrap"><a class="brand" href="/">${text(options.siteTitle)}</a>
${navigation(options.section)}</div></header>
<main id="main" class="wrap">
${problemsBanner(options.problems ?? [])}${warningsBanner(options.warnings ?? [])}${options.body}
</main>
<footer class="colophon"><div class="wrap">
${options.copyright ? `<p>${text(options.copyright)}</p>\n` : ""}<p><a href="${attr(subscribePath({ kind: "site" }))}">Subscribe</a> · <a href="/tags">Every tag has its own feed</a></p>
</div></footer>
</body>
</html>
`;
}
