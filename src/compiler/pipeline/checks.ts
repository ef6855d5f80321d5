/**
 * The checks that need more than one file, or the clock, and so cannot be made while
 * one article is read: unknown fields counted across the archive, pictures and
 * attachments that must exist under content/static/ or in a page bundle, two articles that are one, old
 * paths claimed twice, and an `updated` that lies in the future.
 */
import type { SiteConfig } from "../../model/types";
import { articlePath } from "../../model/urls";
import type { LocalFile, UnknownField } from "../render/article";
import type { Diagnostics } from "../diagnostics";
import type { ArticleFacts } from "../render/process";
import { SITE_FILE } from "../read/site";
import type { FieldPath } from "../read/yaml";

/** Unknown fields, reported once per name with the number of files that carry it. */
export class UnknownFields {
  private readonly byName = new Map<string, { file: string; line?: number }[]>();

  add(file: string, fields: readonly UnknownField[]): void {
    for (const { name, line } of fields) {
      const uses = this.byName.get(name) ?? [];
      uses.push(line === undefined ? { file } : { file, line });
      this.byName.set(name, uses);
    }
  }

  report(diagnostics: Diagnostics): void {
    for (const [name, uses] of this.byName) {
      const [first] = uses as [{ file: string; line?: number }];
      const others = uses.length - 1;
      const count = others === 0 ? "" : ` (in ${uses.length} files: this one and ${others} more)`;
      diagnostics.warning(first.file, name, `unknown field, ignored${count}`, first.line);
    }
  }
}

/** The files the site serves: static/ at the root, each page bundle under its article. */
export interface ServedFiles {
  staticFiles: ReadonlySet<string>;
  bundles: ReadonlyMap<string, ReadonlySet<string>>;
}

export function servedFiles(staticFiles: ReadonlySet<string>, articles: readonly ArticleFacts[]): ServedFiles {
  // Only page bundles have files: a million articles need not each hold an empty set.
  const bundles = new Map<string, ReadonlySet<string>>();
  for (const article of articles) if (article.files.length > 0) bundles.set(article.slug, new Set(article.files));
  return { staticFiles, bundles };
}

