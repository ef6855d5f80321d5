/**
 * The source-neutral shape every reader (RSS, Atom, JSON Feed, WXR) produces: one old
 * post with its identity, instants and metadata already read, and its content still
 * as the source's HTML, to be cleaned and converted in one shared place.
 */
import type { ItemPlace } from "./problems";

export interface SourceItem {
  place: ItemPlace;
  /** The old guid / Atom id / JSON Feed id, kept exactly (outer whitespace trimmed). */
  id: string;
  /** Plain text, entities decoded; empty when the source has none. */
  title: string;
  published: number;
  /** Only when the source says the item changed after it was published. */
  updated?: number;
  authors: string[];
  tags: string[];
  /** Plain text. */
  summary?: string;
  /** The item's HTML as the source has it (WXR already given its paragraphs). */
  html: string;
  /** What relative URLs in the content resolve against: xml:base, the item's URL or the feed's. */
  base?: string;
  /** The old item page, absolute. */
  link?: string;
  /** A name the source gives the post (WXR `post_name`), for the file name when the link has none. */
  nameHint?: string;
  draft?: boolean;
}

/** One document read: a feed page or an export file. */
export interface SourcePage {
  kind: SourceKind;
  items: SourceItem[];
  /** RFC 5005 `prev-archive` (or JSON Feed `next_url`): where older items are. */
  olderPage?: string;
  /** Entries left out on purpose, by what they are (`page`, `attachment`, …). */
  leftOut: Map<string, number>;
}

type SourceKind = "RSS 2.0" | "Atom" | "JSON Feed" | "WordPress export (WXR)";
