/**
 * Writing a new article: `content/articles/<slug>.md` (or a page bundle's
 * `<slug>/index.md`) with front matter the reader accepts, dated now or at the future
 * instant it is scheduled for, in the site's time zone with that zone's offset. It
 * never overwrites a file: when the slug is taken, it says so instead.
 */
import { mkdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Document, isSeq } from "yaml";
import { parseTimestamp, toZonedTimestamp } from "../../text/dates";
import { slugify } from "../../text/slug";
import { PLACEHOLDER_BODY, readArticle } from "../render/article";
import { type Diagnostic, Diagnostics, formatDiagnostic } from "../diagnostics";
import { readSite } from "../read/site";

export interface NewArticle {
  contentDir: string;
  title: string;
  tags: string[];
  /** Names of its authors, as authors.yaml knows them (or not yet). */
  authors?: string[];
  /** `draft: true`: validated, never published. */
  draft?: boolean;
  /** When to publish it, as the publisher wrote it (`2026-12-03T09:00`); it must lie ahead of `now`. */
  date?: string;
  /** A page bundle (`<slug>/index.md`), so the article's pictures can sit beside it. */
  bundle?: boolean;
  /** The clock, epoch milliseconds: the article's date when `date` is not given. */
  now: number;
}

export type NewArticleResult =
  | { path: string; siteErrors: Diagnostic[] }
  /** `usage`: the request itself is wrong (a date that is unreadable or past); else the file is taken. */
  | { error: string; usage?: true; siteErrors: Diagnostic[] };

interface Fields {
  title: string;
  date: string;
  authors?: string[];
  tags?: string[];
  draft?: true;
}

function articleText(fields: Fields): string {
  const document = new Document(fields);
  for (const list of ["authors", "tags"]) {
    const node = document.get(list, true);
    if (isSeq(node)) node.flow = true;
  }
  return `---\n${document.toString({ lineWidth: 0 })}---\n\n${PLACEHOLDER_BODY}\n`;
}

/** The instant `--date` names, read in the site's zone; a past or unreadable one is the caller's mistake. */
function scheduledDate(written: string, now: number, timeZone: string): { epochMs: number } | { error: string } {
  const parsed = parseTimestamp(written, timeZone);
  const forms = `2026-12-03T09:00 (read in ${timeZone}, site.yaml's timezone) or 2026-12-03T09:00:00+01:00`;
  if (!parsed.ok) return { error: `--date: ${parsed.reason}; write it as ${forms}` };
  if (parsed.epochMs <= now) {
    return {
      error:
        `--date: ${toZonedTimestamp(parsed.epochMs, timeZone)} has already passed; --date schedules an ` +
        `article for later, such as ${forms} (leave it out to date the article now)`,
    };
  }
  return { epochMs: parsed.epochMs };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export async function createArticle(request: NewArticle): Promise<NewArticleResult> {
  const { contentDir, title, tags, authors = [], now } = request;
  const diagnostics = new Diagnostics();
  const site = await readSite(contentDir, diagnostics);
  const siteErrors = diagnostics.errors;
  let date = now;
  if (request.date !== undefined) {
    const scheduled = scheduledDate(request.date, now, site.timeZone);
    if ("error" in scheduled) return { error: scheduled.error, usage: true, siteErrors };
    date = scheduled.epochMs;
  }
  const slug = slugify(title) || "article";
  const fields: Fields = { title, date: toZonedTimestamp(date, site.timeZone) };
  if (authors.length > 0) fields.authors = authors;
  if (tags.length > 0) fields.tags = tags;
  if (request.draft) fields.draft = true;
  const text = articleText(fields);
  const file = request.bundle ? `${slug}/index.md` : `${slug}.md`;
  // The reader must accept what we write; if it does not, that is our bug, not the publisher's.
  const check = readArticle(`articles/${file}`, text, { timeZone: site.timeZone, bundleFiles: [] });
  if (!check.article) throw new Error(check.diagnostics.map(formatDiagnostic).join("\n"));

  const articles = join(contentDir, "articles");
  for (const taken of [`${slug}.md`, `${slug}.markdown`, `${slug}/index.md`]) {
    if (await exists(join(articles, taken))) {
      return { error: `${join(articles, taken)} already exists; edit it, or choose another title`, siteErrors };
    }
  }
  const path = join(articles, file);
  await mkdir(join(path, ".."), { recursive: true });
  try {
    await writeFile(path, text, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return { error: `${path} already exists; edit it, or choose another title`, siteErrors };
  }
  return { path, siteErrors };
}