function isServed(path: string, served: ServedFiles): boolean {
  if (served.staticFiles.has(path.replace(/^\//, "").replace(/\?.*$/, ""))) return true;
  const bundled = /^\/articles\/([^/]+)\/(.+)$/.exec(path.replace(/\?.*$/, ""));
  return bundled !== null && (served.bundles.get(bundled[1] as string)?.has(bundled[2] as string) ?? false);
}

/** What to do about a path that names no file. */
function whereToPut(path: string, article?: ArticleFacts): string {
  const file = path.replace(/^\//, "").replace(/\?.*$/, "");
  const bundled = /^\/articles\/([^/]+)\/(.+)$/.exec(path);
  if (bundled && article && article.slug === bundled[1] && /\/index\.[^/]+$/.test(article.file)) {
    return `put it in the page bundle as ${article.file.replace(/index\.[^/]+$/, "")}${bundled[2]}`;
  }
  if (article && path.startsWith(`${articlePath("")}`) && !/\/index\.[^/]+$/.test(article.file)) {
    return `put it in content/static/ and write its path from the root (/${file.replace(/^articles\//, "")} for content/static/${file.replace(/^articles\//, "")}), or make the article a page bundle (${articlePath(article.slug).slice(1)}/index.md with the picture beside it)`;
  }
  return `put the file at content/static/${file} (it is served as ${path}), or give an https:// address`;
}

/** A picture a configuration file names by path (site.yaml `icon`, authors.yaml `avatar`) must be a file of content/static/. */
export function checkServedFile(
  file: string,
  field: string,
  path: string | undefined,
  line: number | undefined,
  served: ServedFiles,
  diagnostics: Diagnostics,
): void {
  if (path === undefined || !path.startsWith("/") || isServed(path, served)) return;
  diagnostics.error(file, field, `${path} names no file: ${whereToPut(path)}`, line);
}

/** Site pictures (`icon`, `logo`) written as paths must be files of content/static/. */
export function checkSiteFiles(
  site: SiteConfig | undefined,
  lineOf: (path: FieldPath) => number | undefined,
  served: ServedFiles,
  diagnostics: Diagnostics,
): void {
  for (const field of ["icon", "logo"] as const) {
    checkServedFile(SITE_FILE, field, site?.[field], lineOf([field]), served, diagnostics);
  }
}

/**
 * Reports every file an article names that the site does not serve (see LocalFile),
 * and returns the articles whose picture must be left out.
 */
export function checkArticleFiles(
  articles: readonly ArticleFacts[],
  served: ServedFiles,
  diagnostics: Diagnostics,
): Set<ArticleFacts> {
  const withoutImage = new Set<ArticleFacts>();
  for (const article of articles) {
    for (const local of article.localFiles) {
      if (isServed(local.path, served)) continue;
      report(article, local, diagnostics);
      if (local.missing === "optional") withoutImage.add(article);
    }
  }
  return withoutImage;
}

function report(article: ArticleFacts, local: LocalFile, diagnostics: Diagnostics): void {
  const advice = whereToPut(local.path, article);
  const { file } = article;
  if (local.missing === "error") {
    diagnostics.error(file, local.field, `${local.path} names no file: ${advice}`, local.line);
  } else if (local.missing === "optional") {
    const message = `${local.path} names no file, so the article is published without a picture: ${advice}`;
    diagnostics.warning(file, local.field, message, local.line);
  } else {
    const message = `the image ${local.path} is no file, so readers would see a broken picture: ${advice}`;
    diagnostics.warning(file, "", message, local.line);
  }
}

/** A copied article would be published twice, under two ids. */
export function warnCopies(articles: readonly ArticleFacts[], diagnostics: Diagnostics): void {
  const seen = new Map<string, string>();
  for (const article of articles) {
    const key = article.copyKey;
    const original = seen.get(key);
    if (original === undefined) seen.set(key, article.file);
    else {
      diagnostics.warning(
        article.file,
        "",
        `has the same title and body as ${original}, so it is published twice; delete one of them (or mark it draft: true)`,
        1,
      );
    }
  }
}

/**
 * Each old path answers for one article only, and never takes an article's own address.
 * Returns the articles with a refused old path: their error is reported, and the id it
 * would give them (see model/ids.ts) needs no second one.
 */
export function checkAliases(articles: readonly ArticleFacts[], diagnostics: Diagnostics): Set<ArticleFacts> {
  const refused = new Set<ArticleFacts>();
  // Most archives have no old paths: then a million article addresses need not be made.
  if (!articles.some((article) => article.aliases.length > 0)) return refused;
  const pages = new Map(articles.map((article) => [articlePath(article.slug), article.file]));
  const owners = new Map<string, string>();
  for (const article of articles) {
    if (article.draft) continue;
    for (const alias of article.aliases) {
      const line = article.lines.aliases ?? article.lines.slug;
      const page = pages.get(alias);
      const owner = owners.get(alias);
      if (page !== undefined || owner !== undefined) refused.add(article);
      if (page !== undefined) {
        diagnostics.error(
          article.file,
          "aliases",
          `"${alias}" is the address of ${page}; an old path cannot take it`,
          line,
        );
      } else if (owner !== undefined) {
        diagnostics.error(
          article.file,
          "aliases",
          `"${alias}" is an old path of ${owner} as well; it can lead to one article only`,
          line,
        );
      } else owners.set(alias, article.file);
    }
  }
  return refused;
}

/**
 * A future `updated` would show readers a future date (NetNewsWire drops such items);
 * a scheduled article may carry updated equal to its date.
 */
export function checkUpdatedNotFuture(articles: readonly ArticleFacts[], now: number, diagnostics: Diagnostics): void {
  for (const article of articles) {
    if (article.updated > Math.max(now, article.published)) {
      diagnostics.error(
        article.file,
        "updated",
        "is in the future; set it when the change is published",
        article.lines.updated,
      );
    }
  }
}
