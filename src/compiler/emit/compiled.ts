/**
 * What a successful build produced, as the rest of the build (index, packs, site files)
 * reads it. Types only, free of Node, so the worker-side tools that lay a bundle out in
 * memory can share them.
 */
import type { PackedRecord } from "../../model/packs";
import type { ContentBundle } from "../../model/types";

/** An article as the build keeps it: the facts the index needs, and how to get its record. */
export interface CompiledArticle {
  slug: string;
  id: string;
  published: number;
  updated: number;
  tags: string[];
  /** The slugs of its authors. */
  authors: string[];
  aliases?: string[];
  /** The record as the packs hold it (model/packs.ts): from memory, or from the build cache. */
  record(): Promise<PackedRecord>;
  /** Changes exactly when the record's text does, without reading it: for skipping unchanged packs. */
  signature: string;
}

/**
 * What a successful build produced: everything the index, the packs and the site files
 * are made of. The vocabulary is the bundle's; the articles are CompiledArticles.
 */
export interface CompiledContent extends Omit<ContentBundle, "articles"> {
  /** Newest first, ties by id: an article's position is its ordinal. */
  articles: CompiledArticle[];
  /** Files the site serves as they are: static/ at the root, page-bundle files under their article. */
  siteFiles: { source: string; target: string }[];
}
