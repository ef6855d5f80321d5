/**
 * OPML 2.0 subscription list: every public feed (the site's, each tag's and each
 * author's, in each format) as an outline with text, type, xmlUrl and htmlUrl, for one-click bulk
 * subscribe in readers that import OPML.
 */
import { FEED_FORMATS, FORMAT_LABELS } from "../model/formats";
import { scopeTitle } from "../model/scope";
import { absoluteUrl, feedPath, scopePagePath } from "../model/urls";
import type { Archive } from "../query/archive";
import { toRfc822 } from "../text/dates";
import { element, emptyElement, textElement, XML_DECLARATION } from "./xml";

const OPML_VERSIONS = { rss: "RSS2", atom: "ATOM1", json: "JSONFEED1.1" } as const;

export function serializeOpml(archive: Archive, now: number, origin: string, updated: number): string {
  const { site } = archive;
  const outlines = archive.subscribableScopes(now).flatMap((scope) =>
    FEED_FORMATS.map((format) => {
      const label = `${scopeTitle(site, scope)} (${FORMAT_LABELS[format]})`;
      return emptyElement("outline", {
        text: label,
        title: label,
        type: "rss",
        version: OPML_VERSIONS[format],
        xmlUrl: absoluteUrl(origin, feedPath(scope, format)),
        htmlUrl: absoluteUrl(origin, scopePagePath(scope)),
        language: site.language,
      });
    }),
  );
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
  return `${XML_DECLARATION}${element("opml", { version: "2.0" }, [head, element("body", undefined, outlines, "  ")])}\n`;
}
