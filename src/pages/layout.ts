/**
 * The HTML shell shared by every page: language, title, feed autodiscovery links and
 * a small inline stylesheet. Pages are plain, readable documents; values enter
 * through text/escape only.
 */
import { FEED_MEDIA_TYPES, FORMAT_LABELS } from "../model/formats";
import type { FeedFormat } from "../model/types";
import { escapeAttribute as attr, escapeText as text } from "../text/escape";

export interface FeedLink {
  format: FeedFormat;
  title: string;
  href: string;
}

export interface PageOptions {
  title: string;
  lang: string;
  description?: string;
  canonical: string;
  feeds: FeedLink[];
  body: string;
  siteTitle: string;
  homeUrl: string;
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1d1d1f;--bg:#fdfdfb;--muted:#5f6368;--accent:#0b5cad;--rule:#e3e3df}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e3;--bg:#17181a;--muted:#a4a7ab;--accent:#8ab8f5;--rule:#2e3033}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.6 Georgia,"Iowan Old Style","Times New Roman",serif}
header.site,main,footer.site{max-width:42rem;margin:0 auto;padding:1rem 1.25rem}
header.site{border-bottom:1px solid var(--rule)}
header.site a.brand{font:700 1.25rem/1.2 system-ui,sans-serif;color:var(--fg);text-decoration:none}
nav.site a{margin-right:1rem;font-family:system-ui,sans-serif;font-size:.95rem}
a{color:var(--accent)}
h1,h2,h3{font-family:system-ui,sans-serif;line-height:1.25}
.meta,.muted{color:var(--muted);font-family:system-ui,sans-serif;font-size:.9rem}
ul.articles{list-style:none;padding:0}
ul.articles li{margin:0 0 1.5rem}
ul.tags{padding-left:1.2rem}
.feeds a{margin-right:.75rem}
article img{max-width:100%;height:auto}
blockquote{margin-left:0;padding-left:1rem;border-left:3px solid var(--rule)}
footer.site{border-top:1px solid var(--rule);color:var(--muted);font-size:.875rem}
`;

export function feedLinksHtml(feeds: FeedLink[]): string {
  return feeds
    .map(
      (feed) =>
        `<a href="${attr(feed.href)}" type="${FEED_MEDIA_TYPES[feed.format]}">${FORMAT_LABELS[feed.format]}</a>`,
    )
    .join(" ");
}

export function layout(options: PageOptions): string {
  const discovery = options.feeds
    .map(
      (feed) =>
        `<link rel="alternate" type="${FEED_MEDIA_TYPES[feed.format]}" title="${attr(feed.title)}" href="${attr(feed.href)}">`,
    )
    .join("\n");
  const description = options.description ? `<meta name="description" content="${attr(options.description)}">\n` : "";
  return `<!doctype html>
<html lang="${attr(options.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(options.title)}</title>
${description}<link rel="canonical" href="${attr(options.canonical)}">
${discovery}
<style>${STYLE}</style>
</head>
<body>
<header class="site"><a class="brand" href="${attr(options.homeUrl)}">${text(options.siteTitle)}</a>
<nav class="site" aria-label="Site"><a href="${attr(options.homeUrl)}">Home</a><a href="${attr(`${options.homeUrl}tags`)}">Tags</a></nav></header>
<main>
${options.body}
</main>
<footer class="site"><p>Feeds: ${feedLinksHtml(options.feeds)}</p></footer>
</body>
</html>
`;
}
