/**
 * The one home of the record layout: which storage object (a "pack") holds which
 * articles of a scope, and where it lives. Packs are the scope's RFC 5005 archive
 * pages grouped in twos or more, counted from the OLDEST article: new articles only
 * ever append to the newest pack, so older packs never change, and a subscription
 * document (the newest `feed_size` articles) spans at most two packs.
 */
import { encodeBody, type PieceCompressor } from "./pieces";
import { authorScope, scopeKey, tagScope } from "./scope";
import type { Article, ContentBundle } from "./types";

/** Packs hold at least this many records, so 100,000 articles fit the free plan's 20,000 asset files. */
const MIN_PACK_RECORDS = 40;

/** Where the records live in the worker's assets; the worker answers this prefix itself (404). */
export const RECORDS_PREFIX = "/_records/";

/** Records per pack: a multiple of the feed size, so an archive page never straddles two packs. */
export function packSizeFor(feedSize: number): number {
  return feedSize * Math.max(2, Math.ceil(MIN_PACK_RECORDS / feedSize));
}

/** A scope as the records layout names it: `site`, `tags/<slug>` or `authors/<slug>` (see model/scope.ts). */
export type PackScope = "site" | `tags/${string}` | `authors/${string}`;

export function packPath(scope: PackScope, pack: number): string {
  return `${RECORDS_PREFIX}${scope}/${pack}.json`;
}

/** The packs holding oldest-first positions [from, to) of a scope, with each pack's slice. */
export function packsFor(from: number, to: number, packSize: number): { pack: number; start: number; end: number }[] {
  const spans: { pack: number; start: number; end: number }[] = [];
  for (let position = from; position < to;) {
    const pack = Math.floor(position / packSize);
    const end = Math.min(to, (pack + 1) * packSize);
    spans.push({ pack, start: position - pack * packSize, end: end - pack * packSize });
    position = end;
  }
  return spans;
}

/** How many records pack `pack` of a scope of `total` articles holds. */
export function packLength(pack: number, total: number, packSize: number): number {
  return Math.max(0, Math.min(packSize, total - pack * packSize));
}

/**
 * A record as a pack holds it: the JSON of its article without the body, with the
 * body's layout in its record bytes (model/pieces.ts), and those bytes.
 */
export interface PackedRecord {
  json: Uint8Array[];
  bytes: Uint8Array[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function byteLength(chunks: readonly Uint8Array[]): number {
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  return total;
}

/**
 * A pack's bytes, as chunks: the length of its header (4 bytes, little-endian), the
 * header (JSON: where each record's bytes start, and the records), then the records'
 * bytes. Only the header is parsed when a pack is read; the bodies stay bytes until a
 * document puts them into a response.
 */
export function encodePack(records: readonly (PackedRecord | null)[]): Uint8Array[] {
  const at: number[] = [];
  let offset = 0;
  for (const record of records) {
    at.push(offset);
    offset += record ? byteLength(record.bytes) : 0;
  }
  const header: Uint8Array[] = [encoder.encode(`{"at":${JSON.stringify(at)},"records":[`)];
  records.forEach((record, i) => {
    if (i > 0) header.push(encoder.encode(","));
    header.push(...(record ? record.json : [encoder.encode("null")]));
  });
  header.push(encoder.encode("]}"));
  const size = new Uint8Array(4);
  new DataView(size.buffer).setUint32(0, byteLength(header), true);
  return [size, ...header, ...records.flatMap((record) => record?.bytes ?? [])];
}

/** The header of a pack and where its record bytes start. */
export interface PackContents {
  at: number[];
  records: unknown[];
  /** Where the records' bytes start in the pack. */
  base: number;
}

/** Parses a pack's header; the caller checks its shape. Throws when the bytes are not a pack. */
export function decodePackHeader(bytes: Uint8Array): PackContents {
  if (bytes.length < 4) throw new Error("too short for a pack");
  const length = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (4 + length > bytes.length) throw new Error("its header runs past its end");
  const header = JSON.parse(decoder.decode(bytes.subarray(4, 4 + length))) as { at?: unknown; records?: unknown };
  if (!Array.isArray(header.at) || !Array.isArray(header.records) || header.at.length !== header.records.length) {
    throw new Error("its header is not a pack's");
  }
  return { at: header.at as number[], records: header.records, base: 4 + length };
}

/** An article as packs hold it: its fields and the layout of its body, and the body's bytes. */
export function encodeRecord(article: Article, compressor?: PieceCompressor): PackedRecord {
  const { content, ...fields } = article;
  const body = encodeBody(content, compressor);
  return { json: [encoder.encode(JSON.stringify({ ...fields, body: body.layout }))], bytes: body.bytes };
}

/** A pack and the ordinals of its records, oldest first. */
export interface PackPlan {
  path: string;
  ordinals: number[];
}

/** What is laid out: the number of articles, and the scopes with postings (tags and authors). */
type Layout = Pick<ContentBundle, "tags" | "authors"> & { articleCount: number };

export function planPacks({ articleCount, tags, authors }: Layout, packSize: number): PackPlan[] {
  const plans: PackPlan[] = [];
  const layOut = (scope: PackScope, total: number, ordinalAt: (position: number) => number) => {
    for (let pack = 0; pack * packSize < total; pack++) {
      const ordinals: number[] = [];
      const start = pack * packSize;
      const end = start + packLength(pack, total, packSize);
      // Ordinals run newest first; positions count from the oldest.
      for (let position = start; position < end; position++) ordinals.push(ordinalAt(total - 1 - position));
      plans.push({ path: packPath(scope, pack), ordinals });
    }
  };
  layOut("site", articleCount, (i) => i);
  const postings = [
    ...tags.map((tag) => ({ scope: scopeKey(tagScope(tag.slug)), articles: tag.articles })),
    ...authors.map((author) => ({ scope: scopeKey(authorScope(author.slug)), articles: author.articles })),
  ];
  for (const { scope, articles } of postings) layOut(scope, articles.length, (i) => articles[i] ?? -1);
  return plans;
}
