/**
 * One source item as an Edgefeed record: front matter in a fixed field order, written
 * by the `yaml` library (so quoting is always right), and the content as Markdown.
 * The same item always gives the same bytes, which is what makes a re-run a no-op.
 * Each record is read by the compiler's own article reader before anything is written.
 */
import { stringify } from "yaml";
import { truncate } from "../compiler/render/markdown";
import { readArticle } from "../compiler/render/article";
import { toRfc3339 } from "../text/dates";
import { lookupKey } from "../text/slug";
import { NESTED_TOO_DEEPLY, NestedTooDeeply, htmlToMarkdown, htmlToText } from "./html";
import type { ImportProblems } from "./problems";
import type { SourceItem } from "./source-item";

const TITLE_FROM_TEXT = 80;

export interface ImportRecord {
  item: SourceItem;
  /** Front matter fields in the order they are written. */
  fields: Record<string, unknown>;
  body: string;
}

function unique(values: string[], key: (value: string) => string): string[] {
  const seen = new Set<string>();
  return values
    .map((value) => value.trim())
    .filter((value) => {
      const k = key(value);
      if (!value || seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

/** The old item page's path, the alias that keeps its URL answering; none for a site root. */
function oldPath(link: string | undefined): string | undefined {
  if (!link) return undefined;
  const path = new URL(link).pathname;
  return path === "/" ? undefined : path;
}

/** An item without a title is named by the start of its text (as microblog posts are), else its id. */
function titleOf(item: SourceItem): string {
  if (item.title.trim()) return item.title.trim();
  const text = htmlToText(item.html) || item.summary || "";
  return text ? truncate(text, TITLE_FROM_TEXT) : item.id;
}

export function toRecord(item: SourceItem, problems: ImportProblems): ImportRecord | undefined {
  let body: string;
  try {
    body = htmlToMarkdown(item.html, item.base);
  } catch (error) {
    const why = error instanceof NestedTooDeeply ? NESTED_TOO_DEEPLY : String(error);
    problems.itemError(item.place, `its content could not be converted to Markdown: ${why}`);
    return undefined;
  }
  const authors = unique(item.authors, (name) => name);
  const tags = unique(item.tags, lookupKey);
  const alias = oldPath(item.link);
  const fields: Record<string, unknown> = { title: titleOf(item), id: item.id, date: toRfc3339(item.published) };
  if (item.updated !== undefined) fields.updated = toRfc3339(item.updated);
  if (authors.length > 0) fields.authors = authors;
  if (tags.length > 0) fields.tags = tags;
  if (item.summary) fields.summary = item.summary;
  if (alias) fields.aliases = [alias];
  if (item.draft) fields.draft = true;

  const record = { item, fields, body };
  // What the build would say of the file: any error, and the record is not kept.
  const reading = readArticle("articles/imported.md", renderRecord(record, ""), { timeZone: "UTC", bundleFiles: [] });
  const errors = reading.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
  for (const { field, message } of errors) {
    problems.itemError(
      item.place,
      `cannot be kept as a record: ${field && !message.startsWith(field) ? `${field}: ` : ""}${message}`,
    );
  }
  if (errors.length > 0) return undefined;
  // The build removes characters XML cannot carry; an id that loses one would not be the old id.
  if (reading.article?.id !== item.id) {
    problems.itemError(
      item.place,
      `cannot be kept as a record: its id ${JSON.stringify(item.id)} holds characters no feed can carry`,
    );
    return undefined;
  }
  return record;
}

/** The file's text; an alias equal to the record's own new path would redirect to itself, so it goes. */
export function renderRecord(record: ImportRecord, ownPath: string): string {
  const aliases = ((record.fields.aliases as string[] | undefined) ?? []).filter(
    (alias) => alias.replace(/\/$/, "") !== ownPath,
  );
  const fields = { ...record.fields, aliases: aliases.length > 0 ? aliases : undefined };
  const frontMatter = stringify(fields, { lineWidth: 0, indentSeq: true });
  return `---\n${frontMatter}---\n${record.body}`;
}
