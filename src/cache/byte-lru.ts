/**
 * Per-isolate memory bounded by bytes, not entries: a Worker isolate has 128 MB, and
 * one OPML or archive pack weighs as much as a hundred small pages, so counting
 * entries says nothing about memory. Least recently used entries go first. Loads are
 * shared while in flight, and a failed load is never remembered, so a broken read is
 * retried by the next request instead of being served from memory.
 */

interface Entry<V> {
  value: V;
  bytes: number;
}

export class ByteLru<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly loading = new Map<string, Promise<V>>();
  private used = 0;

  constructor(
    readonly budget: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  /** Bytes held now (never more than the budget once a load has settled). */
  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The value for `key` without marking it used: a look that must not change what is
   * evicted next, and the hot path's, where one Map lookup is the whole budget.
   */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** The keys held, least recently used first. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    this.delete(key);
    const bytes = this.sizeOf(value);
    // A value larger than the whole budget would evict everything and then itself.
    if (bytes > this.budget) return;
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.used <= this.budget) break;
      this.entries.delete(oldest);
      this.used -= entry.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.used -= entry.bytes;
  }

  /** The value for `key`, loading it once however many requests ask at the same time. */
  getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.get(key);
    if (entry !== undefined) return Promise.resolve(entry);
    const pending = this.loading.get(key);
    if (pending) return pending;
    const loaded = load().then(
      (value) => {
        this.loading.delete(key);
        this.set(key, value);
        return value;
      },
      (error: unknown) => {
        this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, loaded);
    return loaded;
  }
}
