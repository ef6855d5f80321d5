/**
 * One content file, reduced to what the rest of the build needs. readArticle gives
 * everything about an article, its rendered body included; what the build keeps for
 * every article of a large archive must be small, so the record's own fields (title,
 * summary, body, source, …) become one JSON text, set aside until its packs are
 * written, and only the facts the cross-file checks, tag and author resolution and the index need
 * stay in memory. The result is plain JSON: the incremental cache keeps it per file,
 * and the worker threads of a cold build send it back as it is.
 */
import { createHash } from "node:crypto";
import { constants, crc32, deflateRawSync } from "node:zlib";
import type { PackedRecord } from "../../model/packs";
import { encodeBody, type PieceCompressor } from "../../model/pieces";
import type { Article } from "../../model/types";
import { type ArticleContext, type ParsedArticle, readArticle, type UnknownField } from "./article";
import type { Diagnostic } from "../diagnostics";

/** What of a parsed article the build keeps in memory. */
export interface ArticleFacts extends Omit<ParsedArticle, "title" | "summary" | "content" | "source" | "body"> {
  /** Title and body, hashed: two articles with the same are one article published twice. */
  copyKey: string;
}

/** A content file as it was when read: what the build cache keys its outcome by. */
export interface FileRead {
  mtimeMs: number;
  size: number;
}

export interface FileOutcome {
  /** The file as read (absent when it could not be read). */
  read?: FileRead;
  diagnostics: Diagnostic[];
  unknownFields: UnknownField[];
  facts?: ArticleFacts;
  /**
   * The record's fields that depend on this file alone, as the inside of a JSON object
   * (`"slug":…,"title":…`) in UTF-8; `recordJson` adds what depends on other files
   * around it. Bytes, made where the file is processed: a build thread hands them over
   * as they are, and the main thread never encodes or hashes them.
   */
  fields?: Uint8Array;
  /** Changes exactly when the fields do (see `fieldsHash`). */
  fieldsHash?: string;
}

/** The fields of an Article that one file decides alone (its body as pieces, model/pieces.ts). */
type OwnFields = Pick<Article, "slug" | "title" | "published" | "updated" | "summary" | "source">;

/**
 * Bodies are deflated once, here, so no request ever compresses one. Level 6 (zlib's
 * default) compresses about 4 % better than level 1 for no more time on these sizes.
 */
export const pieceCompressor: PieceCompressor = {
  deflate: (text) => deflateRawSync(text, { level: 6, finishFlush: constants.Z_SYNC_FLUSH }),
  crc32: (text) => crc32(text),
};

/**
 * A file's own part of its record, as bytes: the length of its JSON (4 bytes,
 * little-endian), the JSON (the inside of an object: `"slug":…,"body":{…}`), then the
 * body's bytes. The cache and the build threads keep it as it is.
 */
function ownRecord(own: OwnFields, content: Article["content"]): Uint8Array {
  const body = encodeBody(content, pieceCompressor);
  const json = Buffer.from(JSON.stringify({ ...own, body: body.layout }).slice(1, -1));
  const size = Buffer.alloc(4);
  size.writeUInt32LE(json.length);
  return Buffer.concat([size, json, ...body.bytes]);
}

export function processFile(file: string, text: string, context: ArticleContext): FileOutcome {
  const { article, diagnostics, unknownFields } = readArticle(file, text, context);
  if (!article) return { diagnostics, unknownFields };
  const { title, summary, content, source, body, ...rest } = article;
  const own: OwnFields = {
    slug: rest.slug,
    title,
    published: rest.published,
    updated: rest.updated,
    summary,
  };
  if (source) own.source = source;
  const copyKey = createHash("sha1").update(title).update("\0").update(body.trim()).digest("base64url");
  const fields = ownRecord(own, content);
  return { diagnostics, unknownFields, facts: { ...rest, copyKey }, fields, fieldsHash: fieldsHash(fields) };
}

/** One empty list for every article that has none of a kind: a million empty arrays are 16 MB each. */
const NONE: never[] = Object.freeze([]) as unknown as never[];

/**
 * The same outcome, its empty lists (diagnostics, aliases, attachments, …) one shared
 * frozen array: an article has eight of them, and a build keeps each article's facts
 * until the cache is saved. Nothing changes an outcome once made.
 */
export function sharingEmptyLists(outcome: FileOutcome): FileOutcome {
  const shared = (list: never[]) => (list.length === 0 ? NONE : list);
  const { facts } = outcome;
  outcome.diagnostics = shared(outcome.diagnostics as never[]);
  outcome.unknownFields = shared(outcome.unknownFields as never[]);
  if (facts) {
    for (const key of Object.keys(facts) as (keyof ArticleFacts)[]) {
      const value = facts[key];
      if (Array.isArray(value) && value.length === 0) (facts as unknown as Record<string, unknown>)[key] = NONE;
    }
  }
  return outcome;
}

/** The hash that stands for a file's fields in pack signatures, wherever the fields are kept. */
export function fieldsHash(fields: Uint8Array): string {
  return createHash("sha1").update(fields).digest("base64url");
}

/**
 * What the rest of the archive decides about a record: its id, tags and authors (through
 * tags.yaml and authors.yaml), language, old paths, and its picture and attachments
 * (whose files must exist, and whose lengths are the files' sizes).
 */
export type SharedFields = Pick<
  Article,
  "id" | "guid" | "tags" | "authors" | "lang" | "image" | "imageType" | "imageLength" | "attachments" | "aliases"
>;

const CLOSE = Buffer.from("}");

/**
 * The record as the packs hold it: the shared fields and the file's own as one JSON
 * object, and the body's bytes, all as the chunks they are (never decoded or copied
 * again: a pack is written from its records' chunks as they are).
 */
export function packedRecord(shared: Uint8Array, fields: Uint8Array): PackedRecord {
  const length = Buffer.from(fields.buffer, fields.byteOffset, fields.byteLength).readUInt32LE(0);
  return { json: [shared, fields.subarray(4, 4 + length), CLOSE], bytes: [fields.subarray(4 + length)] };
}

/** The start of a record: the fields other files decide (`JSON.stringify` of SharedFields), as an open JSON object ready for the file's own. */
export function sharedPrefix(sharedJson: string): Uint8Array {
  return Buffer.from(`${sharedJson.slice(0, -1)},`);
}
