/**
 * The long lists of the site: every public tag with its count (the home page's topics,
 * the tag index), every public author (the author index), and every feed of the tags
 * and authors (the OPML). With a thousand tags they are most of those documents, and
 * writing and compressing them took a first render several milliseconds. So the build
 * writes them ahead, in chunks of LIST_CHUNK tags or authors as they stand at its
 * clock, each chunk with the counts it shows; the HTML ones are deflated (their links
 * are root-relative), the OPML's are cut where the origin goes. A request takes a
 * chunk as it is when the counts it shows are still the counts; when an article
 * scheduled at build time has appeared in one of its tags since, it writes that chunk
 * itself. Either way the list is what rendering it whole would give, byte for byte.
 */
import { opmlOutlines } from "../feeds/opml";
import type { Fill } from "../http/gzip";
import { HOLE, type Piece, type PieceCompressor, PieceWriter, readPieces } from "../model/pieces";
import { compileTemplate, decodeTemplate, encodeTemplate, type Template } from "../model/templates";
import { RECORDS_PREFIX, type PackedRecord } from "../model/packs";
import type { AuthorScope, TagScope } from "../model/types";
import type { Archive } from "../query/archive";
import { indexItem } from "./pages";
import { topicItem } from "./parts";

/** Tags or authors a chunk holds. */
export const LIST_CHUNK = 64;

/** Where the written-ahead lists are, beside the packs (only the worker reads them). */
export const LISTS_PATH = `${RECORDS_PREFIX}lists.bin`;

/** Where a list goes in a document: no escaped text holds a raw "<", and no content holds U+0002. */
export const LIST_SLOT = "<\u0002/>";

/** The lists, each over the tags or the authors, and how one of its items is written. */
const LISTS = {
  topics: { of: "tags", item: (archive: Archive, scope: Scope, count: number) => topicItem(tagOf(scope), count) },
  tagIndex: {
    of: "tags",
    item: (archive: Archive, scope: Scope, count: number) => indexItem(archive.site, scope, count),
  },
  authorIndex: {
    of: "authors",
    item: (archive: Archive, scope: Scope, count: number) => indexItem(archive.site, scope, count),
  },
  opmlTags: { of: "tags", item: (archive: Archive, scope: Scope) => opmlOutlines(archive.site, scope, HOLE) },
  opmlAuthors: { of: "authors", item: (archive: Archive, scope: Scope) => opmlOutlines(archive.site, scope, HOLE) },
} as const;

export type ListName = keyof typeof LISTS;
type Scope = TagScope | AuthorScope;

function tagOf(scope: Scope) {
  if (scope.kind !== "tag") throw new Error("a topic list holds tags");
  return scope.tag;
}

/**
 * A chunk as the build wrote it: what it shows (position, count, …), and either its
 * pieces (HTML: deflated, whole) or, where it names the origin (OPML, every hundred
 * bytes), a template (model/templates.ts).
 */
interface StoredChunk {
  rows: number[];
  pieces: Piece[];
  /** Decoded when a document first takes it: the OPML's are not the pages'. */
  template?: () => Template;
}

interface ChunkFields {
  rows: number[];
  pieces: number[];
  template?: [number, number];
}

export interface StoredLists {
  /** How many articles were visible when the lists were written: while as many are, every chunk holds. */
  visible: number;
  chunks: Record<ListName, StoredChunk[]>;
}

/** The public tags or authors at positions [from, to) of the index and their counts, as flat pairs, and their scopes. */
function chunkRows(archive: Archive, name: ListName, now: number, from: number): { rows: number[]; scopes: Scope[] } {
  const rows: number[] = [];
  const scopes: Scope[] = [];
  const { index } = archive;
  const of = LISTS[name].of;
  const total = of === "tags" ? index.tags.length : index.authors.length;
  for (let position = from; position < Math.min(total, from + LIST_CHUNK); position++) {
    const tag = of === "tags" ? index.tags[position] : undefined;
    const author = of === "authors" ? index.authors[position] : undefined;
    const scope: Scope | undefined = tag ? { kind: "tag", tag } : author ? { kind: "author", author } : undefined;
    if (!scope) continue;
    const count = archive.visibleCount(scope, now);
    if (count === 0 && !(tag?.declared ?? false)) continue;
    rows.push(position, count);
    scopes.push(scope);
  }
  return { rows, scopes };
}

function chunkCount(archive: Archive, name: ListName): number {
  const { index } = archive;
  const total = LISTS[name].of === "tags" ? index.tags.length : index.authors.length;
  return Math.ceil(total / LIST_CHUNK);
}

function chunkText(archive: Archive, name: ListName, scopes: readonly Scope[], rows: readonly number[]): string {
  const { item } = LISTS[name];
  return scopes.map((scope, i) => item(archive, scope, rows[2 * i + 1] ?? 0)).join("");
}

/** Every list of an archive as of `now`, written ahead: one record of pieces (model/packs.ts). */
export function encodeLists(archive: Archive, now: number, compressor?: PieceCompressor): PackedRecord {
  const writer = new PieceWriter(compressor);
  const encoder = new TextEncoder();
  const lists: Record<string, ChunkFields[] | number> = { visible: archive.view({ kind: "site" }, now).count };
  for (const name of Object.keys(LISTS) as ListName[]) {
    lists[name] = Array.from({ length: chunkCount(archive, name) }, (_, k) => {
      const { rows, scopes } = chunkRows(archive, name, now, k * LIST_CHUNK);
      const text = chunkText(archive, name, scopes, rows);
      if (text.includes(HOLE))
        return { rows, pieces: [], template: writer.append(encodeTemplate(compileTemplate(text))) };
      return { rows, pieces: writer.pieces([text]) };
    });
  }
  return { json: [encoder.encode(JSON.stringify(lists))], bytes: writer.bytes };
}

/** The lists as a request reads them from the record `encodeLists` made. */
export function readLists(fields: unknown, bytes: Uint8Array, base: number): StoredLists {
  const stored = fields as Record<ListName, ChunkFields[]> & { visible: number };
  const lists: StoredLists = { visible: stored.visible, chunks: {} as StoredLists["chunks"] };
  for (const name of Object.keys(LISTS) as ListName[]) {
    lists.chunks[name] = (stored[name] ?? []).map(({ rows, pieces, template }) => ({
      rows,
      pieces: readPieces(pieces, bytes, base),
      ...(template
        ? { template: once(() => decodeTemplate(bytes.subarray(base + template[0], base + template[1]))) }
        : {}),
    }));
  }
  return lists;
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

function sameRows(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/**
 * A list as a document's slot takes it at `now`: each chunk the build wrote, while it
 * shows what is true now, else the chunk written here. `origin` goes where the OPML's
 * pieces leave it open.
 */
export function listFill(archive: Archive, stored: StoredLists, name: ListName, now: number, origin: string): Fill[] {
  const fill: Fill[] = [];
  const chunks = stored.chunks[name];
  // Counts change only as articles appear: while as many are visible as when the lists were written, all hold.
  const unchanged = archive.view({ kind: "site" }, now).count === stored.visible;
  for (let k = 0; k < chunkCount(archive, name); k++) {
    const chunk = chunks[k];
    const current = unchanged && chunk ? undefined : chunkRows(archive, name, now, k * LIST_CHUNK);
    if (current && !(chunk && sameRows(chunk.rows, current.rows))) {
      fill.push(chunkText(archive, name, current.scopes, current.rows).replaceAll(HOLE, origin));
    } else if (chunk?.template) fill.push(chunk.template());
    else if (chunk) fill.push(...chunk.pieces);
  }
  return fill;
}
