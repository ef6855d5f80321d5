/**
 * Bytes to text. XML documents declare their encoding (or carry a byte order mark);
 * JSON is UTF-8. A byte that is not valid in the encoding is an error naming its line,
 * because replacing it silently would lose part of a post.
 */
import { ImportError } from "./problems";

const XML_DECLARATION_ENCODING = /^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;

/** The encoding a document's BOM or XML declaration names; UTF-8 otherwise. */
function declaredEncoding(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  return XML_DECLARATION_ENCODING.exec(head.replace(/^\uFEFF|^ï»¿/, ""))?.[1]?.toLowerCase() ?? "utf-8";
}

function decodes(decoder: TextDecoder, bytes: Uint8Array): boolean {
  try {
    decoder.decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The 1-based line of the first byte the decoder rejects (found by bisection, only on failure). */
function lineOfFirstBadByte(bytes: Uint8Array, encoding: string): number {
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (decodes(new TextDecoder(encoding, { fatal: true }), bytes.subarray(0, middle))) good = middle;
    else bad = middle;
  }
  const before = new TextDecoder(encoding).decode(bytes.subarray(0, good));
  return before.split("\n").length;
}

export function decodeDocument(bytes: Uint8Array, source: string): string {
  const encoding = declaredEncoding(bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new ImportError(`${source}: line 1`, `declares the encoding "${encoding}", which is not known; use UTF-8`);
  }
  try {
    return decoder.decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    const line = lineOfFirstBadByte(bytes, encoding);
    throw new ImportError(
      `${source}: line ${line}`,
      `holds bytes that are not valid ${decoder.encoding}; save the file as ${decoder.encoding}`,
    );
  }
}
