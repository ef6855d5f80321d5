/**
 * Reading one article: its front matter (YAML, TOML or JSON), each field under any
 * name a generator gives it (see fields.ts), its Hugo shortcodes and Liquid tags,
 * and its body rendered and sanitised. A pure function of the file's path, its text
 * and the site's context: no file system and no clock, so its result can be cached
 * by content. What needs the clock (an `updated` in the future) or other files (a
 * picture that must exist, a duplicate) is checked by the caller.
 */
import { articlePath } from "../../model/urls";
import type { Article, Attachment, Person } from "../../model/types";
import { parseTimestamp } from "../../text/dates";
import { stripXmlIllegal } from "../../text/xml-chars";
import { articleName, isBundleIndex, slugFromName } from "../read/article-path";
import { type Diagnostic, Diagnostics, type Fix } from "../diagnostics";
import {
  ARTICLE_FIELD_NAMES,
  ARTICLE_FIELDS,
  type ArticleFieldName,
  articleField,
  ATTACHMENT_FIELDS,
  didYouMean,
  type FieldSpec,
  INNER_FORMS,
  nearMiss,
} from "../read/fields";
import { type FrontMatter, readFrontMatter } from "../read/front-matter";
import { formatField, lineFix } from "../read/forms";
import { fieldName, publisherWords, withExample } from "../read/issues";
import { decodePath, renderMarkdown, truncate } from "./markdown";
import { lineLocator } from "../../text/lines";
import { attachmentSchema, BCP47, httpUrl, person, recordId, source as sourceSchema, toPerson } from "../read/schema";
import { renderTemplates } from "./templates";
import type { FieldPath } from "../read/yaml";

const SUMMARY_LENGTH = 300;
/** Warnings of one kind (template tags, blocks shown as text) shown per file before the rest are counted. */
const TEMPLATE_WARNINGS = 10;
const MORE = /<!--\s*more\s*-->/i;

/** The body `npm run new` writes: still there when the article is published, it is a warning. */
export const PLACEHOLDER_BODY =
  "Write the article here. Its first paragraph is the summary, unless you add a summary: line above.";

export interface ArticleContext {
  /** The IANA zone a time written without an offset is read in (site.yaml `timezone`). */
  timeZone: string;
  /** For a page bundle's index.md: the other files of its folder, relative to it, `/`-separated. */
  bundleFiles: readonly string[];
}

/** A tag as an article names it, before the vocabulary resolves it. */
export interface TagUse {
  spelling: string;
  /** Where it is written: `tags[2]`, `categories`. */
  field: string;
  line?: number;
}

/** An author as an article names them, before authors.yaml resolves the name. */
export interface AuthorUse extends Person {
  /** Where it is written: `authors[1]`, `author`. */
  field: string;
  line?: number;
}

/**
 * An attachment as an article writes it. One that is a file of this site (`file`) gets
 * its length from the file; one elsewhere must say its length.
 */
export interface AttachmentUse extends Omit<Attachment, "length"> {
  length?: number;
  /** The file of this site it names: root-relative and decoded, as LocalFile.path. */
  file?: string;
}

/** A file of this site an article points at, to be checked against content/static/ and bundles. */
export interface LocalFile {
  /** Root-relative and decoded: `/img/a.jpg`, `/articles/slug/photo.jpg`. */
  path: string;
  /** The front-matter field that names it; empty for an image in the body. */
  field: string;
  line?: number;
  /**
   * What a missing file means. `error`: an image field written as a path from the
   * root must name a file. `optional`: an image field written relative to another
   * generator's folders (`../../assets/a.jpg`) is left out, with a warning. `warning`:
   * a picture in the body would show broken.
   */
  missing: "error" | "optional" | "warning";
}

/**
 * An article as its file says it, before the archive is assembled: the fields an
 * Article takes as they are (`published` is `publishDate`, else `date`, else the day
 * of a Jekyll file name; `updated` is never before it; `image` an absolute URL or a
 * root-relative path), and what assembly and the checks still need.
 */
export interface ParsedArticle extends Pick<
  Article,
  "slug" | "title" | "published" | "updated" | "summary" | "content" | "source" | "image"
