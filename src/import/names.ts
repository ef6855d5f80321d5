/**
 * Which file each imported item goes to. The same item always maps to the same file:
 * a file under `articles/` that already carries the item's `id` is its file. A new
 * item is named by the last segment of its old URL (without `.html` or a date prefix),
 * else by its title, made unique against every article already there.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Diagnostics } from "../compiler/diagnostics";
import { readFrontMatter } from "../compiler/read/front-matter";
import { slugify } from "../text/slug";
import type { SourceItem } from "./source-item";

const MAX_SLUG_LENGTH = 80;

interface ExistingArticles {
  /** Record id → file, relative to the content directory (`articles/x.md`). */
  byId: Map<string, string>;
  /** Every slug in use, so a new file never takes one. */
  slugs: Set<string>;
  /** For a wanted slug already handed out, the number to try next (`-2`, `-3`, …). */
  nextNumber: Map<string, number>;
}

/** `articles/<slug>.md` and `articles/<slug>/index.md`, as the compiler reads them. */
async function articleFiles(contentDir: string): Promise<{ file: string; slug: string }[]> {
  let entries;
  try {
    entries = await readdir(join(contentDir, "articles"), { withFileTypes: true });
  } catch {
    return [];
  }
  const files = await Promise.all(
    entries.map(async (entry) => {
      if (entry.isFile() && entry.name.endsWith(".md"))
        return [{ file: `articles/${entry.name}`, slug: entry.name.slice(0, -3) }];
      if (!entry.isDirectory()) return [];
      const inside = await readdir(join(contentDir, "articles", entry.name)).catch((): string[] => []);
      return inside.includes("index.md") ? [{ file: `articles/${entry.name}/index.md`, slug: entry.name }] : [];
    }),
  );
  return files.flat().sort((a, b) => (a.file < b.file ? -1 : 1));
}

function recordId(text: string, file: string): string | undefined {
  const data = readFrontMatter(text, file, new Diagnostics())?.data;
  const id = data && typeof data === "object" ? (data as Record<string, unknown>).id : undefined;
  return typeof id === "string" || typeof id === "number" ? String(id) : undefined;
}

export async function scanArticles(contentDir: string): Promise<ExistingArticles> {
  const byId = new Map<string, string>();
  const slugs = new Set<string>();
  for (const { file, slug } of await articleFiles(contentDir)) {
    slugs.add(slug);
    const id = recordId(await readFile(join(contentDir, file), "utf8"), file);
    if (id !== undefined && !byId.has(id)) byId.set(id, file);
  }
  return { byId, slugs, nextNumber: new Map() };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `/2023/05/04/hello-world.html` → `hello-world`; undefined when the path names nothing. */
function slugFromPath(path: string): string | undefined {
  const segments = path.split("/").filter(Boolean).map(decodeSegment);
  let last = segments.pop();
  while (last !== undefined && /^index\.[a-z]+$/i.test(last)) last = segments.pop();
  if (!last) return undefined;
  const name = last.replace(/\.(html?|php|aspx?|jsp)$/i, "").replace(/^\d{4}-\d{2}-\d{2}-/, "");
  const slug = slugify(name);
  return slug && !/^[\d-]+$/.test(slug) ? slug : undefined;
}

function shorten(slug: string): string {
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  const cut = slug.slice(0, MAX_SLUG_LENGTH);
  return cut.includes("-") ? cut.slice(0, cut.lastIndexOf("-")) : cut;
}

/** The slug an item would like: from its old URL, its WordPress name, its title, or its id. */
function preferredSlug(item: SourceItem, title: string): string {
  const fromLink = item.link ? slugFromPath(new URL(item.link).pathname) : undefined;
  const fromName = item.nameHint ? slugify(decodeSegment(item.nameHint)) : undefined;
  const slug = fromLink || fromName || slugify(title);
  return shorten(slug || `item-${createHash("sha256").update(item.id).digest("hex").slice(0, 8)}`);
}

/** The file for an item: its existing one, else a new `articles/<slug>.md` with a free slug (taken then). */
export function fileFor(item: SourceItem, title: string, existing: ExistingArticles): string {
  const known = existing.byId.get(item.id);
  if (known) return known;
  const wanted = preferredSlug(item, title);
  // Numbers tried before for the same name are taken: a thousand posts named alike cost a
  // thousand tries, not half a million.
  let n = existing.nextNumber.get(wanted) ?? 2;
  let slug = wanted;
  while (existing.slugs.has(slug)) slug = `${wanted}-${n++}`;
  existing.nextNumber.set(wanted, n);
  existing.slugs.add(slug);
  existing.byId.set(item.id, `articles/${slug}.md`);
  return `articles/${slug}.md`;
}

/** The slug a record file is published under (`articles/x.md` and `articles/x/index.md` are both `x`). */
export function slugOfFile(file: string): string {
  return file.replace(/^articles\//, "").replace(/(\/index)?\.md$/, "");
}
