/**
 * An article's body as feeds and its page show it: the article's picture first, as
 * its lead image, unless the body already shows it (readers such as NetNewsWire take
 * the first picture of the content as the item's), then the body completed for the
 * public origin. Feeds never hold the body as a string: they carry it as the pieces
 * the build made (model/pieces.ts), between the lead image and what follows it.
 */
import type { StoredArticle } from "../model/types";
import { absoluteUrl, fillTemplate } from "../model/urls";
import { escapeAttribute } from "../text/escape";

/** The picture put before the body, or "" when there is none or the body shows it already. */
export function leadImageHtml(
  article: StoredArticle,
  origin: string,
  body = fillTemplate(article.body.html(), origin),
): string {
  if (!article.image) return "";
  const src = escapeAttribute(absoluteUrl(origin, article.image));
  return body.includes(`src="${src}"`) ? "" : `<p><img src="${src}" alt=""></p>\n`;
}

export function articleHtml(article: StoredArticle, origin: string): string {
  const body = fillTemplate(article.body.html(), origin);
  return leadImageHtml(article, origin, body) + body;
}