> {
  /** Path relative to the content directory, e.g. `articles/hello.md`. */
  file: string;
  /** The identity the record pins (`id`), if any; else the slug is. */
  id?: string;
  /** Tags as written, for the vocabulary to resolve. */
  tags: TagUse[];
  /** Authors as written, for authors.yaml to resolve. */
  authors: AuthorUse[];
  attachments: AttachmentUse[];
  /** As written; the site's language applies when absent. */
  lang?: string;
  draft: boolean;
  /** Old root-relative paths that should answer 301 (see Article.aliases); may be empty. */
  aliases: string[];
  /** Files beside a page bundle's index.md, relative to its folder (to be served under /articles/<slug>/). */
  files: string[];
  /** Files of this site the article uses, for the caller to check. */
  localFiles: LocalFile[];
  /** The Markdown body as written, for finding copies. */
  body: string;
  /** Line of each field, by its documented name. */
  lines: Partial<Record<ArticleFieldName, number>>;
}

export interface UnknownField {
  name: string;
  line?: number;
}

export interface ArticleReading {
  article?: ParsedArticle;
  diagnostics: Diagnostic[];
  /** Fields no generator we know uses; the caller reports each name once for all files. */
  unknownFields: UnknownField[];
}

interface Entry {
  key: string;
  value: unknown;
  line?: number;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What a yes/no word meant, for showing `draft: true` to whoever wrote `draft: yes`. */
function intendedBoolean(value: unknown, fallback: boolean): boolean {
  if (typeof value !== "string") return fallback;
  if (/^(?:y|yes|on|true)$/i.test(value.trim())) return true;
  if (/^(?:n|no|off|false)$/i.test(value.trim())) return false;
  return fallback;
}

/** Reads one article. Never throws: whatever the text, the answer is an article or diagnostics naming the file. */
export function readArticle(file: string, text: string, context: ArticleContext): ArticleReading {
  const diagnostics = new Diagnostics();
  const unknownFields: UnknownField[] = [];
  try {
    const article = new ArticleReader(file, text, context, diagnostics, unknownFields).read();
    return article
      ? { article, diagnostics: diagnostics.list, unknownFields }
      : { diagnostics: diagnostics.list, unknownFields };
  } catch (error) {
    diagnostics.error(file, "", `could not be read: ${(error as Error).message}`, 1);
    return { diagnostics: diagnostics.list, unknownFields };
  }
}

class ArticleReader {
  private ok = true;
  private frontMatter!: FrontMatter;
  /** Entries by documented field, in the table's order of names (the documented name first). */
  private readonly entries = new Map<ArticleFieldName, Entry[]>();
  private readonly lines: Partial<Record<ArticleFieldName, number>> = {};

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly context: ArticleContext,
    private readonly diagnostics: Diagnostics,
    private readonly unknownFields: UnknownField[],
  ) {}

  private error(field: string, message: string, line?: number, fix?: Fix): void {
    this.diagnostics.error(this.file, field, message, line ?? 1, fix);
    this.ok = false;
  }

  /**
   * A message ending with the right form of a field written on one line of YAML: the
   * form replaces that line. (A field over several lines, or in TOML or JSON, gets the
   * message only.)
   */
  private errorWithForm(entry: Entry, message: string, form: string): void {
    const { key, line } = entry;
    const fix = this.frontMatter.format === "yaml" ? lineFix(this.text.split("\n"), line, key, form) : undefined;
    this.error(key, `${message}: ${form}`, line, fix);
  }

  /**
   * A required field left out (reported where the front matter starts), or written with
   * nothing after it (reported at its line). The form is an example, not what was meant,
   * so it is no fix to put in place.
   */
  private required(name: "title" | "date", example: string, otherwise = ""): void {
    const empty = this.entries.get(name)?.find((entry) => entry.value === null);
    if (empty)
      this.error(empty.key, `${empty.key} is empty: fill it in, such as ${this.show(empty.key, example)}`, empty.line);
    else this.error(name, `${name} is required: add a line such as ${this.show(name, example)}${otherwise}`, 1);
  }

  private warning(field: string, message: string, line?: number): void {
    this.diagnostics.warning(this.file, field, message, line ?? 1);
  }

