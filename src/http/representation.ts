/**
 * A rendered document as HTTP serves it: the bytes, a strong ETag computed from
 * them, Last-Modified from the content, and a gzip copy made once on first demand.
 * Representations are immutable, so the document cache can hand one to any number
 * of requests.
 */

export interface Representation {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** Quoted strong validator, e.g. `"Jx0…"`. */
  etag: string;
  /** Epoch milliseconds of the newest content change shown. */
  lastModified: number;
  /** Gzip-compressed body, created lazily and then reused. */
  gzipped(): Promise<Uint8Array<ArrayBuffer>>;
}

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function gzip(body: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([body]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function createRepresentation(
  text: string,
  contentType: string,
  lastModified: number,
): Promise<Representation> {
  // TextEncoder always returns a fresh ArrayBuffer-backed array; some lib typings say ArrayBufferLike.
  const body = encoder.encode(text) as Uint8Array<ArrayBuffer>;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  let compressed: Promise<Uint8Array<ArrayBuffer>> | undefined;
  return {
    body,
    contentType,
    etag: `"${base64url(digest.slice(0, 18))}"`,
    lastModified,
    gzipped() {
      compressed ??= gzip(body);
      return compressed;
    },
  };
}
