/**
 * Per-isolate memory of rendered documents, bounded by bytes. Each entry is keyed by
 * what it shows (route and origin) and by a version: the number of visible articles
 * in its scope. A scheduled article becoming visible bumps the version of exactly the
 * scopes it belongs to, so only those documents are rendered again; the stale
 * versions are never asked for again and age out first.
 */
import { ByteLru } from "../cache/byte-lru";
import type { Representation } from "./representation";

/** Rendered documents kept per isolate: thousands of pages and feeds, a fraction of the 128 MB. */
const DEFAULT_BUDGET = 16 * 1024 * 1024;

export class DocumentCache {
  private readonly documents: ByteLru<Representation>;
  /** Documents rendered so far: lets tests and benchmarks see that documents are reused. */
  renders = 0;

  constructor(budget = DEFAULT_BUDGET) {
    // The body and, once asked for, its gzip copy (about a quarter of it).
    this.documents = new ByteLru(budget, (representation) => representation.length * 1.25 + 512);
  }

  /** Bytes of documents held now. */
  get bytes(): number {
    return this.documents.bytes;
  }

  /** The cached representation for `key` at `version`, rendering it if missing or stale. */
  get(key: string, version: string, render: () => Promise<Representation>): Promise<Representation> {
    return this.documents.getOrLoad(`${key}\u0000${version}`, () => {
      this.renders++;
      return render();
    });
  }
}