  private show(key: string, value: string | boolean | string[]): string {
    return formatField(this.frontMatter.format, key, value);
  }

  read(): ParsedArticle | undefined {
    const frontMatter = readFrontMatter(this.text, this.file, this.diagnostics);
    if (!frontMatter) return undefined;
    this.frontMatter = frontMatter;
    if (!isPlainObject(frontMatter.data)) {
      this.error("", "front matter must be a mapping of fields (title, date, …)", 1);
      return undefined;
    }
    this.sortFields(frontMatter.data);

    const title = this.readTitle();
    const slug = this.readSlug();
    const { published, updated } = this.readDates();
    const bundle = isBundleIndex(this.file.split("/").pop() ?? "") && this.file.split("/").length === 3;
    const base = bundle ? `${articlePath(slug)}/` : articlePath(slug);
    const localFiles: LocalFile[] = [];
    const image = this.readImage(slug, bundle, localFiles);
    const attachments = this.readAttachments(slug, bundle, localFiles);
    const aliases = [...this.readAliases(slug), ...this.slugPaths(slug)];
    const article = {
      tags: this.readTags(),
      authors: this.readAuthors(),
      source: this.readSource(),
      lang: this.readLang(),
      draft: this.readDraft(),
      id: this.readId(),
      summary: this.readText("summary"),
    };

    const body = stripXmlIllegal(frontMatter.body);
    const bodyLine = lineLocator(body);
    const lineAt = (offset: number) => frontMatter.bodyLine - 1 + bodyLine(offset);
    let dropped = 0;
    const markdown = renderTemplates(body, (offset, message) => {
      // A body full of one unsupported tag says the same thing each time: the first few show where.
      if (++dropped <= TEMPLATE_WARNINGS) this.warning("", message, lineAt(offset));
    });
    if (dropped > TEMPLATE_WARNINGS) {
      this.warning(
        "",
        `and ${dropped - TEMPLATE_WARNINGS} more template tags like these further down`,
        lineAt(body.length),
      );
    }
    const placeholder = body.indexOf(PLACEHOLDER_BODY);
    if (placeholder >= 0 && !article.draft) {
      this.warning(
        "",
        "still has the placeholder text npm run new wrote: replace it with the article, or mark the article draft: true until it is written",
        lineAt(placeholder),
      );
    }
    const rendered = renderMarkdown(markdown, base);
    // Offsets in the rendered Markdown, which templates may have changed, are lines of it.
    const markdownLine = markdown === body ? bodyLine : lineLocator(markdown);
    rendered.problems.slice(0, TEMPLATE_WARNINGS).forEach(({ offset, message }) => {
      this.warning("", message, frontMatter.bodyLine - 1 + markdownLine(offset));
    });
    if (rendered.problems.length > TEMPLATE_WARNINGS) {
      this.warning(
        "",
        `and ${rendered.problems.length - TEMPLATE_WARNINGS} more blocks published as plain text further down`,
        lineAt(body.length),
      );
    }
    // Pictures come in the order they are written: each is looked for after the one before.
    let searchFrom = 0;
    let misses = 0;
    for (const { src, path } of rendered.localImages) {
      // A picture written other than as rendered (entities, escapes) is not found; a few such searches are enough.
      const at = misses < TEMPLATE_WARNINGS ? body.indexOf(src, searchFrom) : -1;
      if (at >= 0) searchFrom = at + src.length;
      else misses++;
      localFiles.push({ path, field: "", line: at >= 0 ? lineAt(at) : undefined, missing: "warning" });
    }
    const more = MORE.exec(markdown);
    const summary =
      article.summary?.trim() ||
      (more ? renderMarkdown(markdown.slice(0, more.index), base).text : "") ||
      truncate(rendered.firstParagraph, SUMMARY_LENGTH);

    if (!this.ok || title === undefined || published === undefined) return undefined;
    const parsed: ParsedArticle = {
      file: this.file,
      slug,
      title,
      published,
      updated: Math.max(updated ?? published, published),
      summary,
      content: rendered.content,
      authors: article.authors,
      attachments,
      tags: article.tags,
      draft: article.draft,
      aliases: [...new Set(aliases)].filter((alias) => alias !== articlePath(slug)),
      files: bundle ? [...this.context.bundleFiles] : [],
      localFiles,
      body,
      lines: this.lines,
    };
    if (article.id !== undefined) parsed.id = article.id;
    if (article.source) parsed.source = article.source;
    if (image !== undefined) parsed.image = image;
    if (article.lang !== undefined) parsed.lang = article.lang;
    return parsed;
  }

