/**
 * An article's body as feeds and its page show it: the article's picture first, as
 * its lead image, unless the body already shows it (readers such as NetNewsWire take
 * the first picture of the content as the item's), then the body completed for the
 * public origin.
 */
import type { Article } from "../model/types";
import { absoluteUrl, fillTemplate } from "../model/urls";
import { escapeAttribute } from "../text/escape";

export function articleHtml(article: Article, origin: string): string {
  const body = fillTemplate(article.content, origin);
  if (!article.image) return body;
  const src = escapeAttribute(absoluteUrl(origin, article.image));
  return body.includes(`src="${src}"`) ? body : `<p><img src="${src}" alt=""></p>\n${body}`;
}
