/**
 * Lays the archive out as the worker reads it: the records of every scope (the site,
 * each tag, each author) in packs of `packSize` articles, oldest first, under the paths
 * model/packs.ts gives. A build writes only the packs whose members changed (each
 * pack's signature is its members' signatures); tests and the Node tools lay a small
 * bundle out in memory.
 */
import { concatBytes } from "../../model/pieces";
import { encodePack, encodeRecord, packLength, packPath, type PackScope, packSizeFor } from "../../model/packs";
import { authorScope, scopeKey, tagScope } from "../../model/scope";
import type { ContentBundle } from "../../model/types";
import type { CompiledContent } from "./compiled";

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

/** Every pack of a bundle held in memory, its bodies kept as text: path (e.g. `/_records/site/0.json`) → bytes. */
export function layOutRecords(bundle: ContentBundle): Map<string, Uint8Array> {
  const records = bundle.articles.map((article) => encodeRecord(article));
  return new Map(
    planPacks({ ...bundle, articleCount: records.length }, packSizeFor(bundle.site.feedSize)).map(
      ({ path, ordinals }) => [path, concatBytes(encodePack(ordinals.map((ordinal) => records[ordinal] ?? null)))],
    ),
  );
}
