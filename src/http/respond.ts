/**
 * Turns a Representation into Responses: 304 when the client's validators match (with
 * the same caching, CORS and Link headers as the 200), gzip when accepted, and no body
 * for HEAD. A PreparedResponse builds its header sets once, so answering one more
 * request for a cached document costs a header lookup or two and a Response.
 */
import { toRfc822 } from "../text/dates";
import { acceptsGzip, clientAcceptEncoding } from "./compression";
import { isNotModified } from "./conditional";
import type { CountedFeed } from "../stats/counter";
import type { HotAnswer } from "./hot-cache";
import type { Representation } from "./representation";

type HeaderList = [string, string][];

/**
 * What a 304 carries (RFC 9110 §15.4.5, and READER-CONTRACT's list): the ETag and the
 * caching, Vary, Link and CORS headers, but no other representation metadata:
 * neither Content-Type nor Last-Modified, which §15.4.5 keeps for responses without an
 * ETag (a cache keeps the one it stored). Each header is work for the runtime on the
 * commonest answer of all, so it carries only these.
 */
const NOT_MODIFIED_HEADERS = new Set([
  "cache-control",
  "link",
  "access-control-allow-origin",
  "access-control-expose-headers",
  "vary",
  "etag",
]);

interface Encoded {
  body: Uint8Array<ArrayBuffer>;
  headers: Headers;
}

export class PreparedResponse implements HotAnswer {
  private readonly notModified: Headers;
  private readonly common: HeaderList;
  private identity?: Encoded;
  private gzip?: Encoded;

  constructor(
    readonly representation: Representation,
    headers: Record<string, string>,
    readonly counted?: CountedFeed,
  ) {
    const common: HeaderList = [
      ...Object.entries(headers),
      ["Content-Type", representation.contentType],
      ["ETag", representation.etag],
      ["Last-Modified", toRfc822(representation.lastModified)],
      ["Vary", "Accept-Encoding"],
    ];
    this.common = common;
    // Built once: a Response copies a Headers object without checking each name and value again.
    this.notModified = new Headers(common.filter(([name]) => NOT_MODIFIED_HEADERS.has(name.toLowerCase())));
  }

  /** Bytes it keeps, about: the body and, once made, its other encoding. */
  get size(): number {
    return this.representation.length * 1.25 + 1024;
  }

  /** The answer to `request`; synchronous once the encoding it takes exists (the hot path). */
  answer(request: Request): Response | Promise<Response> {
    const { representation } = this;
    if (isNotModified(request, representation.etag, representation.lastModified)) {
      return new Response(null, { status: 304, headers: this.notModified });
    }
    const head = request.method === "HEAD";
    if (!acceptsGzip(clientAcceptEncoding(request))) {
      if (!this.identity) {
        return representation.plain().then((body) => {
          this.identity ??= {
            body,
            headers: new Headers([...this.common, ["Content-Length", String(body.byteLength)]]),
          };
          return this.answer(request);
        });
      }
      return new Response(head ? null : this.identity.body, { status: 200, headers: this.identity.headers });
    }
    if (!this.gzip) {
      return representation.gzipped().then((body) => {
        this.gzip ??= {
          body,
          headers: new Headers([
            ...this.common,
            ["Content-Encoding", "gzip"],
            ["Content-Length", String(body.byteLength)],
          ]),
        };
        return this.answer(request);
      });
    }
    // The bytes are already gzip: tell the Workers runtime not to encode them again.
    const init: ResponseInit & { encodeBody: "manual" } = {
      status: 200,
      headers: this.gzip.headers,
      encodeBody: "manual",
    };
    return new Response(head ? null : this.gzip.body, init);
  }
}
