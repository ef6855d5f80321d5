/**
 * Per-isolate memory of rendered documents. Each entry is keyed by what it shows
 * (route and origin) and stamped with a version: the number of visible articles in
 * its scope. A scheduled article becoming visible bumps the version of exactly the
 * scopes it belongs to, so only those documents are rendered again.
 */
import type { Representation } from "./representation";

interface Entry {
  version: string;
  representation: Promise<Representation>;
}

export class DocumentCache {
  private readonly entries = new Map<string, Entry>();
  /** Documents rendered so far: lets tests and benchmarks see that documents are reused. */
  renders = 0;

  constructor(private readonly maxEntries = 2000) {}

  /** The cached representation for `key` at `version`, rendering it if missing or stale. */
  get(key: string, version: string, render: () => Promise<Representation>): Promise<Representation> {
    const entry = this.entries.get(key);
    if (entry && entry.version === version) {
      // Re-insert to keep the Map in least-recently-used order.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.representation;
    }
    this.renders++;
    const representation = render();
    this.entries.set(key, { version, representation });
    // A failed render must not be served from memory forever.
    representation.catch(() => {
      if (this.entries.get(key)?.representation === representation) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return representation;
  }
}
