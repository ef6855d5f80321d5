/**
 * The one home of the record layout: which storage object (a "pack") holds which
 * articles of a scope, and where it lives. Packs are the scope's RFC 5005 archive
 * pages grouped in twos or more, counted from the OLDEST article: new articles only
 * ever append to the newest pack, so older packs never change, and a subscription
 * document (the newest `feed_size` articles) spans at most two packs.
 */

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
