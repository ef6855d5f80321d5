/**
 * Lays a compiled bundle out as the worker reads it: the records of every scope
 * (the site, each tag) in packs of `packSize` articles, oldest first, as JSON text
 * keyed by their path under the assets directory (model/packs.ts says which is where).
 * Each record is serialised once and shared by every pack it appears in.
 */
import { packLength, packPath, type PackScope, packSizeFor } from "../model/packs";
import type { ContentBundle } from "../model/types";

/** Every pack of the bundle: path (e.g. `/_records/site/0.json`) → JSON array of Article. */
export function layOutRecords(bundle: ContentBundle): Map<string, string> {
  const packSize = packSizeFor(bundle.site.feedSize);
  const records = bundle.articles.map((article) => JSON.stringify(article));
  const packs = new Map<string, string>();
  const layOut = (scope: PackScope, ordinals: ArrayLike<number>) => {
    const total = ordinals.length;
    for (let pack = 0; pack * packSize < total; pack++) {
      const members: string[] = [];
      const start = pack * packSize;
      for (let position = start; position < start + packLength(pack, total, packSize); position++) {
        // Ordinals run newest first; positions count from the oldest.
        const record = records[ordinals[total - 1 - position] ?? -1];
        if (record === undefined) throw new Error(`pack ${scope}/${pack}: position ${position} has no record`);
        members.push(record);
      }
      packs.set(packPath(scope, pack), `[${members.join(",")}]`);
    }
  };
  layOut(
    "site",
    Int32Array.from(records, (_, ordinal) => ordinal),
  );
  for (const tag of bundle.tags) layOut(`tags/${tag.slug}`, tag.articles);
  return packs;
}
