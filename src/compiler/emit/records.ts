/**
 * The packs a build writes (model/packs.ts lays them out): each with a signature made
 * of its members' signatures, so a build writes only the packs whose members changed.
 */
import { decodeIndex, encodeIndex } from "../../model/index-codec";
import { encodePack, packSizeFor, planPacks } from "../../model/packs";
import { tableFiles } from "../../memory-layout";
import { encodeLists, LISTS_PATH } from "../../pages/lists";
import { RecordStore } from "../../providers/records";
import { Archive } from "../../query/archive";
import { pieceCompressor } from "../render/process";
import type { CompiledContent } from "./compiled";

/** A pack to write: its path, what it is made of, and its bytes (model/packs.ts), in chunks, when it must be written. */
export interface PackToWrite {
  path: string;
  signature: string;
  chunks(): Promise<Uint8Array[]>;
}

/** The packs of a build. A record is read (from memory or the cache) only for a pack being written. */
export function packsOf(content: CompiledContent): PackToWrite[] {
  const layout = { articleCount: content.articles.length, tags: content.tags, authors: content.authors };
  return planPacks(layout, packSizeFor(content.site.feedSize)).map(({ path, ordinals }) => {
    const members = ordinals.map((ordinal) => content.articles[ordinal]);
    return {
      path,
      signature: members.map((article) => article?.signature).join("\n"),
      chunks: async () => encodePack(await Promise.all(members.map((article) => article?.record() ?? null))),
    };
  });
}

/** The slug tables and sitemap lists of a build (model/tables.ts), written like packs, when their text changed. */
export function tablesOf(content: CompiledContent): PackToWrite[] {
  return [...tableFiles(content.articles)].map(([path, file]) => ({
    path,
    signature: file.signature,
    chunks: () => Promise.resolve([file.bytes()]),
  }));
}

/** The lists written ahead as of the build's clock (pages/lists.ts), from the index alone. */
export function listsOf(content: CompiledContent, now: number): PackToWrite {
  const packSize = packSizeFor(content.site.feedSize);
  const nothingRead = { read: () => Promise.reject(new Error("lists are written from the index alone")) };
  const archive = new Archive(decodeIndex(encodeIndex(content, now)), new RecordStore(nothingRead, packSize));
  const record = encodeLists(archive, now, pieceCompressor);
  return {
    path: LISTS_PATH,
    // The lists depend on the vocabulary, the counts and the compiler (whose change voids every signature).
    signature: Buffer.concat([...record.json, ...record.bytes]).toString("base64"),
    chunks: () => Promise.resolve(encodePack([record])),
  };
}
