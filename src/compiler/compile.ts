/**
 * The build: reads `content/` (site.yaml, tags.yaml, articles/**), validates every
 * record, resolves tags, renders and sanitises bodies, and produces the compact
 * ContentBundle the worker imports. It reports every problem at once; with any
 * error there is no bundle, so nothing half-built is ever published.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { itemId } from "../model/ids";
import type { Article, ContentBundle, RetiredTag, Tag } from "../model/types";
import { type ParsedArticle, readArticle } from "./article";
import {
  checkAliases,
  checkArticleFiles,
  checkSiteFiles,
  checkUpdatedNotFuture,
  servedFiles,
  UnknownFields,
  warnCopies,
} from "./checks";
import { listContent } from "./content-files";
import { type Diagnostic, Diagnostics } from "./diagnostics";
import { didYouMean, nearMiss, TAG_FIELDS } from "./fields";
import { reportIssues } from "./issues";
import { cleanValue } from "./record-value";
import { tagSchema, tagsFileSchema } from "./schema";
import { readSite } from "./site";
import { Vocabulary } from "./tags";
import { parseYaml } from "./yaml";

export interface CompileResult {
  /** Present only when there are no errors. */
  bundle?: ContentBundle;
  diagnostics: Diagnostic[];
  /** Drafts seen (validated, never published). */
  drafts: number;
}

const TAGS_FILE = "tags.yaml";

async function readVocabulary(dir: string, diagnostics: Diagnostics): Promise<Vocabulary> {
  const vocabulary = new Vocabulary(TAGS_FILE, diagnostics);
  let text: string;
  try {
    text = await readFile(join(dir, TAGS_FILE), "utf8");
  } catch {
    return vocabulary;
  }
  const parsed = parseYaml(text, TAGS_FILE, diagnostics);
  const data = cleanValue(parsed?.data);
  if (!parsed) {
    vocabulary.unreadable = true;
    return vocabulary;
  }
  if (data === undefined || data === null) return vocabulary;
  vocabulary.lineOf = parsed.lineOf;
  const list = tagsFileSchema.safeParse(data);
  if (!list.success) {
    vocabulary.unreadable = true;
    diagnostics.error(
      TAGS_FILE,
      "",
      "must be a list of tags, each like: - { slug: grain-corridor, name: Grain Corridor, aliases: [grain deal] }",
      1,
    );
    return vocabulary;
  }
  list.data.forEach((entry, index) => {
    if (entry && typeof entry === "object" && !Array.isArray(entry)) {
      for (const key of Object.keys(entry)) {
        if ((TAG_FIELDS as readonly string[]).includes(key)) continue;
        const meant = nearMiss(key, TAG_FIELDS);
        const line = parsed.lineOf([index, key]);
        if (meant) diagnostics.error(TAGS_FILE, key, didYouMean(meant), line);
        else diagnostics.warning(TAGS_FILE, key, "unknown field, ignored", line);
      }
    }
    const tag = tagSchema.safeParse(entry);
    if (!tag.success) reportIssues(diagnostics, TAGS_FILE, entry, tag.error, parsed.lineOf, [index]);
    else vocabulary.declare(tag.data, index);
  });
  vocabulary.settleMerges();
  return vocabulary;
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
  const layout = await listContent(dir);
  for (const stray of layout.strays) diagnostics.warning(stray.file, "", stray.message);
  const siteReading = await readSite(dir, diagnostics);
  const site = siteReading.config;
  const vocabulary = await readVocabulary(dir, diagnostics);

  const parsedArticles: ParsedArticle[] = [];
  const unknownFields = new UnknownFields();
  for (const source of layout.articles) {
    const text = await readFile(join(dir, source.file), "utf8").catch((error: Error) => {
      diagnostics.error(source.file, "", `cannot be read: ${error.message}`);
      return undefined;
    });
    if (text === undefined) continue;
    const reading = readArticle(source.file, text, { timeZone: siteReading.timeZone, bundleFiles: source.bundleFiles });
    diagnostics.add(reading.diagnostics);
    unknownFields.add(source.file, reading.unknownFields);
    if (reading.article) parsedArticles.push(reading.article);
  }
  unknownFields.report(diagnostics);
  checkUpdatedNotFuture(parsedArticles, now, diagnostics);
  const served = servedFiles(layout.staticFiles, parsedArticles);
  checkSiteFiles(site, siteReading.lineOf, served, diagnostics);
  const withoutImage = checkArticleFiles(parsedArticles, served, diagnostics);
  checkAliases(parsedArticles, diagnostics);
  warnCopies(
    parsedArticles.filter((article) => !article.draft),
    diagnostics,
  );

  const bySlug = new Map<string, string>();
  const byId = new Map<string, string>();
  const articles: Article[] = [];
  let drafts = 0;
  for (const parsed of parsedArticles) {
    const { file, slug, published } = parsed;
    const slugOwner = bySlug.get(slug);
    if (slugOwner) {
      diagnostics.error(file, "", `duplicate slug "${slug}": ${slugOwner} has it too`, parsed.lines.slug ?? 1);
      continue;
    }
    bySlug.set(slug, file);
    const id = itemId(site?.domain ?? "invalid.example", published, parsed.id ?? slug);
    const idOwner = byId.get(id);
    if (idOwner) {
      diagnostics.error(
        file,
        parsed.id ? "id" : "",
        `duplicate id "${id}": ${idOwner} has it too`,
        parsed.lines.id ?? 1,
      );
      continue;
    }
    byId.set(id, file);

    const tags: string[] = [];
    for (const use of parsed.tags) {
      // A draft is validated but must not bring an undeclared tag into existence.
      const slugForTag = parsed.draft
        ? vocabulary.find(use.spelling)
        : vocabulary.resolve(use.spelling, { ...use, file, published });
      // A retired tag stays in old records but is published nowhere.
      if (slugForTag && !tags.includes(slugForTag) && !vocabulary.tags.get(slugForTag)?.retired) tags.push(slugForTag);
    }

    if (parsed.draft) {
      drafts++;
      continue;
    }
    const article: Article = {
      slug,
      id,
      title: parsed.title,
      published,
      updated: parsed.updated,
      summary: parsed.summary,
      content: parsed.content,
      authors: parsed.authors,
      tags,
      lang: parsed.lang ?? site?.language ?? "en",
    };
    if (parsed.source) article.source = parsed.source;
    if (parsed.image && !withoutImage.has(parsed)) article.image = parsed.image;
    if (parsed.aliases.length > 0) article.aliases = parsed.aliases;
    articles.push(article);
  }
  vocabulary.reportUndeclared(now);

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
