/**
 * Helpers for the import tests: temporary content directories, running the import
 * in-process, and reading what it wrote back with independent parsers (the `yaml`
 * library for front matter, marked then htmlparser2 for the links of a body), never
 * with the importer's own code.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DomUtils, parseDocument } from "htmlparser2";
import { Marked } from "marked";
import { afterEach } from "vitest";
import { parse } from "yaml";
import { type ImportOptions, type ImportReport, runImport } from "../../src/import/run";

export const FIXTURES = resolve(import.meta.dirname, "../fixtures/import");

/** One source of each kind, all importable into one content directory. */
export const ALL_SOURCES = [
  "wordpress-rss.xml",
  "wordpress-export.xml",
  "jekyll-feed.xml",
  "jsonfeed-1.0.json",
  "jsonfeed-1.1.json",
];

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-import-"));
  dirs.push(dir);
  return dir;
}

export function importInto(
  contentDir: string,
  source: string,
  options: Partial<ImportOptions> = {},
): Promise<ImportReport> {
  return runImport({
    source,
    contentDir,
    dryRun: false,
    force: false,
    timeoutMs: 5_000,
    maxPages: 20,
    fetch: globalThis.fetch,
    ...options,
  });
}

/** Every file under a directory with its bytes, to show that nothing changed. */
export async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return files;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(dir.length + 1), (await readFile(path)).toString("base64"));
  }
  return files;
}

export interface WrittenRecord {
  file: string;
  fields: Record<string, unknown>;
  body: string;
}

/** The records under `articles/`, front matter parsed by the yaml library. */
export async function writtenRecords(contentDir: string): Promise<WrittenRecord[]> {
  const names = (await readdir(join(contentDir, "articles"))).filter((name) => name.endsWith(".md")).sort();
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(join(contentDir, "articles", name), "utf8");
      const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
      if (!match) throw new Error(`${name} has no front matter block`);
      return {
        file: `articles/${name}`,
        fields: parse(match[1] ?? "") as Record<string, unknown>,
        body: match[2] ?? "",
      };
    }),
  );
}

export async function recordById(contentDir: string, id: string): Promise<WrittenRecord> {
  const record = (await writtenRecords(contentDir)).find((r) => r.fields.id === id);
  if (!record) throw new Error(`no record with id ${id}`);
  return record;
}

const marked = new Marked({ gfm: true, async: false });

/** The body rendered by marked and parsed by htmlparser2. */
export function bodyDocument(markdown: string): ReturnType<typeof parseDocument> {
  return parseDocument(marked.parse(markdown) as string);
}

/** Every link and image target in a Markdown body. */
export function bodyUrls(markdown: string): { links: string[]; images: string[] } {
  const document = bodyDocument(markdown);
  const attribute = (tag: string, name: string) =>
    DomUtils.findAll((element) => element.name === tag, document.children).map(
      (element) => element.attribs[name] ?? "",
    );
  return { links: attribute("a", "href"), images: attribute("img", "src") };
}

/** Plain text of a Markdown body, as a reader would see it. */
export function bodyText(markdown: string): string {
  return DomUtils.textContent(bodyDocument(markdown)).replace(/\s+/g, " ").trim();
}

/** The instant a written date names, read by the platform's own Date parser. */
export function instant(value: unknown): number {
  if (typeof value !== "string") throw new Error(`not a date string: ${String(value)}`);
  return Date.parse(value);
}
