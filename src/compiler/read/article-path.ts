/**
 * How a file's path names an article: `articles/<name>.md` (or `.markdown`, in any
 * case) and the page bundle `articles/<name>/index.md`; a Jekyll name
 * `2023-06-01-<name>` gives the day as well. The same rule turns a reference written
 * in another generator's syntax (Hugo's ref, Jekyll's post_url) into an article.
 */
import { articlePath } from "../../model/urls";
import { SLUG_PATTERN, slugify } from "../../text/slug";

const ARTICLE_EXTENSION = /\.(?:md|markdown)$/i;
const BUNDLE_INDEX = /^index\.(?:md|markdown)$/i;
const JEKYLL_NAME = /^(\d{4}-\d{2}-\d{2})-(.+)$/;

export function isArticleFileName(name: string): boolean {
  return ARTICLE_EXTENSION.test(name);
}

export function isBundleIndex(name: string): boolean {
  return BUNDLE_INDEX.test(name);
}

export interface ArticleName {
  /** The name the slug comes from, without a Jekyll date. */
  name: string;
  /** `YYYY-MM-DD` from a Jekyll file name. */
  day?: string;
}

/** `articles/2023-06-01-talks.md` → talks (and 2023-06-01); `articles/talks/index.md` → talks. */
export function articleName(path: string): ArticleName {
  const segments = path.split("/").filter((segment) => segment !== "");
  let last = segments.pop() ?? "";
  if (/^_?index(?:\.\w+)?$/i.test(last) && segments.length > 0) last = segments.pop() ?? "";
  const stem = last.replace(ARTICLE_EXTENSION, "").replace(/\.html?$/i, "");
  const jekyll = JEKYLL_NAME.exec(stem);
  return jekyll ? { name: jekyll[2] as string, day: jekyll[1] as string } : { name: stem };
}

/** The slug a name gives, slugified when it is not one already ("" when nothing usable is left). */
export function slugFromName(name: string): string {
  return SLUG_PATTERN.test(name) ? name : slugify(name);
}

/** The page a reference to another post leads to: `posts/2019-01-01-talks.md#x` → `/articles/talks#x`. */
export function articleLink(reference: string): string | undefined {
  const [path = "", fragment] = reference.trim().split("#", 2);
  const slug = slugFromName(articleName(path).name);
  if (!slug) return undefined;
  return `${articlePath(slug)}${fragment ? `#${fragment}` : ""}`;
}
