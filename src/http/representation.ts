/**
 * A rendered document as HTTP serves it: its bytes, plain and gzip, a strong ETag
 * and Last-Modified from the content. A page rendered as text has its plain bytes at
 * once and is compressed on first demand; a document stitched from the build's
 * pieces (feeds) has its gzip bytes at once and is decompressed only for a client
 * that takes no gzip. Representations are immutable, so the document cache can hand
 * one to any number of requests.
 */
import type { Stitched } from "./gzip";

export interface Representation {
  contentType: string;
  /** Quoted strong validator, e.g. `"Jx0…"`. */
  etag: string;
  /** Epoch milliseconds of the newest content change shown. */
  lastModified: number;
  /** Bytes of the plain body. */
  length: number;
  /** The plain body (made once, on first demand, where it is not at hand). */
  plain(): Promise<Uint8Array<ArrayBuffer>>;
  /** The gzip body (likewise). */
  gzipped(): Promise<Uint8Array<ArrayBuffer>>;
}

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function etagOf(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `"${base64url(digest.slice(0, 18))}"`;
}

async function transform(body: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream) {
  return new Uint8Array(await new Response(new Blob([body]).stream().pipeThrough(stream)).arrayBuffer());
}

/** A document rendered as text: gzip made on first demand. */
export async function createRepresentation(
  text: string,
  contentType: string,
  lastModified: number,
): Promise<Representation> {
  // TextEncoder always returns a fresh ArrayBuffer-backed array; some lib typings say ArrayBufferLike.
  const body = encoder.encode(text) as Uint8Array<ArrayBuffer>;
  let compressed: Promise<Uint8Array<ArrayBuffer>> | undefined;
  return {
    contentType,
    etag: await etagOf(body),
    lastModified,
    length: body.byteLength,
    plain: () => Promise.resolve(body),
    gzipped() {
      compressed ??= transform(body, new CompressionStream("gzip"));
      return compressed;
    },
  };
}

/** A document stitched from pieces: plain bytes made on first demand. */
export async function stitchedRepresentation(
  stitched: Stitched,
  contentType: string,
  lastModified: number,
): Promise<Representation> {
  let plain: Promise<Uint8Array<ArrayBuffer>> | undefined;
  return {
    contentType,
    etag: await etagOf(stitched.fingerprint),
    lastModified,
    length: stitched.length,
    plain() {
      plain ??= transform(stitched.gzip, new DecompressionStream("gzip"));
      return plain;
    },
    gzipped: () => Promise.resolve(stitched.gzip),
  };
}
