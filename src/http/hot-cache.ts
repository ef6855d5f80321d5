/**
 * The hot path: a request for a URL answered before, while nothing has become visible
 * since, is answered before routing from what was remembered for that exact URL: a
 * document's PreparedResponse, or a fixed answer (a redirect, an error page).
 * Everything an answer depends on is in the URL (the public origin is fixed per
 * isolate), the clock (an entry is valid until the next scheduled article appears)
 * and the validators and encoding, which a PreparedResponse handles per request.
 * Bounded by bytes like the other caches.
 */
import { ByteLru } from "../cache/byte-lru";
import type { CountedFeed } from "../stats/counter";
import type { Representation } from "./representation";
import { PreparedResponse } from "./respond";

/** Something that answers a request for its URL by itself. */
export interface HotAnswer {
  answer(request: Request): Response | Promise<Response>;
  /** Bytes it keeps, about. */
  readonly size: number;
  /** The subscription feed it answers, whose polls are counted (docs/stats.md). */
  readonly counted?: CountedFeed | undefined;
}

interface HotEntry {
  hot: HotAnswer;
  /** Epoch milliseconds from which the entry may be stale (the next scheduled instant). */
  validUntil: number;
}

const DEFAULT_BUDGET = 8 * 1024 * 1024;

/** An answer whose status, headers and body never vary with the request (but for HEAD, which has no body). */
export class FixedAnswer implements HotAnswer {
  readonly size: number;

  constructor(
    private readonly status: number,
    private readonly headers: Headers,
    private readonly body: Uint8Array<ArrayBuffer> | null,
  ) {
    this.size = (body?.byteLength ?? 0) + 512;
  }

  /** A copy of `response` to remember (reading its body), and the response to send now. */
  static async of(response: Response): Promise<FixedAnswer> {
    const body = response.body ? new Uint8Array(await response.arrayBuffer()) : null;
    return new FixedAnswer(response.status, new Headers(response.headers), body);
  }

  answer(request: Request): Response {
    return new Response(request.method === "HEAD" ? null : this.body, { status: this.status, headers: this.headers });
  }
}

export class HotCache {
  private readonly entries: ByteLru<HotEntry>;

  constructor(budget = DEFAULT_BUDGET) {
    this.entries = new ByteLru(budget, (entry) => entry.hot.size);
  }

  /** The answer remembered for `url`, if it is still valid at `now`. */
  lookup(url: string, now: number): HotAnswer | undefined {
    // Not marked used: a document served here was marked when the router last served it,
    // and one that ages out is remembered again on its next request.
    const entry = this.entries.peek(url);
    if (!entry) return undefined;
    if (now < entry.validUntil) return entry.hot;
    this.entries.delete(url);
    return undefined;
  }

  /**
   * Remembers how `url` is answered (reusing the prepared headers when the document is
   * unchanged); `counted` when it is a subscription feed whose polls are counted.
   */
  remember(
    url: string,
    representation: Representation,
    headers: Record<string, string>,
    validUntil: number,
    counted?: CountedFeed,
  ) {
    const known = this.entries.get(url)?.hot;
    if (known instanceof PreparedResponse && known.representation === representation) {
      this.entries.set(url, { hot: known, validUntil });
      return known;
    }
    const prepared = new PreparedResponse(representation, headers, counted);
    this.entries.set(url, { hot: prepared, validUntil });
    return prepared;
  }

  /** Remembers a fixed answer for `url`. */
  rememberAnswer(url: string, answer: FixedAnswer, validUntil: number): void {
    this.entries.set(url, { hot: answer, validUntil });
  }

  /** The document behind `url`'s remembered answer, if it is one. */
  document(url: string, now: number): Representation | undefined {
    const hot = this.lookup(url, now);
    return hot instanceof PreparedResponse ? hot.representation : undefined;
  }
}
