/**
 * JSON Feed 1.0 and 1.1: `id` (a number is read as its string, as the spec asks),
 * `date_published` (else `date_modified`), `content_html` or `content_text`, `summary`,
 * `tags`, the 1.1 `authors` and the 1.0 `author` (an item without either inherits the
 * feed's), and `next_url` to older pages.
 */
import { z } from "zod";
import { publisherWords } from "../compiler/read/issues";
import { type ReadContext, laterUpdate, readTimestamp, requireId } from "./context";
import { decodeEntities, textToHtml } from "./html";
import { ImportError, type ItemPlace } from "./problems";
import type { SourceItem, SourcePage } from "./source-item";
import { resolveUrl } from "./xml";

const JSON_FEED_VERSION = /^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?$/;

const VERSION_RULE = 'must be "https://jsonfeed.org/version/1.1" (or "…/version/1")';

const author = z.object({ name: z.string().nullish() });
const authorFields = { author: author.nullish(), authors: z.array(author).nullish() };

const itemSchema = z.object({
  id: z.union([z.string(), z.number().transform(String)]).nullish(),
  url: z.string().nullish(),
  title: z.string().nullish(),
  content_html: z.string().nullish(),
  content_text: z.string().nullish(),
  summary: z.string().nullish(),
  date_published: z.string().nullish(),
  date_modified: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  ...authorFields,
});

const feedSchema = z.object({
  version: z.string({ error: VERSION_RULE }).regex(JSON_FEED_VERSION, { error: VERSION_RULE }),
  home_page_url: z.string().nullish(),
  feed_url: z.string().nullish(),
  next_url: z.string().nullish(),
  items: z.array(z.unknown(), { error: "must be the list of items" }),
  ...authorFields,
});

type Authored = z.infer<z.ZodObject<typeof authorFields>>;

function names(value: Authored): string[] {
  const list = value.authors ?? (value.author ? [value.author] : []);
  return list.map((person) => decodeEntities(person.name ?? "")).filter(Boolean);
}

/** Where JSON.parse stopped, from its message: the end of the text when it names no position. */
function offsetOfJsonError(text: string, message: string): number {
  const position = /at position (\d+)/.exec(message)?.[1];
  return position === undefined ? text.length : Number(position);
}

export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = offsetOfJsonError(text, message);
    const cut = offset >= text.trimEnd().length ? " (the file looks cut short: download it again)" : "";
    const line = text.slice(0, offset).split("\n").length;
    throw new ImportError(`${source}: line ${line}`, `not valid JSON: ${message}${cut}`);
  }
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("") ?? "";
  return `${path.replace(/^\./, "")}: ${issue?.message ?? "is not valid"}`;
}

function readItem(
  raw: unknown,
  position: number,
  feed: { base: string | undefined; authors: string[] },
  context: ReadContext,
): SourceItem | undefined {
  const rawTitle = raw && typeof raw === "object" && "title" in raw && typeof raw.title === "string" ? raw.title : "";
  const place: ItemPlace = { source: context.source, position, title: decodeEntities(rawTitle), noun: "item" };
  const parsed = itemSchema.safeParse(raw, { error: publisherWords });
  if (!parsed.success) {
    context.problems.itemError(place, `is not a JSON Feed item: ${issueText(parsed.error)}`);
    return undefined;
  }
  const item = parsed.data;
  const id = item.id ?? undefined;
  const hasId = requireId(id, place, context, '"id": "https://example.org/2023/06/post"');
  const published = readTimestamp(item.date_published, "date_published", place, context);
  const modified = readTimestamp(item.date_modified, "date_modified", place, context);
  if (!item.date_published && !item.date_modified) {
    context.problems.itemError(place, 'has no date_published; write e.g. "date_published": "2023-06-01T07:15:00Z"');
  }
  const date = published ?? modified;
  if (!hasId || date === undefined) return undefined;

  const link = item.url ? resolveUrl(item.url, feed.base) : undefined;
  const itemNames = names(item);
  const result: SourceItem = {
    place,
    id,
    title: place.title ?? "",
    published: date,
    authors: itemNames.length > 0 ? itemNames : feed.authors,
    tags: (item.tags ?? []).map(decodeEntities),
    html: item.content_html ?? textToHtml(item.content_text ?? ""),
    base: link ?? feed.base,
  };
  const later = laterUpdate(date, modified);
  if (later !== undefined) result.updated = later;
  const summary = item.summary?.trim();
  if (summary) result.summary = decodeEntities(summary);
  if (link && /^https?:/i.test(link)) result.link = link;
  return result;
}

export function readJsonFeed(data: unknown, context: ReadContext): SourcePage {
  const parsed = feedSchema.safeParse(data, { error: publisherWords });
  if (!parsed.success) throw new ImportError(context.source, `not a valid JSON Feed: ${issueText(parsed.error)}`);
  const feed = parsed.data;
  const base = [feed.home_page_url, feed.feed_url, context.url].reduce<string | undefined>(
    (found, candidate) => found ?? (candidate ? resolveUrl(candidate, context.url) : undefined),
    undefined,
  );
  const feedInfo = { base, authors: names(feed) };
  const items = feed.items.flatMap((item, index) => readItem(item, index + 1, feedInfo, context) ?? []);
  const page: SourcePage = { kind: "JSON Feed", items, leftOut: new Map() };
  const older = feed.next_url ? resolveUrl(feed.next_url, context.url ?? feed.feed_url ?? undefined) : undefined;
  if (older) page.olderPage = older;
  return page;
}
