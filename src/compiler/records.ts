/**
 * Lays the archive out as the worker reads it: the records of every scope (the site,
 * each tag) in packs of `packSize` articles, oldest first, under the paths
 * model/packs.ts gives. A build writes only the packs whose members changed (each
 * pack's signature is its members' signatures); tests and the Node tools lay a small
 * bundle out in memory.
 */
import { packLength, packPath, type PackScope, packSizeFor } from "../model/packs";
import type { ContentBundle, Tag } from "../model/types";
import type { CompiledContent } from "./compiled";

/** A pack and the ordinals of its records, oldest first. */
export interface PackPlan {
  path: string;
  ordinals: number[];
}

export function planPacks(articleCount: number, tags: readonly Tag[], packSize: number): PackPlan[] {
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
  for (const tag of tags) layOut(`tags/${tag.slug}`, tag.articles.length, (i) => tag.articles[i] ?? -1);
  return plans;
}

/** A pack to write: its path, what it is made of, and its text when it must be written. */
export interface PackToWrite {
  path: string;
  signature: string;
  text(): Promise<string>;
}

/** The packs of a build. A record is read (from memory or the cache) only for a pack being written. */
export function packsOf(content: CompiledContent): PackToWrite[] {
  return planPacks(content.articles.length, content.tags, packSizeFor(content.site.feedSize)).map(
    ({ path, ordinals }) => {
      const members = ordinals.map((ordinal) => content.articles[ordinal]);
      return {
        path,
        signature: members.map((article) => article?.signature).join("\n"),
        text: async () => `[${(await Promise.all(members.map((article) => article?.record()))).join(",")}]`,
      };
    },
  );
}

/** Every pack of a bundle held in memory: path (e.g. `/_records/site/0.json`) → JSON array of Article. */
export function layOutRecords(bundle: ContentBundle): Map<string, string> {
  const records = bundle.articles.map((article) => JSON.stringify(article));
  return new Map(
    planPacks(records.length, bundle.tags, packSizeFor(bundle.site.feedSize)).map(({ path, ordinals }) => [
      path,
      `[${ordinals.map((ordinal) => records[ordinal]).join(",")}]`,
    ]),
  );
}
