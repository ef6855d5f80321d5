/**
 * Everything a bundle held in memory stores beside the worker, laid out as the build
 * lays it out on disk: the record packs (bodies kept as text, not deflated), the slug
 * and sitemap tables, and the lists written ahead. The tests, the Node tools and the
 * start-up warm-up serve bundles this way.
 */
import { decodeIndex, encodeIndex } from "./model/index-codec";
import { encodePack, encodeRecord, packSizeFor, planPacks } from "./model/packs";
import { concatBytes } from "./model/pieces";
import { sitemapLists } from "./feeds/sitemap";
import { sitemapListPath, slugTableFiles } from "./model/tables";
import { compileTemplate, encodeTemplate } from "./model/templates";
import type { ContentBundle } from "./model/types";
import { encodeLists, LISTS_PATH } from "./pages/lists";
import { Archive } from "./query/archive";
import { RecordStore } from "./providers/records";

const encoder = new TextEncoder();

/**
 * The slug tables and sitemap lists of an archive (newest first): path → what the file
 * holds, made on demand: the slug tables as text, each sitemap list compiled into a
 * template (model/templates.ts). The build writes the same, but only what changed.
 */
export function tableFiles(articles: readonly { slug: string; updated: number }[]): Map<string, TableFile> {
  const files = new Map<string, TableFile>();
  for (const [path, text] of slugTableFiles(articles.map((article) => article.slug))) {
    files.set(path, { signature: text, bytes: () => encoder.encode(text) });
  }
  for (const [part, text] of sitemapLists(articles)) {
    files.set(sitemapListPath(part), { signature: text, bytes: () => encodeTemplate(compileTemplate(text)) });
  }
  return files;
}

/** A table file: what it is made of, and its bytes. */
export interface TableFile {
  signature: string;
  bytes(): Uint8Array;
}

/**
 * Path (e.g. `/_records/site/0.json`) → bytes. The lists are written as of `listedAt`
 * (by default with every article visible); a request writes again what has changed since.
 */
export function layOutRecords(bundle: ContentBundle, listedAt = Infinity): Map<string, Uint8Array> {
  const records = bundle.articles.map((article) => encodeRecord(article));
  const packSize = packSizeFor(bundle.site.feedSize);
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
