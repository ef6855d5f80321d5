/**
 * The build: reads `content/` (site.yaml, tags.yaml, authors.yaml, articles/**),
 * validates every record, resolves tags and authors, renders and sanitises bodies (in
 * worker threads, and only for files changed since the last build when there is a
 * cache), measures the files articles attach, and produces the
 * CompiledContent the index, the record packs and the site files are made of. It
 * reports every problem at once; with any error there is no content, so nothing
 * half-built is ever published.
 */
import type { z } from "zod";
import { createHash } from "node:crypto";
import { type Stats, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { identityOf, type ItemIds, itemIds } from "../../model/ids";
import { type BodyLayout, readBody } from "../../model/pieces";
import type { Article, Author, ContentBundle, RetiredTag, Tag } from "../../model/types";
import type { CompiledArticle, CompiledContent } from "../emit/compiled";
import { heldFilePath } from "../../model/storage";
import { articlePath, isSitePath } from "../../model/urls";
import { AuthorDirectory } from "../resolve/authors";
import {
  checkAliases,
  checkArticleFiles,
  checkServedFile,
  checkSiteFiles,
  checkUpdatedNotFuture,
  servedFiles,
  UnknownFields,
  warnCopies,
} from "./checks";
import { type ContentLayout, listContent } from "../read/content-files";
import { type Diagnostic, Diagnostics } from "../diagnostics";
import { AUTHOR_FIELDS, AUTHOR_FORMS, didYouMean, nearMiss, TAG_FIELDS, TAG_FORMS } from "../read/fields";
import { publisherWords, reportIssues } from "../read/issues";
import { fileSizes, localMedia, mediaFields } from "./media";
import type { Names } from "../resolve/names";
import { cleanValue } from "../read/record-value";
import { authorSchema, listFileSchema, tagSchema } from "../read/schema";
import { compilerFingerprint, FileCache } from "../cache/file-cache";
import { type FileTask, processFiles } from "./pool";
import {
  type ArticleFacts,
  type FileOutcome,
  packedRecord,
  type SharedFields,
  sharedPrefix,
  sharingEmptyLists,
} from "../render/process";
import { readSite, SITE_FILE } from "../read/site";
import { Vocabulary } from "../resolve/tags";
import { parseYaml } from "../read/yaml";
import type { Progress } from "../progress";
import { toZonedTimestamp } from "../../text/dates";
import { slugify } from "../../text/slug";

export interface CompileResult {
  /** Present only when there are no errors. */
  content?: CompiledContent;
  diagnostics: Diagnostic[];
  /** Drafts seen (validated, never published). */
  drafts: number;
  /** Article files taken from the build cache, and read and rendered anew. */
  files?: { cached: number; rendered: number };
  /** Closes the build cache's files: call once the records are written. */
  release?: () => Promise<void>;
  /**
   * Drafts and articles scheduled after the build's clock, for the preview alone
   * (`keepUnpublished`), never part of `content`: nothing written for a deploy holds a draft.
   */
  unpublished?: UnpublishedArticle[];
  /** With `keepUnpublished`: what this build decided about each article file, for the preview's quick look. */
  lookups?: ArticleLookups;
}

/** What a build decided about one article file that its own text does not say. */
export interface ArticleLookup {
  slug: string;
  /** The file's facts, hashed (`factsKey`): while they stay the same, so does all of this. */
  factsKey: string;
  /** What the rest of the archive decided about its record (SharedFields, as JSON). */
  sharedJson: string;
  bundleFiles: readonly string[];
}

/** Every article file's lookup (drafts and scheduled ones included), and the time zone files are read in. */
export interface ArticleLookups {
  timeZone: string;
  files: Map<string, ArticleLookup>;
}

/** Stands for everything a file's facts say, apart from its title and body (`copyKey`). */
export function factsKey(facts: ArticleFacts): string {
  return createHash("sha1")
    .update(JSON.stringify({ ...facts, copyKey: "" }))
    .digest("base64url");
}

/** An article the preview shows at its URL before it is public, marked as such. */
export interface UnpublishedArticle {
  file: string;
  slug: string;
  status: "draft" | "scheduled";
  published: number;
  /** When a scheduled article appears, on the site's clock: `2027-01-05 09:00 Europe/Berlin`. */
  when: string;
  /** Its record, made like a published one's (a draft's tags and authors are looked up, never declared). */
  article: CompiledArticle;
}

const TAGS_FILE = "tags.yaml";
const AUTHORS_FILE = "authors.yaml";

/** A list file of declarations and what to read it into: the registry, its fields, its entries' schema. */
interface ListFile<Input> {
  registry: Names<{ slug: string; name: string; declared: boolean }> & { declare(input: Input, index: number): void };
  fields: readonly string[];
  schema: z.ZodObject & z.ZodType<Input>;
  /** One entry written the right way, for a file that is no list. */
  form: string;
  /** Each field written right, for messages about it. */
  forms: Readonly<Record<string, string>>;
}

/**
 * Reads a list file (tags.yaml, authors.yaml) into its registry: each entry checked
 * against the file's fields (a near miss is an error, anything else a warning) and its
 * schema, at its line. A missing or empty file declares nothing.
 */
async function readListFile<Input>(dir: string, list: ListFile<Input>, diagnostics: Diagnostics): Promise<void> {
  const { registry } = list;
  const file = registry.kind.file;
  let text: string;
  try {
    text = await readFile(join(dir, file), "utf8");
  } catch {
    return;
  }
  const parsed = parseYaml(text, file, diagnostics);
  const lines = text.split(/\r?\n/);
  const data = cleanValue(parsed?.data);
  if (!parsed) {
    registry.unreadable = true;
    return;
  }
  if (data === undefined || data === null) return;
  registry.lineOf = parsed.lineOf;
  const entries = listFileSchema.safeParse(data);
  if (!entries.success) {
    registry.unreadable = true;
    diagnostics.error(file, "", `must be a list of ${registry.kind.noun}s, each like: ${list.form}`, 1);
    return;
  }
  entries.data.forEach((entry, index) => {
    if (entry && typeof entry === "object" && !Array.isArray(entry)) {
      for (const key of Object.keys(entry)) {
        if (list.fields.includes(key)) continue;
        const meant = nearMiss(key, list.fields);
        const line = parsed.lineOf([index, key]);
        if (meant) diagnostics.error(file, key, didYouMean(meant), line);
        else diagnostics.warning(file, key, "unknown field, ignored", line);
      }
    }
    const declared = list.schema.safeParse(entry, { error: publisherWords });
    if (!declared.success) {
      const source = { file, lines, lineOf: parsed.lineOf, forms: list.forms, shape: list.schema.shape };
      reportIssues(diagnostics, source, entry, declared.error, [index]);
    } else registry.declare(declared.data, index);
  });
}

async function readVocabulary(dir: string, diagnostics: Diagnostics): Promise<Vocabulary> {
  const vocabulary = new Vocabulary(TAGS_FILE, diagnostics);
  const form = "- { slug: grain-corridor, name: Grain Corridor, aliases: [grain deal] }";
  const list = { registry: vocabulary, fields: TAG_FIELDS, schema: tagSchema, form, forms: TAG_FORMS };
  await readListFile(dir, list, diagnostics);
  vocabulary.settleMerges();
  return vocabulary;
}

async function readAuthors(dir: string, diagnostics: Diagnostics): Promise<AuthorDirectory> {
  const directory = new AuthorDirectory(AUTHORS_FILE, diagnostics);
  const form = "- { slug: jane-doe, name: Jane Doe, url: https://jane.example/, aliases: [J. Doe] }";
  const list = { registry: directory, fields: AUTHOR_FIELDS, schema: authorSchema, form, forms: AUTHOR_FORMS };
  await readListFile(dir, list, diagnostics);
  return directory;
}

function compareArticles(a: CompiledArticle, b: CompiledArticle): number {
  return b.published - a.published || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface CompileOptions {
  /** The build's clock, epoch milliseconds; `updated` may not lie beyond it. */
  now?: number;
  /** Where the incremental cache lives (`.edgefeed/cache`); without one, everything is built in memory. */
  cacheDir?: string;
  /** Take outcomes from the cache but write nothing to it (`npm run check`). */
  readOnlyCache?: boolean;
  /** The project root, whose compiler sources fingerprint the cache. */
  root?: string;
  /** Threads for reading and rendering articles (1: in-process). */
  threads?: number;
  /** Also make the records of drafts and scheduled articles (`unpublished`): the preview's. */
  keepUnpublished?: boolean;
  /** Told of each phase and of each article file processed (the preview shows it). */
  progress?: Progress;
  /** Bytes of record fields kept in memory once cached (default RECORDS_HELD); the rest are read back from the cache. */
  recordsHeld?: number;
}

/**
 * How many bytes of record fields a build keeps in memory after they went to the cache.
 * A record is read for every pack it is in (the site's, each tag's and author's), so
 * the fields held are read from memory; beyond this they are read back from the
 * cache's segment (the page cache, mostly), which lets a build's memory stop growing
 * with the archive: at 300,000 articles the fields alone are gigabytes.
 */
const RECORDS_HELD = 384 * 1024 * 1024;

/** A running total against a limit: `keep` says whether `bytes` more still fit. */
class MemoryBudget {
  private used = 0;
  constructor(private readonly limit: number) {}
  keep(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }
}

interface FileResult {
  outcome: Omit<FileOutcome, "fields" | "fieldsHash">;
  /** The record's own fields, when this build processed the file (else they are in the cache). */
  fields?: Uint8Array;
  /** Changes exactly when the fields do. */
  fieldsHash?: string;
}

function statOrNothing(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** Every article file's outcome: from the cache when the file is unchanged, else read and rendered. */
async function readArticles(
  dir: string,
  layout: ContentLayout,
  context: { timeZone: string },
  options: CompileOptions,
): Promise<{ results: FileResult[]; cache: FileCache | undefined }> {
  // A task is a few pointers: the content directory and, for every file that is no page
  // bundle, the context are one object (a path joined for each of a million files was
  // a rope of eight strings, 300 bytes, held for the whole reading phase).
  const plain = { timeZone: context.timeZone, bundleFiles: [] as string[] };
  const taskOf = (source: ContentLayout["articles"][number]): FileTask => ({
    file: source.file,
    dir,
    context: source.bundleFiles.length === 0 ? plain : { timeZone: context.timeZone, bundleFiles: source.bundleFiles },
  });
  const cache = options.cacheDir
    ? // A file's outcome depends on site.yaml only through the time zone its dates are read in.
      await FileCache.open(
        options.cacheDir,
        await compilerFingerprint(options.root ?? process.cwd(), context.timeZone),
        {
          readOnly: options.readOnlyCache ?? false,
        },
      )
    : undefined;
  // Only a warm cache is looked up; every file's time and size for the next build come with its text.
  // Synchronous: ten thousand stats of cached inodes cost less than as many promises. Each
  // file is stated when it is looked up, and only the files to read get a task: at
  // 1,000,000 articles a task or a Stats held for each would be hundreds of megabytes.
  const results: FileResult[] = new Array(layout.articles.length);
  const missing: number[] = [];
  const warm = cache?.warm ?? false;
  layout.articles.forEach((source, i) => {
    const stat = warm ? statOrNothing(join(dir, source.file)) : undefined;
    const found = stat && cache?.lookup(source.file, stat.mtimeMs, stat.size, source.bundleFiles);
    if (!found) return missing.push(i);
    const outcome = { diagnostics: found.diagnostics, unknownFields: found.unknownFields };
    results[i] = {
      outcome: found.facts ? { ...outcome, facts: found.facts } : outcome,
      ...(found.fieldsHash === undefined ? {} : { fieldsHash: found.fieldsHash }),
    };
  });
  const tasks = missing.map((i) => taskOf(layout.articles[i] as ContentLayout["articles"][number]));
  // Each outcome is taken in as it comes: its fields, already bytes, go to the cache at once.
  const cachedCount = results.length - missing.length;
  options.progress?.phase(
    missing.length === results.length
      ? "reading and rendering article files"
      : `reading and rendering changed article files, ${cachedCount.toLocaleString("en")} unchanged`,
    missing.length,
  );
  let filesDone = 0;
  // and stay in memory only within a budget; the others are read back from the cache.
  const held = new MemoryBudget(options.recordsHeld ?? RECORDS_HELD);
  await processFiles(
    tasks,
    (k, received) => {
      const processed = sharingEmptyLists(received);
      const i = missing[k] as number;
      const task = tasks[k] as FileTask;
      const { fields, fieldsHash, ...outcome } = processed;
      const result: FileResult = { outcome };
      cache?.store(task.file, task.context.bundleFiles, processed);
      if (fields !== undefined && (!cache?.locate(task.file) || held.keep(fields.length))) result.fields = fields;
      if (fieldsHash !== undefined) result.fieldsHash = fieldsHash;
      results[i] = result;
      options.progress?.advance(++filesDone);
    },
    options.threads,
  );
  return { results, cache };
}

/**
 * Files the site serves as they are, each with its path on the site (`url`): static/ at
 * the root, page-bundle files under their article. A draft's files are left out. A file
 * of an article scheduled after `now` is held back in private storage, whose path is its
 * `target`: the worker serves it at its URL once the article is visible.
 */
function siteFilesOf(
  dir: string,
  layout: ContentLayout,
  facts: readonly ArticleFacts[],
  now: number,
): (CompiledContent["siteFiles"][number] & { url: string })[] {
  const atRoot = (file: string) => ({ source: join(dir, "static", file), url: `/${file}`, target: `/${file}` });
  return [
    ...[...layout.staticFiles].sort().map(atRoot),
    ...facts.flatMap((article) =>
      article.draft
        ? []
        : article.files.map((file) => {
            const url = `${articlePath(article.slug)}/${file}`;
            const target = article.published > now ? heldFilePath(article.slug, file) : url;
            return { source: join(dir, article.file.replace(/[^/]+$/, ""), file), url, target };
          }),
    ),
  ];
}

/** An article as the rest of the build takes it: what the index needs, and its record (own fields from memory or the cache). */
function compiledArticle(
  parsed: ArticleFacts,
  shared: SharedFields,
  result: FileResult,
  cache?: FileCache,
): CompiledArticle {
  const own = result.fields;
  const { file } = parsed;
  const at = own ? undefined : cache?.locate(file);
  const sharedJson = JSON.stringify(shared);
  const article: CompiledArticle = {
    slug: parsed.slug,
    id: shared.id,
    published: parsed.published,
    updated: parsed.updated,
    tags: shared.tags,
    authors: shared.authors.map((author) => author.slug),
    record: async () => {
      // Made for each read, not kept: a prefix kept by every article once its record was
      // read (a Buffer and its share of Buffer's pool, 200 bytes or so) is memory that grows
      // through the writing of the packs, a million times over in a large archive.
      const prefix = sharedPrefix(sharedJson);
      if (own) return packedRecord(prefix, own);
      if (!cache || !at) throw new Error(`${file}: its record is neither in memory nor in the build cache`);
      return packedRecord(prefix, await cache.fields(at));
    },
    // A hash, not the text: a build keeps one per article.
    signature: createHash("sha1")
      .update(sharedJson)
      .update("\0")
      .update(result.fieldsHash ?? "")
      .digest("base64url"),
  };
  if (shared.aliases) article.aliases = shared.aliases;
  return article;
}

/**
 * Starts saving the cache (it runs while the packs are written) and gives the function
 * that waits for it and closes the cache. Made out here, not in compileContent: a
 * closure made there would keep every variable its other closures use (each article's
 * facts and outcome, hundreds of megabytes at 1,000,000 articles) for as long as the
 * build holds `release`, that is until the last pack is written.
 */
function saveWhileWriting(cache: FileCache | undefined): () => Promise<void> {
  const saving = cache?.save().then(
    () => undefined,
    (error: unknown) => error,
  );
  return async () => {
    const failed = await saving;
    await cache?.close();
    if (failed) throw failed;
  };
}

export async function compileContent(dir: string, options: CompileOptions = {}): Promise<CompileResult> {
  const now = options.now ?? Date.now();
  const diagnostics = new Diagnostics();
  options.progress?.phase("listing content files");
  const layout = await listContent(dir);
  for (const stray of layout.strays) diagnostics.warning(stray.file, "", stray.message);
  for (const link of layout.outside) diagnostics.error(link.file, "", link.message);
  // Without its own site.yaml, tags.yaml or authors.yaml nothing else can be judged: stop here.
  if (layout.outside.some((link) => [SITE_FILE, TAGS_FILE, AUTHORS_FILE].includes(link.file))) {
    return { diagnostics: diagnostics.list, drafts: 0 };
  }
  const siteReading = await readSite(dir, diagnostics);
  const site = siteReading.config;
  const vocabulary = await readVocabulary(dir, diagnostics);
  const directory = await readAuthors(dir, diagnostics);

  const { results, cache } = await readArticles(dir, layout, { timeZone: siteReading.timeZone }, options);
  const facts: ArticleFacts[] = [];
  const resultOf = new Map<ArticleFacts, FileResult>();
  const unknownFields = new UnknownFields();
  layout.articles.forEach((source, i) => {
    const result = results[i] as FileResult;
    diagnostics.add(result.outcome.diagnostics);
    unknownFields.add(source.file, result.outcome.unknownFields);
    if (result.outcome.facts) {
      facts.push(result.outcome.facts);
      resultOf.set(result.outcome.facts, result);
    }
  });
  options.progress?.phase("checking articles, tags and authors");
  unknownFields.report(diagnostics);
  checkUpdatedNotFuture(facts, now, diagnostics);
  for (const file of layout.staticFiles) {
    // Static assets win over the worker at their path: such a file would hide a feed or page.
    if (isSitePath(`/${file}`)) {
      diagnostics.error(
        `static/${file}`,
        "",
        `would hide the site's own /${file}: rename or move it (the site answers /rss.xml, /tags/…, /articles/…, /archive/… and the like itself)`,
      );
    }
  }
  const served = servedFiles(layout.staticFiles, facts);
  checkSiteFiles(site, siteReading.lineOf, served, diagnostics);
  for (const { path, line } of directory.avatars) {
    checkServedFile(AUTHORS_FILE, "avatar", path, line, served, diagnostics);
  }
  const withoutImage = checkArticleFiles(facts, served, diagnostics);
  const refusedAliases = checkAliases(facts, diagnostics);
  warnCopies(
    facts.filter((article) => !article.draft),
    diagnostics,
  );

  const siteFiles = siteFilesOf(dir, layout, facts, now);
  const sourceOf = new Map(siteFiles.map((file) => [file.url, file.source]));
  const sizes = await fileSizes(facts.flatMap(localMedia), (path) => sourceOf.get(path));

  const bySlug = new Map<string, string>();
  const byId = new Map<string, string>();
  const accepted: { parsed: ArticleFacts; ids: ItemIds; tags: string[]; authors: string[] }[] = [];
  const draftsKept: { parsed: ArticleFacts; ids: ItemIds; tags: string[] }[] = [];
  let drafts = 0;
  for (const parsed of facts) {
    const { file, slug, published } = parsed;
    const slugOwner = bySlug.get(slug);
    if (slugOwner) {
      diagnostics.error(file, "", `duplicate slug "${slug}": ${slugOwner} has it too`, parsed.lines.slug ?? 1);
      continue;
    }
    bySlug.set(slug, file);
    const ids = itemIds(site ?? { domain: "invalid.example", established: "2026-01-01" }, parsed);
    const { id } = ids;
    const idOwner = byId.get(id);
    if (idOwner) {
      const { field } = identityOf(parsed);
      if (!refusedAliases.has(parsed)) {
        const [name, line] = field === "slug" ? ["", 1] : [field, parsed.lines[field] ?? 1];
        diagnostics.error(file, name, `duplicate id "${id}": ${idOwner} has it too`, line);
      }
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
      if (options.keepUnpublished) draftsKept.push({ parsed, ids, tags });
      continue;
    }
    const authors: string[] = [];
    for (const { field, line, ...written } of parsed.authors) {
      const author = directory.resolveAuthor(written, { file, field, line, published });
      if (!authors.includes(author)) authors.push(author);
    }
    accepted.push({ parsed, ids, tags, authors });
  }
  const lookups: ArticleLookups | undefined = options.keepUnpublished
    ? { timeZone: siteReading.timeZone, files: new Map() }
    : undefined;
  const bundleFilesOf = new Map(
    options.keepUnpublished ? layout.articles.map((source) => [source.file, source.bundleFiles]) : [],
  );
  const lookup =
    lookups &&
    ((parsed: ArticleFacts, shared: SharedFields) =>
      lookups.files.set(parsed.file, {
        slug: parsed.slug,
        factsKey: factsKey(parsed),
        sharedJson: JSON.stringify(shared),
        bundleFiles: bundleFilesOf.get(parsed.file) ?? [],
      }));
  // Authors are settled once every article named them: one authors.yaml gives no url takes the first an article gives.
  const articles: CompiledArticle[] = [];
  for (const { parsed, ids, tags, authors } of accepted) {
    const shared: SharedFields = {
      ...ids,
      tags,
      authors: authors.map((slug) => directory.articleAuthor(slug)),
      lang: parsed.lang ?? site?.language ?? "en",
      ...mediaFields(parsed, sizes, !withoutImage.has(parsed)),
    };
    if (parsed.aliases.length > 0) shared.aliases = parsed.aliases;
    articles.push(compiledArticle(parsed, shared, resultOf.get(parsed) as FileResult, cache));
    lookup?.(parsed, shared);
  }
  vocabulary.reportUndeclared(now);
  directory.reportUndeclared(now);
  const unpublished: UnpublishedArticle[] = [];
  if (options.keepUnpublished) {
    const timeZone = siteReading.timeZone;
    for (const { parsed, ids, tags } of draftsKept) {
      // Looked up only: a draft must not bring an author into existence either.
      const authors = parsed.authors.map(({ name }) => {
        const slug = directory.find(name);
        return slug && directory.entries.has(slug) ? directory.articleAuthor(slug) : { slug: slugify(name), name };
      });
      const shared: SharedFields = {
        ...ids,
        tags,
        authors,
        lang: parsed.lang ?? site?.language ?? "en",
        ...mediaFields(parsed, sizes, !withoutImage.has(parsed)),
      };
      const article = compiledArticle(parsed, shared, resultOf.get(parsed) as FileResult, cache);
      lookup?.(parsed, shared);
      unpublished.push({
        file: parsed.file,
        slug: parsed.slug,
        status: "draft",
        published: parsed.published,
        when: "",
        article,
      });
    }
    articles.forEach((article, i) => {
      const parsed = accepted[i]?.parsed;
      if (!parsed || parsed.published <= now) return;
      const when = `${toZonedTimestamp(parsed.published, timeZone).slice(0, 16).replace("T", " ")} ${timeZone}`;
      unpublished.push({
        file: parsed.file,
        slug: parsed.slug,
        status: "scheduled",
        published: parsed.published,
        when,
        article,
      });
    });
    // Drafts by file, then what is scheduled, soonest first.
    unpublished.sort((a, b) =>
      a.status !== b.status
        ? a.status === "draft"
          ? -1
          : 1
        : a.status === "draft"
          ? a.file < b.file
            ? -1
            : 1
          : a.published - b.published,
    );
  }

  if (diagnostics.errors.length > 0 || !site) {
    // Each file's outcome is its own, good or bad: a failed build's work is kept for the next.
    await cache?.save();
    await cache?.close();
    return { diagnostics: diagnostics.inLineOrder(), drafts };
  }
  const release = saveWhileWriting(cache);

  articles.sort(compareArticles);
  const vocabularyTags = [...vocabulary.tags.values()];
  const declared = vocabularyTags.filter((tag) => tag.declared && tag.retired === undefined);
  const undeclared = vocabularyTags.filter((tag) => !tag.declared).sort((a, b) => (a.slug < b.slug ? -1 : 1));
  const tags: Tag[] = [...declared, ...undeclared].map((tag) => ({ ...tag, articles: [] }));
  const retired: RetiredTag[] = vocabularyTags.flatMap((tag) =>
    tag.retired === undefined ? [] : [{ slug: tag.slug, name: tag.name, reason: tag.retired }],
  );
  const tagsBySlug = new Map(tags.map((tag) => [tag.slug, tag]));
  const authorsBySlug = new Map(
    [...directory.entries.values()].map((author): [string, Author] => [author.slug, { ...author, articles: [] }]),
  );
  articles.forEach((article, index) => {
    for (const slug of article.tags) tagsBySlug.get(slug)?.articles.push(index);
    for (const slug of article.authors) authorsBySlug.get(slug)?.articles.push(index);
  });
  // An author with no article has no page: only articles bring an author into public view.
  const listed = [...authorsBySlug.values()].filter((author) => author.articles.length > 0);
  const authors = [
    ...listed.filter((author) => author.declared),
    ...listed.filter((author) => !author.declared).sort((a, b) => (a.slug < b.slug ? -1 : 1)),
  ];

  const content: CompiledContent = {
    site,
    articles,
    tags,
    tagLookup: vocabulary.lookupTable(new Set([...tagsBySlug.keys(), ...retired.map((tag) => tag.slug)])),
    retired,
    merged: Object.fromEntries(vocabulary.mergedInto),
    authors,
    authorLookup: directory.lookupTable(new Set(authors.map((author) => author.slug))),
    siteFiles,
  };
  const cached = cache?.hits ?? 0;
  const files = { cached, rendered: results.length - cached };
  return {
    content,
    diagnostics: diagnostics.inLineOrder(),
    drafts,
    files,
    release,
    ...(options.keepUnpublished ? { unpublished } : {}),
    ...(lookups ? { lookups } : {}),
  };
}

/**
 * The whole archive as Article objects, records included: for tests, fixtures and the
 * Node tools, which work with small archives. A build of a large one never needs it.
 */
export async function bundleOf(content: CompiledContent): Promise<ContentBundle> {
  const articles = await Promise.all(
    content.articles.map(async (article) => {
      const { json, bytes } = await article.record();
      const { body, ...fields } = JSON.parse(Buffer.concat(json).toString("utf8")) as Omit<Article, "content"> & {
        body: BodyLayout;
      };
      return { ...fields, content: readBody(body, Buffer.concat(bytes), 0).html() } as Article;
    }),
  );
  const { site, tags, tagLookup, retired, merged, authors, authorLookup } = content;
  return { site, articles, tags, tagLookup, retired, merged, authors, authorLookup };
}

/** compileContent, with the articles as objects: for tests and the Node tools, on small archives. */
export async function compileBundle(
  dir: string,
  options: CompileOptions = {},
): Promise<Omit<CompileResult, "content"> & { bundle?: ContentBundle }> {
  const { content, release, ...rest } = await compileContent(dir, options);
  try {
    return content ? { ...rest, bundle: await bundleOf(content) } : rest;
  } finally {
    await release?.();
  }
}
