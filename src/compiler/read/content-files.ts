/**
 * What is in a content directory: the articles (`articles/<name>.md`, any case of
 * `.md`, `.markdown`, and page bundles `articles/<name>/index.md` with the files
 * beside them), the site files under `static/`, and everything else, which is
 * reported with its path rather than skipped in silence. Hidden files (`.DS_Store`,
 * `.gitkeep`) are not content and are passed over, except under static/. Symbolic
 * links are judged here, once (see links.ts): what leads out of content/ is listed
 * apart and never read.
 */
import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { isArticleFileName, isBundleIndex } from "./article-path";
import { contentRoot, leavesContentMessage, linkTarget, NOT_FOLLOWED } from "./links";

export interface ArticleSource {
  /** Relative to the content directory: `articles/a.md`, `articles/b/index.md`. */
  file: string;
  /** For a page bundle, its other files relative to its folder; else empty. */
  bundleFiles: string[];
}

export interface StrayFile {
  /** Relative to the content directory. */
  file: string;
  message: string;
}

export interface ContentLayout {
  articles: ArticleSource[];
  /** Files under static/, relative to it: `icon.png` is served as /icon.png. */
  staticFiles: Set<string>;
  strays: StrayFile[];
  /** Links that lead out of content/: errors, and none of them is read (a top-level file included). */
  outside: StrayFile[];
}

/** What a listing found besides articles and static files, and the real path links are judged against. */
interface Findings {
  root: string;
  strays: StrayFile[];
  outside: StrayFile[];
}

/** The files and folders of content/ Edgefeed reads. */
const KNOWN_ENTRIES = new Set(["site.yaml", "tags.yaml", "authors.yaml", "articles", "static"]);
const READS = "Edgefeed reads site.yaml, tags.yaml, authors.yaml, articles/ and static/";
const NOT_SERVED =
  "is not an article and is not served: put pictures and other files in static/ (served from the site root) or beside a page bundle's index.md";

/** An article file's bundle neighbours when it is no page bundle: one frozen list for a million articles. */
const NO_FILES: string[] = Object.freeze([]) as unknown as string[];

function slashed(path: string): string {
  return path.split(sep).join("/");
}

async function entries(path: string, recursive: boolean): Promise<Dirent[]> {
  try {
    return await readdir(path, { withFileTypes: true, recursive });
  } catch {
    return [];
  }
}

function hidden(path: string): boolean {
  return path.split("/").some((segment) => segment.startsWith("."));
}

/**
 * What the entry at `path` (`file` in content/) is to the build: a file or a folder to
 * read, or nothing, when it is a link that must not be followed (then it is reported).
 * `folders` says whether a link to a folder is followed here.
 */
async function kindOf(
  findings: Findings,
  path: string,
  file: string,
  entry: Dirent,
  folders: boolean,
): Promise<"file" | "directory" | undefined> {
  if (entry.isFile()) return "file";
  if (entry.isDirectory()) return "directory";
  if (!entry.isSymbolicLink()) return undefined;
  const target = await linkTarget(findings.root, path);
  if (target === "file") return "file";
  if (target === "folder" && folders) return "directory";
  if (target === "outside") findings.outside.push({ file, message: await leavesContentMessage(path) });
  else findings.strays.push({ file, message: NOT_FOLLOWED[target] });
  return undefined;
}

/**
 * Files below `path` (`base` in content/), relative to it, sorted; hidden ones only
 * when asked. Links are followed to files only: a folder here is listed by readdir
 * itself, and a link to one could lead back up and loop.
 */
async function filesBelow(findings: Findings, path: string, base: string, includeHidden = false): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await entries(path, true)) {
    if (entry.isDirectory()) continue;
    const full = join(entry.parentPath, entry.name);
    const file = slashed(relative(path, full));
    if (!includeHidden && hidden(file)) continue;
    if ((await kindOf(findings, full, `${base}/${file}`, entry, false)) === "file") files.push(file);
  }
  return files.sort();
}

function strayMessage(name: string, isDirectory: boolean): string {
  if (/^(?:site|tags|authors)\.yml$/.test(name)) return `is not read: did you mean ${name.replace(/\.yml$/, ".yaml")}?`;
  if (isArticleFileName(name)) return `is not read: ${READS}; to publish it, move it to articles/${name}`;
  return `is not read: ${READS}${isDirectory ? "; nothing in this folder is published" : ""}`;
}

async function listArticles(dir: string, findings: Findings): Promise<ArticleSource[]> {
  const { strays } = findings;
  const root = join(dir, "articles");
  const articles: ArticleSource[] = [];
  for (const entry of (await entries(root, false)).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith(".")) continue;
    const file = `articles/${entry.name}`;
    // A page bundle may be a link to a folder inside content/: it is read like any folder.
    const kind = await kindOf(findings, join(root, entry.name), file, entry, true);
    if (kind === undefined) continue;
    if (kind === "file") {
      if (/^_index\./i.test(entry.name)) {
        strays.push({ file, message: "is a Hugo section page (_index.md), not an article: it is not published" });
      } else if (isArticleFileName(entry.name)) articles.push({ file, bundleFiles: NO_FILES });
      else strays.push({ file, message: NOT_SERVED });
      continue;
    }
    const files = await filesBelow(findings, join(root, entry.name), file);
    const index = files.find((name) => isBundleIndex(name));
    if (index) {
      articles.push({ file: `${file}/${index}`, bundleFiles: files.filter((name) => name !== index) });
      continue;
    }
    for (const name of files) {
      const base = name.split("/").pop() ?? name;
      strays.push({
        file: `${file}/${name}`,
        message: isArticleFileName(base)
          ? `is not an article: articles are articles/<name>.md or articles/<name>/index.md; move it to articles/${base}`
          : NOT_SERVED,
      });
    }
  }
  return articles.sort(byFile);
}

function byFile(a: { file: string }, b: { file: string }): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

export async function listContent(dir: string): Promise<ContentLayout> {
  const findings: Findings = { root: await contentRoot(dir), strays: [], outside: [] };
  const refused = new Set<string>();
  for (const entry of await entries(dir, false)) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink() && (await linkTarget(findings.root, path)) === "outside") {
      findings.outside.push({ file: entry.name, message: await leavesContentMessage(path) });
      refused.add(entry.name);
    } else if (!KNOWN_ENTRIES.has(entry.name)) {
      const file = entry.isDirectory() ? `${entry.name}/` : entry.name;
      findings.strays.push({ file, message: strayMessage(entry.name, entry.isDirectory()) });
    }
  }
  const articles = refused.has("articles") ? [] : await listArticles(dir, findings);
  const staticFiles = new Set(
    refused.has("static") ? [] : await filesBelow(findings, join(dir, "static"), "static", true),
  );
  return {
    articles,
    staticFiles,
    strays: findings.strays.sort(byFile),
    outside: findings.outside.sort(byFile),
  };
}
