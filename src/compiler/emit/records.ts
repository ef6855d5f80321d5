/**
 * The packs a build writes (model/packs.ts lays them out): each with a signature made
 * of its members' signatures, so a build writes only the packs whose members changed.
 */
import { createHash } from "node:crypto";
import { decodeIndex, packSizeOf } from "../../model/index-codec";
import { encodePack, planPacks } from "../../model/packs";
import { tableFiles } from "../../memory-layout";
import { encodeLists, LISTS_PATH } from "../../pages/lists";
import { RecordStore } from "../../providers/records";
import { Archive } from "../../query/archive";
import { pieceCompressor } from "../render/process";
import type { EncodedIndex } from "../../model/types";
import type { CompiledContent } from "./compiled";

/**
 * What a file to write is made of, as a short hash: a build keeps one per pack and
 * table, and their members' texts joined would be gigabytes at 1,000,000 articles.
 */
function digest(parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash("sha1");
  for (const part of parts) hash.update(part).update("\n");
  return hash.digest("base64url");
}

/** A pack to write: its path, what it is made of, and its bytes (model/packs.ts), in chunks, when it must be written. */
export interface PackToWrite {
  path: string;
  signature: string;
  chunks(): Promise<Uint8Array[]>;
}

/** The packs of a build. A record is read (from memory or the cache) only for a pack being written. */
export function packsOf(content: CompiledContent): PackToWrite[] {
  const layout = { articleCount: content.articles.length, tags: content.tags, authors: content.authors };
  return planPacks(layout, packSizeOf(content)).map(({ path, ordinals }) => {
    const members = ordinals.map((ordinal) => content.articles[ordinal]);
    return {
      path,
      signature: digest(members.map((article) => article?.signature ?? "")),
      chunks: async () => encodePack(await Promise.all(members.map((article) => article?.record() ?? null))),
    };
  });
}

/** The slug tables and sitemap lists of a build (model/tables.ts), written like packs, when their text changed. */
export function tablesOf(content: CompiledContent): PackToWrite[] {
  return [...tableFiles(content.articles)].map(([path, file]) => ({
    path,
    signature: digest([file.text()]),
    chunks: () => Promise.resolve([file.bytes()]),
  }));
}

/** The lists written ahead as of the build's clock (pages/lists.ts), from the index alone. */
export function listsOf(content: CompiledContent, index: EncodedIndex, now: number): PackToWrite {
  const nothingRead = { read: () => Promise.reject(new Error("lists are written from the index alone")) };
  const archive = new Archive(decodeIndex(index), new RecordStore(nothingRead, index.packSize));
  const record = encodeLists(archive, now, pieceCompressor);
  return {
    path: LISTS_PATH,
    // The lists depend on the vocabulary, the counts and the compiler (whose change voids every signature).
    signature: digest([...record.json, ...record.bytes]),
    chunks: () => Promise.resolve(encodePack([record])),
  };
}
