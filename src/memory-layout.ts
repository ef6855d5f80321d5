/**
 * Everything a bundle held in memory stores beside the worker, laid out as the build
 * lays it out on disk: the record packs (bodies kept as text, not deflated), the slug
 * and sitemap tables, and the lists written ahead. The tests, the Node tools and the
 * start-up warm-up serve bundles this way.
 */
import { decodeIndex, encodeIndex, packSizeOf } from "./model/index-codec";
import { encodePack, encodeRecord, planPacks } from "./model/packs";
import { concatBytes } from "./model/pieces";
import { sitemapLists } from "./feeds/sitemap";
import { SITEMAP_PART, sitemapListPath, slugTableFiles } from "./model/tables";
import { compileTemplate, encodeTemplate } from "./model/templates";
import type { ContentBundle } from "./model/types";
import { encodeLists, LISTS_PATH } from "./pages/lists";
import { Archive } from "./query/archive";
import { RecordStore } from "./providers/records";

const encoder = new TextEncoder();

/**
 * The slug tables and sitemap lists of an archive (newest first): path → what the file
 * holds, made on demand: the slug tables as text, each sitemap list compiled into a
 * template (model/templates.ts). The build writes the same, but only what changed. A
 * sitemap list is made only when asked for, and again each time: at 1,000,000 articles
 * the lists together are a hundred megabytes of text.
 */
export function tableFiles(articles: readonly { slug: string; updated: number }[]): Map<string, TableFile> {
  const files = new Map<string, TableFile>();
  for (const [path, text] of slugTableFiles(articles.map((article) => article.slug))) {
    files.set(path, { text: () => text, bytes: () => encoder.encode(text) });
  }
  const total = articles.length;
  for (let part = 1; (part - 1) * SITEMAP_PART < total; part++) {
    // The part's articles alone make one list, the same as the part of the whole.
    const members = () => articles.slice(Math.max(0, total - part * SITEMAP_PART), total - (part - 1) * SITEMAP_PART);
    const text = () => sitemapLists(members()).get(1) ?? "";
    files.set(sitemapListPath(part), { text, bytes: () => encodeTemplate(compileTemplate(text())) });
  }
  return files;
}

/** A table file: its text (what it is made of), and its bytes. */
export interface TableFile {
  text(): string;
  bytes(): Uint8Array;
}

/**
 * Path (e.g. `/_records/site/0.json`) → bytes. The lists are written as of `listedAt`
 * (by default with every article visible); a request writes again what has changed since.
 */
export function layOutRecords(bundle: ContentBundle, listedAt = Infinity): Map<string, Uint8Array> {
  const records = bundle.articles.map((article) => encodeRecord(article));
  const packSize = packSizeOf(bundle);
  const files = new Map<string, Uint8Array>(
    planPacks({ ...bundle, articleCount: records.length }, packSize).map(({ path, ordinals }) => [
      path,
      concatBytes(encodePack(ordinals.map((ordinal) => records[ordinal] ?? null))),
    ]),
  );
  for (const [path, file] of tableFiles(bundle.articles)) files.set(path, file.bytes());
  const nothingRead = { read: () => Promise.reject(new Error("lists are written from the index alone")) };
  const archive = new Archive(decodeIndex(encodeIndex(bundle, listedAt)), new RecordStore(nothingRead, packSize));
  files.set(LISTS_PATH, concatBytes(encodePack([encodeLists(archive, listedAt)])));
  return files;
}
