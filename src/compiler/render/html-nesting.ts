/**
 * How deep HTML nests, counted as it is parsed. htmlparser2 (under sanitize-html,
 * turndown's cleaning and our own text extraction) looks for the element an end tag
 * closes through every element still open, so a fragment nested thousands deep with
 * stray end tags costs the square of its length, and recursive walks over such a tree
 * overflow the stack. Counting throws as soon as the limit is passed, so a parse
 * watched by it stays linear in the length whatever the fragment.
 */
import { Parser } from "htmlparser2";

export class NestedTooDeeply extends Error {
  constructor(readonly limit: number) {
    super(`HTML elements nest more than ${limit} deep`);
  }
}

/**
 * Callbacks for a parser's element events (htmlparser2's own, or sanitize-html's
 * onOpenTag and onCloseTag) that throw NestedTooDeeply once elements nest deeper than
 * `limit`. One counter serves one parse.
 */
export function nestingLimit(limit: number): { open: () => void; close: () => void } {
  let depth = 0;
  return {
    open: () => {
      if (++depth > limit) throw new NestedTooDeeply(limit);
    },
    close: () => {
      depth--;
    },
  };
}

/** Whether elements in `html` nest more than `limit` deep (as an HTML parser opens them). */
export function nestsDeeperThan(html: string, limit: number): boolean {
  const counter = nestingLimit(limit);
  try {
    new Parser({ onopentag: counter.open, onclosetag: counter.close }).end(html);
    return false;
  } catch (error) {
    if (error instanceof NestedTooDeeply) return true;
    throw error;
  }
}
