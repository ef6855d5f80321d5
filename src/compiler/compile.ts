/**
 * The build: reads `content/` (site.yaml, tags.yaml, articles/**), validates every
 * record, resolves tags, renders and sanitises bodies, and produces the compact
 * ContentBundle the worker imports. It reports every problem at once; with any
 * error there is no bundle, so nothing half-built is ever published.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { z } from "zod";
import { itemId } from "../model/ids";
import type { Article, ContentBundle, Person, RetiredTag, SiteConfig, Tag } from "../model/types";
import { parseTimestamp } from "../text/dates";
import { SLUG_PATTERN, slugify } from "../text/slug";
import { stripXmlIllegal } from "../text/xml-chars";
import { type Diagnostic, Diagnostics } from "./diagnostics";
import { renderMarkdown, truncate } from "./markdown";
import {
  type ArticleInput,
  articleSchema,
  KNOWN_ARTICLE_FIELDS,
  KNOWN_SITE_FIELDS,
  KNOWN_TAG_FIELDS,
  siteSchema,
  tagSchema,
  tagsFileSchema,
} from "./schema";
import { Vocabulary } from "./tags";
import { parseYaml, readFrontMatter } from "./yaml";

export interface CompileResult {
  /** Present only when there are no errors. */
  bundle?: ContentBundle;
  diagnostics: Diagnostic[];
  /** Drafts seen (validated, never published). */
  drafts: number;
}

const SUMMARY_LENGTH = 300;

/** Deeply removes XML-illegal characters from every string of parsed YAML. */
function cleanStrings<T>(value: T): T {
  if (typeof value === "string") return stripXmlIllegal(value) as T;
  if (Array.isArray(value)) return value.map(cleanStrings) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanStrings(v)])) as T;
  }
  return value;
}

/** The value at a zod issue path, to tell a missing field from a wrong one. */
function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function reportIssues(diagnostics: Diagnostics, file: string, data: unknown, error: z.ZodError, prefix = ""): void {
  for (const issue of error.issues) {
    const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    const field = `${prefix}${path}`.replace(/^\./, "");
    const missing = issue.path.length > 0 && valueAt(data, issue.path) === undefined;
    diagnostics.error(file, field, missing ? "is required" : issue.message);
  }
}

