/**
 * The preview's quick look at an edit. A full build reads every file's state, resolves
 * the whole archive and plans every pack: seconds at 100,000 articles, however small
 * the edit. Most saves change only what an article's own page shows (its body, title,
 * summary): everything the rest of the archive decides about it (id, tags, authors,
 * pictures, old paths, its date) stays as it was. For such a save the preview renders
 * the saved files alone, with the compiler's own function, joins each to what the last
 * full build decided about it, and serves the record on the article's page at once;
 * the full build that follows brings the feeds and lists up to date.
 *
 * A save that changes anything else (a front-matter field the archive depends on, a new
 * or removed file, site.yaml, tags.yaml, a picture, an error) has no quick look: the
 * full build alone shows it.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { PackedRecord } from "../model/packs";
import { type ArticleLookups, factsKey } from "../compiler/pipeline/compile";
import { packedRecord, processFile, sharedPrefix } from "../compiler/render/process";

/** An article's record as the saved file makes it. */
export interface Revision {
  file: string;
  slug: string;
  record: PackedRecord;
}

/**
 * The saved files' records, or undefined when any of them is no quick look's: a file
 * the last build did not have, one removed, one with an error, or one whose facts
 * changed. A path that names nothing the last build had and nothing now (an editor's
 * temporary file) is passed over.
 */
export async function quickLook(
  contentDir: string,
  files: readonly string[],
  table: ArticleLookups,
): Promise<Revision[] | undefined> {
  if (files.length === 0) return undefined;
  const revisions: Revision[] = [];
  for (const file of new Set(files)) {
    const known = table.files.get(file);
    const text = await readFile(join(contentDir, file), "utf8").catch(() => undefined);
    // An editor's temporary file, written and renamed away, is no change of its own.
    if (!known && text === undefined) continue;
    if (!known || text === undefined) return undefined;
    const outcome = processFile(file, text, { timeZone: table.timeZone, bundleFiles: known.bundleFiles });
    if (!outcome.facts || !outcome.fields || outcome.diagnostics.some((d) => d.severity === "error")) return undefined;
    if (factsKey(outcome.facts) !== known.factsKey) return undefined;
    revisions.push({ file, slug: known.slug, record: packedRecord(sharedPrefix(known.sharedJson), outcome.fields) });
  }
  return revisions.length > 0 ? revisions : undefined;
}
