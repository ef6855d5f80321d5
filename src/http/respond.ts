/**
 * Turns a Representation into a Response for one request: 304 when the client's
 * validators match (with the same caching, CORS and Link headers as the 200), gzip
 * when accepted, and HEAD handled by the router with the same headers.
 */
import { toRfc822 } from "../text/dates";
import { acceptsGzip, clientAcceptEncoding } from "./compression";
import { isNotModified } from "./conditional";
import type { Representation } from "./representation";

export async function respond(
  request: Request,
  representation: Representation,
  headers: Record<string, string>,
): Promise<Response> {
  const common = new Headers(headers);
  common.set("Content-Type", representation.contentType);
  common.set("ETag", representation.etag);
  common.set("Last-Modified", toRfc822(representation.lastModified));
  common.set("Vary", "Accept-Encoding");

  if (isNotModified(request, representation.etag, representation.lastModified)) {
    return new Response(null, { status: 304, headers: common });
  }
  if (acceptsGzip(clientAcceptEncoding(request))) {
    const compressed = await representation.gzipped();
    common.set("Content-Encoding", "gzip");
    common.set("Content-Length", String(compressed.byteLength));
    // The bytes are already gzip: tell the Workers runtime not to encode them again.
    const init: ResponseInit & { encodeBody: "manual" } = { status: 200, headers: common, encodeBody: "manual" };
    return new Response(compressed, init);
  }
  common.set("Content-Length", String(representation.body.byteLength));
  return new Response(representation.body, { status: 200, headers: common });
}
