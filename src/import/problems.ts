/**
 * What went wrong during an import, and where. A document-level failure (unreadable,
 * not well-formed, not a feed, unreachable) stops at once as an ImportError; item-level
 * failures are collected so a publisher sees every bad item in one run. Either way the
 * import writes nothing.
 */

/** Where an item sits in its source, for messages: `feed.xml: line 42: item 3 "Hello"`. */
export interface ItemPlace {
  source: string;
  /** 1-based position among the items of its document. */
  position: number;
  line?: number;
  title?: string;
  /** How the format calls an item: `item` (RSS, WXR, JSON Feed) or `entry` (Atom). */
  noun: "item" | "entry";
}

const TITLE_IN_MESSAGE = 60;

export function describePlace(place: ItemPlace): string {
  const line = place.line === undefined ? "" : `: line ${place.line}`;
  const title = place.title?.trim();
  const shown = title && title.length > TITLE_IN_MESSAGE ? `${title.slice(0, TITLE_IN_MESSAGE - 1)}…` : (title ?? "");
  return `${place.source}${line}: ${place.noun} ${place.position}${shown ? ` ${JSON.stringify(shown)}` : ""}`;
}

/** A failure that stops the whole import; `where` names the source and the place in it. */
export class ImportError extends Error {
  constructor(
    readonly where: string,
    readonly detail: string,
  ) {
    super(`${where}: ${detail}`);
    this.name = "ImportError";
  }
}

export class ImportProblems {
  readonly errors: string[] = [];
  readonly notes: string[] = [];

  itemError(place: ItemPlace, message: string): void {
    this.errors.push(`${describePlace(place)}: ${message}`);
  }

  itemNote(place: ItemPlace, message: string): void {
    this.notes.push(`${describePlace(place)}: ${message}`);
  }

  note(message: string): void {
    this.notes.push(message);
  }
}
