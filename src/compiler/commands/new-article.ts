/**
 * Writing a new article: `content/articles/<slug>.md` with front matter the reader
 * accepts, dated at the given instant in the site's time zone with that zone's
 * offset. It never overwrites a file: when the slug is taken, it says so instead.
 */
import { mkdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Document, isSeq } from "yaml";
import { toZonedTimestamp } from "../../text/dates";
import { slugify } from "../../text/slug";
import { readArticle } from "../render/article";
import { type Diagnostic, Diagnostics, formatDiagnostic } from "../diagnostics";
import { readSite } from "../read/site";

export interface NewArticle {
  contentDir: string;
  title: string;
  tags: string[];
  /** The article's date, epoch milliseconds. */
  now: number;
}

export type NewArticleResult = { path: string; siteErrors: Diagnostic[] } | { error: string; siteErrors: Diagnostic[] };

function articleText(title: string, date: string, tags: string[]): string {
  const fields = new Document(tags.length > 0 ? { title, date, tags } : { title, date });
  const tagList = fields.get("tags", true);
  if (isSeq(tagList)) tagList.flow = true;
  const body = "Write the article here. Its first paragraph is the summary, unless you add a summary: line above.";
  return `---\n${fields.toString({ lineWidth: 0 })}---\n\n${body}\n`;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export async function createArticle({ contentDir, title, tags, now }: NewArticle): Promise<NewArticleResult> {
  const diagnostics = new Diagnostics();
  const site = await readSite(contentDir, diagnostics);
  const siteErrors = diagnostics.errors;
  const slug = slugify(title) || "article";
  const text = articleText(title, toZonedTimestamp(now, site.timeZone), tags);
  // The reader must accept what we write; if it does not, that is our bug, not the publisher's.
  const check = readArticle(`articles/${slug}.md`, text, { timeZone: site.timeZone, bundleFiles: [] });
  if (!check.article) throw new Error(check.diagnostics.map(formatDiagnostic).join("\n"));

  const articles = join(contentDir, "articles");
  for (const taken of [`${slug}.md`, `${slug}.markdown`, `${slug}/index.md`]) {
    if (await exists(join(articles, taken))) {
      return { error: `${join(articles, taken)} already exists; edit it, or choose another title`, siteErrors };
    }
  }
  await mkdir(articles, { recursive: true });
  const path = join(articles, `${slug}.md`);
  try {
    await writeFile(path, text, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return { error: `${path} already exists; edit it, or choose another title`, siteErrors };
  }
  return { path, siteErrors };
}
