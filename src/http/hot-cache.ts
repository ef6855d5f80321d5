/**
 * The hot path: a request for a URL whose document was served before, while nothing
 * has become visible since, is answered before routing, from the PreparedResponse
 * remembered for that exact URL. Everything a response depends on is in the URL (the
 * public origin is fixed per isolate), the clock (an entry is valid until the next
 * scheduled article appears) and the validators and encoding, which the
 * PreparedResponse handles per request. Bounded by bytes like the other caches.
 */
import { ByteLru } from "../cache/byte-lru";
import type { Representation } from "./representation";
import { PreparedResponse } from "./respond";

interface HotEntry {
  prepared: PreparedResponse;
  /** Epoch milliseconds from which the entry may be stale (the next scheduled instant). */
  validUntil: number;
}

const DEFAULT_BUDGET = 8 * 1024 * 1024;

export class HotCache {
  private readonly entries: ByteLru<HotEntry>;

  constructor(budget = DEFAULT_BUDGET) {
    this.entries = new ByteLru(budget, (entry) => entry.prepared.representation.length * 1.25 + 1024);
  }

  /** The prepared answer for `url`, if one was remembered and is still valid at `now`. */
  lookup(url: string, now: number): PreparedResponse | undefined {
    // Not marked used: a document served here was marked when the router last served it,
    // and one that ages out is remembered again on its next request.
    const entry = this.entries.peek(url);
    if (!entry) return undefined;
    if (now < entry.validUntil) return entry.prepared;
    this.entries.delete(url);
    return undefined;
  }

  /** Remembers how `url` is answered (reusing the prepared headers when the document is unchanged). */
  remember(url: string, representation: Representation, headers: Record<string, string>, validUntil: number) {
    const known = this.entries.get(url);
    if (known && known.prepared.representation === representation && known.validUntil === validUntil) {
      return known.prepared;
    }
    const prepared = new PreparedResponse(representation, headers);
    this.entries.set(url, { prepared, validUntil });
    return prepared;
  }
}
