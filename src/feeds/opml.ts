/**
 * OPML 2.0 subscription list: every public feed (the site's, each tag's and each
 * author's, in each format) as an outline with text, type, xmlUrl and htmlUrl, for one-click bulk
 * subscribe in readers that import OPML.
 */
import { FEED_FORMATS, FORMAT_LABELS } from "../model/formats";
import { scopeTitle } from "../model/scope";
import { absoluteUrl, feedPath, scopePagePath } from "../model/urls";
import type { FeedScope, SiteConfig } from "../model/types";
import type { Archive } from "../query/archive";
import { toRfc822 } from "../text/dates";
import { element, emptyElement, textElement, XML_DECLARATION } from "./xml";

const OPML_VERSIONS = { rss: "RSS2", atom: "ATOM1", json: "JSONFEED1.1" } as const;

/** A scope's feeds as outlines, each on a line of its own in the OPML body. */
export function opmlOutlines(site: SiteConfig, scope: FeedScope, origin: string): string {
  return FEED_FORMATS.map((format) => {
    const label = `${scopeTitle(site, scope)} (${FORMAT_LABELS[format]})`;
    const outline = emptyElement("outline", {
      text: label,
      title: label,
      type: "rss",
      version: OPML_VERSIONS[format],
      xmlUrl: absoluteUrl(origin, feedPath(scope, format)),
      htmlUrl: absoluteUrl(origin, scopePagePath(scope)),
      language: site.language,
    });
    return `\n    ${outline}`;
  }).join("");
}

/**
 * The OPML list; `outlines` are the outlines of every tag and author when they are
 * written elsewhere (a slot the route fills, pages/lists.ts).
 */
export function serializeOpml(
  archive: Archive,
  now: number,
  origin: string,
  updated: number,
  outlines = archive
    .subscribableScopes(now)
    .slice(1)
    .map((scope) => opmlOutlines(archive.site, scope, origin))
    .join(""),
): string {
  const { site } = archive;
  const head = element(
    "head",
    undefined,
    [
      textElement("title", `${site.title}: all feeds`),
      textElement("dateModified", toRfc822(updated)),
      textElement("ownerName", site.authors[0]?.name ?? site.title),
      textElement("docs", "http://opml.org/spec2.opml"),
    ],
    "  ",
  );
  const body = `<body>${opmlOutlines(site, { kind: "site" }, origin)}${outlines}\n  </body>`;
  return `${XML_DECLARATION}${element("opml", { version: "2.0" }, [head, body])}\n`;
}
