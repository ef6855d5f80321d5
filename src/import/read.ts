/**
 * Reads one source document, whatever it is: the kind (RSS 2.0, Atom, JSON Feed or a
 * WordPress export) is told from the document itself, never from a file name or a
 * media type, and anything else gets an error that says what was found instead.
 */
import { readAtom } from "./atom";
import type { ReadContext } from "./context";
import { decodeDocument } from "./decode";
import { readJsonFeed, parseJson } from "./jsonfeed";
import { ImportError } from "./problems";
import { readRss } from "./rss";
import type { SourcePage } from "./source-item";
import { isWxr, readWxr } from "./wxr";
import { NS, parseXml } from "./xml";

const KINDS = "an RSS 2.0, Atom or JSON Feed document, or a WordPress export (WXR)";

export function readDocument(bytes: Uint8Array, context: ReadContext): SourcePage {
  const { source } = context;
  const text = decodeDocument(bytes, source);
  const start = text.trimStart();
  if (!start) throw new ImportError(source, `is empty; expected ${KINDS}`);
  if (start.startsWith("{")) return readJsonFeed(parseJson(text, source), context);
  if (/^(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html[\s>])/i.test(start)) {
    throw new ImportError(source, 'is an HTML page, not a feed; import the feed its <link rel="alternate"> names');
  }
  if (!start.startsWith("<")) throw new ImportError(`${source}: line 1`, `is not ${KINDS}`);

  const document = parseXml(text, source);
  const root = document.documentElement;
  const where = `${source}: line ${root?.lineNumber ?? 1}`;
  if (root?.localName === "rss" && !root.namespaceURI) {
    const version = root.getAttribute("version");
    if (version && !version.startsWith("2.")) throw new ImportError(where, `is RSS ${version}; only RSS 2.0 is read`);
    return isWxr(document) ? readWxr(document, context) : readRss(document, context);
  }
  if (root?.localName === "feed" && root.namespaceURI === NS.atom) return readAtom(document, context);
  const found = root ? `<${root.nodeName}>${root.namespaceURI ? ` in ${root.namespaceURI}` : ""}` : "nothing";
  throw new ImportError(where, `is not ${KINDS}: its root element is ${found}`);
}