  /** Files every key under its documented field; near misses are errors, the rest unknown. */
  private sortFields(data: Record<string, unknown>): void {
    const rank = (spec: FieldSpec, key: string) => spec.synonyms.findIndex((synonym) => synonym.name === key);
    for (const [key, value] of Object.entries(data)) {
      const line = this.frontMatter.lineOf([key]);
      const spec = articleField(key);
      if (spec) {
        const name = spec.name as ArticleFieldName;
        const list = this.entries.get(name) ?? [];
        list.push({ key, value, line });
        list.sort((a, b) => rank(spec, a.key) - rank(spec, b.key));
        this.entries.set(name, list);
        continue;
      }
      const meant = nearMiss(key, ARTICLE_FIELD_NAMES);
      if (meant) this.error(key, didYouMean(meant), line);
      else this.unknownFields.push(line === undefined ? { name: key } : { name: key, line });
    }
    for (const [name, list] of this.entries) {
      const line = list[0]?.line;
      if (line !== undefined) this.lines[name] = line;
    }
  }

  /** The entry a single-valued field takes: the documented name first, then synonyms in table order. */
  private first(name: ArticleFieldName): Entry | undefined {
    return this.entries.get(name)?.find((entry) => entry.value !== null && entry.value !== undefined);
  }

  private all(name: ArticleFieldName): Entry[] {
    return (this.entries.get(name) ?? []).filter((entry) => entry.value !== null && entry.value !== undefined);
  }

  private example(name: ArticleFieldName): string {
    return (ARTICLE_FIELDS.find((spec) => spec.name === name) as FieldSpec).example;
  }

  private readText(name: ArticleFieldName): string | undefined {
    const entry = this.first(name);
    if (!entry) return undefined;
    if (typeof entry.value === "string") return entry.value;
    if (typeof entry.value === "number") return String(entry.value);
    this.error(entry.key, `${entry.key} is text: ${this.example(name)}`, entry.line);
    return undefined;
  }

  private readTitle(): string | undefined {
    const title = this.readText("title")?.trim();
    if (title) return title;
    if (title === "") this.error("title", "must not be empty", this.lines.title);
    else if (!this.first("title")) this.required("title", "Talks resume in Geneva");
    return undefined;
  }

  private readInstant(name: ArticleFieldName): { epochMs: number; entry: Entry } | undefined {
    const entry = this.first(name);
    if (!entry) return undefined;
    if (typeof entry.value !== "string") {
      this.error(entry.key, `${entry.key} is a date and time: ${this.example(name)}`, entry.line);
      return undefined;
    }
    const parsed = parseTimestamp(entry.value, this.context.timeZone);
    if (!parsed.ok) {
      this.error(entry.key, parsed.reason, entry.line);
      return undefined;
    }
    return { epochMs: parsed.epochMs, entry };
  }

  private readDates(): { published?: number; updated?: number } {
    const date = this.readInstant("date");
    const publishDate = this.readInstant("publishDate");
    const updated = this.readInstant("updated");
    let written = date?.epochMs;
    if (!this.first("date") && !this.first("publishDate")) {
      const day = articleName(this.file).day;
      const fromName = day ? parseTimestamp(day, this.context.timeZone) : undefined;
      if (fromName?.ok) written = fromName.epochMs;
      else
        this.required(
          "date",
          "2024-01-02T15:04:05+01:00",
          ", or start the file name with the day (2024-01-02-<name>.md)",
        );
    }
    let lastChange = updated?.epochMs;
    if (written !== undefined && updated && updated.epochMs < written) {
      const { key, line } = updated.entry;
      // Our own field is held to its meaning; another generator's is taken as it built there.
      if (key === "updated") this.error(key, "is earlier than date", line);
      else this.warning(key, "is earlier than date, so the article counts as unchanged since its date", line);
      lastChange = undefined;
    }
    const published = publishDate?.epochMs ?? written;
    const failed = (this.first("date") && !date) || (this.first("publishDate") && !publishDate);
    return failed ? {} : { published, updated: lastChange };
  }

