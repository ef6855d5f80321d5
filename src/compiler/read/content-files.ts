/**
 * What is in a content directory: the articles (`articles/<name>.md`, any case of
 * `.md`, `.markdown`, and page bundles `articles/<name>/index.md` with the files
 * beside them), the site files under `static/`, and everything else, which is
 * reported with its path rather than skipped in silence. Hidden files (`.DS_Store`,
 * `.gitkeep`) are not content and are passed over, except under static/.
 */
import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { isArticleFileName, isBundleIndex } from "./article-path";

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
}

/** The files and folders of content/ Edgefeed reads. */
const KNOWN_ENTRIES = new Set(["site.yaml", "tags.yaml", "authors.yaml", "articles", "static"]);
const READS = "Edgefeed reads site.yaml, tags.yaml, authors.yaml, articles/ and static/";
const NOT_SERVED =
  "is not an article and is not served: put pictures and other files in static/ (served from the site root) or beside a page bundle's index.md";

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

/** Files below `path`, relative to it, sorted; hidden ones only when asked. */
async function filesBelow(path: string, includeHidden = false): Promise<string[]> {
  return (await entries(path, true))
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => slashed(relative(path, join(entry.parentPath, entry.name))))
    .filter((file) => includeHidden || !hidden(file))
    .sort();
}

/** What an entry is, following a symbolic link to what it points at. */
async function kindOf(path: string, entry: Dirent): Promise<"file" | "directory" | "missing"> {
  if (entry.isFile()) return "file";
  if (entry.isDirectory()) return "directory";
  try {
    return (await stat(path)).isDirectory() ? "directory" : "file";
  } catch {
    return "missing";
  }
}

function strayMessage(name: string, isDirectory: boolean): string {
  if (/^(?:site|tags|authors)\.yml$/.test(name)) return `is not read: did you mean ${name.replace(/\.yml$/, ".yaml")}?`;
  if (isArticleFileName(name)) return `is not read: ${READS}; to publish it, move it to articles/${name}`;
  return `is not read: ${READS}${isDirectory ? "; nothing in this folder is published" : ""}`;
}

async function listArticles(dir: string, strays: StrayFile[]): Promise<ArticleSource[]> {
  const root = join(dir, "articles");
  const articles: ArticleSource[] = [];
  for (const entry of (await entries(root, false)).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith(".")) continue;
    const file = `articles/${entry.name}`;
    const kind = await kindOf(join(root, entry.name), entry);
    if (kind === "missing") {
      strays.push({ file, message: "is a link to nothing: it is not published" });
      continue;
    }
    if (kind === "file") {
      if (/^_index\./i.test(entry.name)) {
        strays.push({ file, message: "is a Hugo section page (_index.md), not an article: it is not published" });
      } else if (isArticleFileName(entry.name)) articles.push({ file, bundleFiles: [] });
      else strays.push({ file, message: NOT_SERVED });
      continue;
    }
    const files = await filesBelow(join(root, entry.name));
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
  return articles.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

export async function listContent(dir: string): Promise<ContentLayout> {
  const strays: StrayFile[] = [];
  for (const entry of await entries(dir, false)) {
    if (entry.name.startsWith(".") || KNOWN_ENTRIES.has(entry.name)) continue;
    const file = entry.isDirectory() ? `${entry.name}/` : entry.name;
    strays.push({ file, message: strayMessage(entry.name, entry.isDirectory()) });
  }
  const articles = await listArticles(dir, strays);
  const staticFiles = new Set(await filesBelow(join(dir, "static"), true));
  strays.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { articles, staticFiles, strays };
}
