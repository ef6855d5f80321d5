/**
 * What every reader is given besides the document: the name to report it by, the URL
 * it was fetched from (the base of last resort for relative references) and where to
 * record problems with single items.
 */
import type { Element } from "@xmldom/xmldom";
import { parseFeedTimestamp } from "../text/dates";
import { NESTED_TOO_DEEPLY, NestedTooDeeply } from "./html";
import type { ImportProblems, ItemPlace } from "./problems";
import type { SourceItem } from "./source-item";
import { childText } from "./xml";

export interface ReadContext {
  /** The file path or URL as the publisher gave it, for messages. */
  source: string;
  /** The document's own URL when it was fetched. */
  url?: string;
  problems: ImportProblems;
}

/** An `updated` worth writing: only one later than the publication. */
export function laterUpdate(published: number, updated: number | undefined): number | undefined {
  return updated !== undefined && updated > published ? updated : undefined;
}

/** Reports a missing id; returns whether there is one. */
export function requireId(
  id: string | undefined,
  place: ItemPlace,
  context: ReadContext,
  rightForm: string,
): id is string {
  if (id) return true;
  context.problems.itemError(
    place,
    `has no id, and an imported item must keep its old one so readers do not show it twice; add ${rightForm}`,
  );
  return false;
}

/** An RFC 3339 field of an item as an instant; a malformed one is reported under the field's name. */
export function readTimestamp(
  value: string | null | undefined,
  field: string,
  place: ItemPlace,
  context: ReadContext,
): number | undefined {
  if (!value) return undefined;
  const parsed = parseFeedTimestamp(value);
  if (parsed.ok) return parsed.epochMs;
  context.problems.itemError(place, `${field}: ${parsed.reason}`);
  return undefined;
}

/**
 * One item of an XML document, read by `read`. HTML in it (its title, summary or
 * content) nested too deeply to be read is that item's error, so the other items are
 * still read and every problem is reported in one run.
 */
export function readXmlItem(
  element: Element,
  position: number,
  noun: ItemPlace["noun"],
  context: ReadContext,
  read: () => SourceItem | undefined,
): SourceItem | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof NestedTooDeeply)) throw error;
    const title = childText(element, element.namespaceURI ?? null, "title");
    const place: ItemPlace = { source: context.source, position, line: element.lineNumber, noun };
    if (title) place.title = title;
    context.problems.itemError(place, NESTED_TOO_DEEPLY);
    return undefined;
  }
}