  private readSlug(): string {
    const entry = this.first("slug");
    let name = articleName(this.file).name;
    let field = "";
    if (entry && entry.key === "slug" && (typeof entry.value === "string" || typeof entry.value === "number")) {
      name = String(entry.value);
      field = "slug";
    } else if (entry && typeof entry.value === "string" && !/[{:]/.test(entry.value.replace(/^https?:/, ""))) {
      const last = entry.value
        .replace(/[?#].*$/, "")
        .split("/")
        .filter(Boolean)
        .pop();
      if (last) {
        name = articleName(last).name;
        field = entry.key;
      }
    }
    const slug = slugFromName(name);
    if (!slug) {
      this.error(field, "gives no usable slug; name it with letters, digits and hyphens", entry?.line ?? 1);
      return "invalid";
    }
    if (slug !== name) {
      const what = field ? `${field} "${name}" is not a slug` : "file name is not a slug";
      this.warning(field, `${what}; published as ${articlePath(slug)}`, field ? entry?.line : 1);
    }
    return slug;
  }

  /** A former `url` or `permalink` is where readers knew the article: it answers 301 too. */
  private slugPaths(slug: string): string[] {
    return this.all("slug").flatMap(({ key, value, line }) => {
      // A pattern (`/:year/:title/`, `{{ page.fileSlug }}`) is no path anybody visited.
      if (key === "slug" || typeof value !== "string" || /[{]|\/:/.test(value)) return [];
      const alias = this.normaliseAlias(value, key, line);
      return alias && alias !== articlePath(slug) ? [alias] : [];
    });
  }

  private readTags(): TagUse[] {
    const uses: TagUse[] = [];
    for (const entry of this.all("tags")) {
      const { key, value, line } = entry;
      if (typeof value === "string") {
        if (value.includes(",")) {
          const names = value
            .split(",")
            .map((part) => part.trim())
            .filter(Boolean);
          this.errorWithForm(entry, `${key} is a list`, this.show(key, names));
          continue;
        }
        // Jekyll writes several tags as one space-separated string.
        for (const spelling of value.split(/\s+/).filter(Boolean)) uses.push({ spelling, field: key, line });
        continue;
      }
      const list = Array.isArray(value) ? value : [value];
      if (!Array.isArray(value) || list.some((item) => typeof item !== "string" && typeof item !== "number")) {
        const names = list.filter((item) => typeof item === "string" || typeof item === "number").map(String);
        this.error(
          key,
          `${key} is a list: ${this.show(key, names.length > 0 ? names : ["diplomacy", "Grain Corridor"])}`,
          line,
        );
        continue;
      }
      list.forEach((item, index) => {
        const spelling = String(item).trim();
        const at = this.frontMatter.lineOf([key, index]) ?? line;
        if (spelling)
          uses.push(
            at === undefined
              ? { spelling, field: `${key}[${index}]` }
              : { spelling, field: `${key}[${index}]`, line: at },
          );
      });
    }
    return uses;
  }

  private readAuthors(): AuthorUse[] {
    const authors: AuthorUse[] = [];
    for (const { key, value, line } of this.all("authors")) {
      const list = Array.isArray(value) ? value : [value];
      list.forEach((item, index) => {
        const parsed = person.safeParse(item, { error: publisherWords });
        const at = Array.isArray(value) ? (this.frontMatter.lineOf([key, index]) ?? line) : line;
        const field = Array.isArray(value) ? `${key}[${index}]` : key;
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const inUrl = issue?.path.includes("url");
          const where = fieldName([key, ...(Array.isArray(value) ? [index] : []), ...(issue?.path ?? [])]);
          this.error(
            where,
            inUrl
              ? withExample(issue?.message ?? "", "url: https://jane.example/")
              : `${key} is a name, a mapping with name (and url), or a list of them: ${this.example("authors")}`,
            at,
          );
          return;
        }
        const author = toPerson(parsed.data);
        if (authors.some((known) => known.name === author.name)) return;
        authors.push(at === undefined ? { ...author, field } : { ...author, field, line: at });
      });
    }
    return authors;
  }

  private readSource(): Person | undefined {
    const entry = this.first("source");
    if (!entry) return undefined;
    const parsed = sourceSchema.safeParse(entry.value, { error: publisherWords });
    if (parsed.success) return toPerson(parsed.data);
    for (const issue of parsed.error.issues) {
      const inside =
        issue.path.length > 0 && isPlainObject(entry.value) && entry.value[String(issue.path[0])] !== undefined;
      const message = inside
        ? withExample(issue.message, INNER_FORMS[String(issue.path[0])])
        : `source is a mapping with name and an optional url: ${this.example("source")}`;
      this.error(
        fieldName([entry.key, ...issue.path]),
        message,
        this.frontMatter.lineOf([entry.key, ...(issue.path as (string | number)[])]) ?? entry.line,
      );
    }
    return undefined;
  }

  /** The picture's address: a URL; a path from the site root; or, in a page bundle, one of its files. */
  private readImage(slug: string, bundle: boolean, localFiles: LocalFile[]): string | undefined {
    const entry = this.first("image");
    if (!entry) return undefined;
    let value: unknown = entry.value;
    if (Array.isArray(value)) value = value[0];
    if (isPlainObject(value)) value = value.image ?? value.src ?? value.url ?? value.path;
    if (value === undefined) return undefined;
    if (typeof value !== "string" || value.trim() === "") {
      this.error(entry.key, `${entry.key} is the address of a picture: ${this.example("image")}`, entry.line);
      return undefined;
    }
    // Hugo reads a relative picture from the bundle, else from the site root: so do we.
    const where = { slug, bundle, field: entry.key, line: entry.line };
    return this.readAddress(value, where, localFiles, "optional")?.url;
  }

  /**
   * A file's address as a field writes it: an absolute http(s) URL as it is; a path
   * from the site root; or, in a page bundle, one of its files (a relative path that
   * is none is read from the site root). A file of this site goes into `localFiles`
   * for the caller to check; `relativeMissing` says what a relative path that names no
   * file means (a path from the root must always name one).
   */
  private readAddress(
    value: string,
    where: { slug: string; bundle: boolean; field: string; line: number | undefined },
    localFiles: LocalFile[],
    relativeMissing: LocalFile["missing"],
  ): { url: string; file?: string } | undefined {
    const { slug, bundle, field, line } = where;
    const address = value.trim();
    const remote = httpUrl.safeParse(address);
    if (remote.success) return { url: remote.data };
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(address)) {
      this.error(field, "must be an absolute http(s) URL or a path starting with /", line);
      return undefined;
    }
    let path: string;
    try {
      const url = new URL(address, "https://edgefeed.invalid/");
      path = `${url.pathname}${url.search}`;
    } catch {
      this.error(field, "must be an absolute http(s) URL or a path starting with /", line);
      return undefined;
    }
    const relative = address.replace(/^\.\//, "");
    if (!address.startsWith("/") && bundle && this.context.bundleFiles.includes(decodePath(relative))) {
      path = `${articlePath(slug)}/${relative}`;
    }
    const file = decodePath(path);
    localFiles.push({ path: file, field, line, missing: address.startsWith("/") ? "error" : relativeMissing });
    return { url: path, file };
  }

  /** Files that go with the article: each a mapping with url, type, length (bytes), title and duration. */
  private readAttachments(slug: string, bundle: boolean, localFiles: LocalFile[]): AttachmentUse[] {
    const entry = this.first("attachments");
    if (!entry) return [];
    const list = Array.isArray(entry.value) ? entry.value : [entry.value];
    return list.flatMap((item, index): AttachmentUse[] => {
      const at: FieldPath = Array.isArray(entry.value) ? [entry.key, index] : [entry.key];
      const field = fieldName(at);
      const lineOf = (path: FieldPath) => this.frontMatter.lineOf([...at, ...path]) ?? entry.line;
      if (!isPlainObject(item)) {
        this.error(
          field,
          `${entry.key} is a list of files, each a mapping: ${this.example("attachments")}`,
          lineOf([]),
        );
        return [];
      }
      for (const key of Object.keys(item)) {
        if ((ATTACHMENT_FIELDS as readonly string[]).includes(key)) continue;
        const meant = nearMiss(key, ATTACHMENT_FIELDS);
        if (meant) this.error(`${field}.${key}`, didYouMean(meant), lineOf([key]));
        else this.warning(`${field}.${key}`, "unknown field, ignored", lineOf([key]));
      }
      const parsed = attachmentSchema.safeParse(item, { error: publisherWords });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const path = issue.path as (string | number)[];
          this.error(
            fieldName([...at, ...path]),
            withExample(issue.message, INNER_FORMS[String(path[0])]),
            lineOf(item[String(path[0])] === undefined ? [] : path),
          );
        }
        return [];
      }
      const { url, length, ...rest } = parsed.data;
      const where = { slug, bundle, field: `${field}.url`, line: lineOf(["url"]) };
      const address = this.readAddress(url, where, localFiles, "error");
      if (!address) return [];
      if (address.file === undefined && length === undefined) {
        this.error(
          `${field}.length`,
          "is required for a file on another site: its size in bytes, e.g. length: 2830117",
          lineOf([]),
        );
        return [];
      }
      const use: AttachmentUse = { url: address.url, ...rest };
      if (length !== undefined) use.length = length;
      if (address.file !== undefined) use.file = address.file;
      return [use];
    });
  }

  private normaliseAlias(value: string, field: string, line: number | undefined): string | undefined {
    const written = value.trim();
    let url: URL;
    try {
      url = new URL(written, `https://edgefeed.invalid${articlePath("")}`);
    } catch {
      this.error(field, `"${value}" is not a path; write it from the site root: ${this.example("aliases")}`, line);
      return undefined;
    }
    if ((url.protocol !== "https:" && url.protocol !== "http:") || written.startsWith("//")) {
      this.error(field, `"${value}" is not a path; write it from the site root: ${this.example("aliases")}`, line);
      return undefined;
    }
    const path = url.pathname.replace(/\/+$/, "") || "/";
    if (path === "/") {
      this.error(field, `"${value}" is the home page, which cannot redirect to an article`, line);
      return undefined;
    }
    return `${path}${url.search}`;
  }

  private readAliases(slug: string): string[] {
    const aliases: string[] = [];
    for (const { key, value, line } of this.all("aliases")) {
      const list = Array.isArray(value) ? value : [value];
      list.forEach((item, index) => {
        const at = Array.isArray(value) ? (this.frontMatter.lineOf([key, index]) ?? line) : line;
        if (typeof item !== "string") {
          this.error(
            Array.isArray(value) ? `${key}[${index}]` : key,
            `${key} is a list of old paths: ${this.example("aliases")}`,
            at,
          );
          return;
        }
        const alias = this.normaliseAlias(item, Array.isArray(value) ? `${key}[${index}]` : key, at);
        if (alias && alias !== articlePath(slug)) aliases.push(alias);
      });
    }
    return aliases;
  }

  private readLang(): string | undefined {
    const entry = this.first("lang");
    if (!entry) return undefined;
    if (typeof entry.value === "string" && BCP47.test(entry.value)) return entry.value;
    this.error(entry.key, `lang is a BCP 47 language tag such as en or de: ${this.example("lang")}`, entry.line);
    return undefined;
  }

  private readDraft(): boolean {
    let draft = false;
    for (const { key, value, line } of this.all("draft")) {
      if (typeof value !== "boolean") {
        // `draft: yes` means a draft; `published: no` means one too.
        const meant = intendedBoolean(value, key === "draft");
        this.errorWithForm({ key, value, line }, `${key} is true or false`, this.show(key, meant));
        continue;
      }
      if (key === "published" ? !value : value) draft = true;
    }
    return draft;
  }

  private readId(): string | undefined {
    const entry = this.first("id");
    if (!entry) return undefined;
    const parsed = recordId.safeParse(entry.value, { error: publisherWords });
    if (parsed.success) return parsed.data;
    const problem = parsed.error.issues[0]?.message ?? "must be text";
    this.error(entry.key, withExample(problem, this.example("id")), entry.line);
    return undefined;
  }
}
