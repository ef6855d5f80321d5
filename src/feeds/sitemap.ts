/**
 * Sitemaps (sitemaps.org protocol 0.9): a `urlset` of pages with absolute `loc` and a
 * W3C Datetime `lastmod`, or a `sitemapindex` over numbered sitemaps. Written with
 * the same XML writer as the feeds, so every value is escaped in one place.
 */
import { absoluteUrl } from "../model/urls";
import type { SitemapEntry } from "../query/sitemap";
import { toRfc3339 } from "../text/dates";
import { element, textElement, XML_DECLARATION } from "./xml";

const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";

/** `entries` as `<name><loc/><lastmod/></name>` elements inside `<root>`. */
function document(root: string, name: string, entries: readonly SitemapEntry[], origin: string): string {
  const children = entries.map((entry) =>
    element(
      name,
      undefined,
      [textElement("loc", absoluteUrl(origin, entry.path)), textElement("lastmod", toRfc3339(entry.lastModified))],
      "  ",
    ),
  );
  return `${XML_DECLARATION}${element(root, { xmlns: SITEMAP_NS }, children)}\n`;
}

export function serializeUrlset(entries: readonly SitemapEntry[], origin: string): string {
  return document("urlset", "url", entries, origin);
}

/** A sitemap index: each entry is one sitemap and the newest change among the pages it lists. */
export function serializeSitemapIndex(sitemaps: readonly SitemapEntry[], origin: string): string {
  return document("sitemapindex", "sitemap", sitemaps, origin);
}
