/**
 * Content negotiation for compression. Cloudflare compresses some media types by
 * itself but not `application/atom+xml` or `application/feed+json`, so the worker
 * gzips every document for clients that accept it.
 *
 * On Cloudflare (and in wrangler dev) the Worker sees `Accept-Encoding: br, gzip`
 * whatever the client sent, and the edge passes gzip of those media types through
 * undecoded; the client's own header is in `request.cf.clientAcceptEncoding`, so
 * that is what decides (an empty string there means the client sent none).
 */

/** The Accept-Encoding the client itself sent. */
export function clientAcceptEncoding(request: Request): string | null {
  const cf = (request as { cf?: { clientAcceptEncoding?: unknown } }).cf;
  if (typeof cf?.clientAcceptEncoding === "string") return cf.clientAcceptEncoding;
  return request.headers.get("Accept-Encoding");
}

/** Readers send the same few headers on every poll: each is read once and the answer kept (a few dozen at most). */
const answered = new Map<string, boolean>();

/** True when Accept-Encoding allows gzip (explicitly or through `*`) with q > 0. */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  let accepts = answered.get(header);
  if (accepts === undefined) {
    accepts = readAcceptEncoding(header);
    if (answered.size >= 64) answered.clear();
    answered.set(header, accepts);
  }
  return accepts;
}

function readAcceptEncoding(header: string): boolean {
  let gzipQ: number | undefined;
  let starQ: number | undefined;
  for (const part of header.split(",")) {
    const [coding = "", ...params] = part.trim().toLowerCase().split(";");
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const quality = Number.isFinite(q) ? q : 0;
    if (coding === "gzip" || coding === "x-gzip") gzipQ = quality;
    else if (coding === "*") starQ = quality;
  }
  return (gzipQ ?? starQ ?? 0) > 0;
}