function warnUnknownFields(
  diagnostics: Diagnostics,
  file: string,
  data: unknown,
  known: Set<string>,
  prefix = "",
): void {
  if (!data || typeof data !== "object" || Array.isArray(data)) return;
  for (const key of Object.keys(data)) {
    if (!known.has(key)) diagnostics.warning(file, `${prefix}${key}`, "unknown field, ignored");
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readSite(dir: string, diagnostics: Diagnostics): Promise<SiteConfig | undefined> {
  const file = "site.yaml";
  const path = join(dir, file);
  if (!(await exists(path))) {
    diagnostics.error(file, "", "missing: the site needs title, description, language, domain, authors and copyright");
    return undefined;
  }
  const data = cleanStrings(parseYaml(await readFile(path, "utf8"), file, diagnostics));
  if (data === undefined) return undefined;
  if (!isPlainObject(data)) {
    diagnostics.error(file, "", "must be a mapping of fields (title, description, …)");
    return undefined;
  }
  warnUnknownFields(diagnostics, file, data, KNOWN_SITE_FIELDS);
  const parsed = siteSchema.safeParse(data);
  if (!parsed.success) {
    reportIssues(diagnostics, file, data, parsed.error);
    return undefined;
  }
  const site = parsed.data;
  const config: SiteConfig = {
    title: site.title,
    description: site.description,
    language: site.language,
    domain: site.domain,
    established: site.established ?? "2026-01-01",
    authors: site.authors.map(toPerson),
    copyright: site.copyright,
    feedSize: site.feed_size ?? 20,
  };
  if (site.icon) config.icon = site.icon;
  if (site.hub) config.hub = site.hub;
  return config;
}

async function readVocabulary(dir: string, diagnostics: Diagnostics): Promise<Vocabulary> {
  const file = "tags.yaml";
  const vocabulary = new Vocabulary(file, diagnostics);
  const path = join(dir, file);
  if (!(await exists(path))) return vocabulary;
  const data = cleanStrings(parseYaml(await readFile(path, "utf8"), file, diagnostics));
  if (data === undefined || data === null) return vocabulary;
  const list = tagsFileSchema.safeParse(data);
  if (!list.success) {
    diagnostics.error(file, "", "must be a list of tags, each with slug, name, description and aliases");
    return vocabulary;
  }
  list.data.forEach((entry, index) => {
    warnUnknownFields(diagnostics, file, entry, KNOWN_TAG_FIELDS, `[${index}].`);
    const parsed = tagSchema.safeParse(entry);
    if (!parsed.success) reportIssues(diagnostics, file, entry, parsed.error, `[${index}]`);
    else vocabulary.declare(parsed.data, index);
  });
  vocabulary.settleMerges();
  return vocabulary;
}

function toPerson(input: { name: string; url?: string | undefined }): Person {
  return input.url ? { name: input.name, url: input.url } : { name: input.name };
}

/** Lists `articles/<name>.md` and `articles/<name>/index.md` (Hugo page bundles), sorted. */
async function listArticleFiles(dir: string): Promise<string[]> {
  const root = join(dir, "articles");
  if (!(await exists(root))) return [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".md"))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

function slugOf(file: string): string {
  const inside = file.replace(/^articles\//, "").replace(/\.md$/, "");
  return inside.endsWith("/index") ? inside.slice(0, -"/index".length) : inside;
}

interface ParsedArticle {
  file: string;
  slug: string;
  input: ArticleInput;
  body: string;
  published: number;
  updated: number;
}

function parseArticle(file: string, text: string, diagnostics: Diagnostics, now: number): ParsedArticle | undefined {
  const record = readFrontMatter(text, file, diagnostics);
  if (!record) return undefined;
  const data = cleanStrings(record.data);
  if (!isPlainObject(data)) {
    diagnostics.error(file, "", "front matter must be a mapping of fields (title, date, …)");
    return undefined;
  }
  warnUnknownFields(diagnostics, file, data, KNOWN_ARTICLE_FIELDS);
  const parsed = articleSchema.safeParse(data);
  let ok = parsed.success;
  if (!parsed.success) reportIssues(diagnostics, file, data, parsed.error);

  const date = typeof data.date === "string" ? parseTimestamp(data.date) : undefined;
  if (date && !date.ok) {
    diagnostics.error(file, "date", date.reason);
    ok = false;
  }
  const updated = typeof data.updated === "string" ? parseTimestamp(data.updated) : undefined;
  if (updated && !updated.ok) {
    diagnostics.error(file, "updated", updated.reason);
    ok = false;
  }
  if (date?.ok && updated?.ok && updated.epochMs < date.epochMs) {
    diagnostics.error(file, "updated", "is earlier than date");
    ok = false;
  }
  // A future `updated` would show readers a future date (NetNewsWire drops such items);
  // a scheduled article may carry updated equal to its date.
  if (date?.ok && updated?.ok && updated.epochMs > Math.max(now, date.epochMs)) {
    diagnostics.error(file, "updated", "is in the future; set it when the change is published");
    ok = false;
  }

  let slug = slugOf(file);
  if (!SLUG_PATTERN.test(slug)) {
    const derived = slugify(slug);
    if (!derived) {
      diagnostics.error(file, "", "the file name gives no usable slug; name it with letters, digits and hyphens");
      ok = false;
    } else {
      diagnostics.warning(file, "", `file name is not a slug; published as /articles/${derived}`);
      slug = derived;
    }
  }
  if (!ok || !parsed.success || !date?.ok) return undefined;
  return {
    file,
    slug,
    input: parsed.data,
    body: stripXmlIllegal(record.body),
    published: date.epochMs,
    updated: updated?.ok ? updated.epochMs : date.epochMs,
  };
}

function compareArticles(a: Article, b: Article): number {
  return b.published - a.published || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface CompileOptions {
  /** The build's clock, epoch milliseconds; `updated` may not lie beyond it. */
  now?: number;
}

export async function compileContent(dir: string, options: CompileOptions = {}): Promise<CompileResult> {
  const now = options.now ?? Date.now();
  const diagnostics = new Diagnostics();
  const site = await readSite(dir, diagnostics);
  const vocabulary = await readVocabulary(dir, diagnostics);

  const parsedArticles: ParsedArticle[] = [];
  for (const file of await listArticleFiles(dir)) {
    const text = await readFile(join(dir, file), "utf8");
    const article = parseArticle(file, text, diagnostics, now);
    if (article) parsedArticles.push(article);
  }

  const bySlug = new Map<string, string>();
  const byId = new Map<string, string>();
  const articles: Article[] = [];
  let drafts = 0;
  for (const { file, slug, input, body, published, updated } of parsedArticles) {
    const slugOwner = bySlug.get(slug);
    if (slugOwner) {
      diagnostics.error(file, "", `duplicate slug "${slug}": ${slugOwner} has it too`);
      continue;
    }
    bySlug.set(slug, file);
    const id = itemId(site?.domain ?? "invalid.example", published, input.id ?? slug);
    const idOwner = byId.get(id);
    if (idOwner) {
      diagnostics.error(file, input.id ? "id" : "", `duplicate id "${id}": ${idOwner} has it too`);
      continue;
    }
    byId.set(id, file);

    const tags: string[] = [];
    (input.tags ?? []).forEach((spelling, i) => {
      // A draft is validated but must not bring an undeclared tag into existence.
      const slugForTag = input.draft ? vocabulary.find(spelling) : vocabulary.resolve(spelling, file, `tags[${i}]`);
      // A retired tag stays in old records but is published nowhere.
      if (slugForTag && !tags.includes(slugForTag) && !vocabulary.tags.get(slugForTag)?.retired) tags.push(slugForTag);
    });

    const rendered = renderMarkdown(body, `/articles/${slug}`);
    if (input.draft) {
      drafts++;
      continue;
    }
    const article: Article = {
      slug,
      id,
      title: input.title,
      published,
      updated,
      summary: input.summary?.trim() || truncate(rendered.firstParagraph, SUMMARY_LENGTH),
      content: rendered.content,
      authors: (input.authors ?? []).map(toPerson),
      tags,
      lang: input.lang ?? site?.language ?? "en",
    };
    if (input.source) article.source = toPerson(input.source);
    if (input.image) article.image = input.image;
    articles.push(article);
  }

  if (diagnostics.errors.length > 0 || !site) return { diagnostics: diagnostics.list, drafts };

  articles.sort(compareArticles);
  const vocabularyTags = [...vocabulary.tags.values()];
  const declared = vocabularyTags.filter((tag) => tag.declared && tag.retired === undefined);
  const undeclared = vocabularyTags.filter((tag) => !tag.declared).sort((a, b) => (a.slug < b.slug ? -1 : 1));
  const tags: Tag[] = [...declared, ...undeclared].map((tag) => ({ ...tag, articles: [] }));
  const retired: RetiredTag[] = vocabularyTags.flatMap((tag) =>
    tag.retired === undefined ? [] : [{ slug: tag.slug, name: tag.name, reason: tag.retired }],
  );
  const tagsBySlug = new Map(tags.map((tag) => [tag.slug, tag]));
  articles.forEach((article, index) => {
    for (const slug of article.tags) tagsBySlug.get(slug)?.articles.push(index);
  });

  const bundle: ContentBundle = {
    site,
    articles,
    tags,
    tagLookup: vocabulary.lookupTable(new Set([...tagsBySlug.keys(), ...retired.map((tag) => tag.slug)])),
    retired,
    merged: Object.fromEntries(vocabulary.mergedInto),
  };
  return { bundle, diagnostics: diagnostics.list, drafts };
}
