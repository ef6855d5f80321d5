/**
 * Where article records come from. The worker bundles only the index; the records
 * are packs of JSON in storage that deploys with the worker version (Workers Static
 * Assets, read through the ASSETS binding). Tests and the Node tools read the same
 * packs from memory. A pack that cannot be read, or does not hold what the index
 * says it holds, is a StorageUnavailable error (the app answers 503), never a partial
 * document, and it is not remembered.
 */
import { ByteLru } from "../cache/byte-lru";
import type { AssetsBinding } from "../env";
import { packLength, packPath, type PackScope, packsFor } from "../model/packs";
import type { Article } from "../model/types";

/** Reads one pack's text by its path (`/_records/site/0.json`). */
export interface PackSource {
  read(path: string): Promise<string>;
}

export class StorageUnavailable extends Error {
  override name = "StorageUnavailable";
}

/** The packs deployed as static assets, read through the ASSETS binding (never through the public URL). */
export function assetsSource(assets: AssetsBinding): PackSource {
  return {
    async read(path) {
      let response: Response;
      try {
        response = await assets.fetch(new Request(`https://assets.invalid${path}`));
      } catch (error) {
        throw new StorageUnavailable(`reading ${path} failed: ${String(error)}`);
      }
      if (!response.ok) throw new StorageUnavailable(`reading ${path} answered ${response.status}`);
      return response.text();
    },
  };
}

/** Packs held in memory: what the compiler produced, for tests and for Node tools. */
export function memorySource(packs: ReadonlyMap<string, string>): PackSource {
  return {
    read(path) {
      const text = packs.get(path);
      return text === undefined ? Promise.reject(new StorageUnavailable(`no pack ${path}`)) : Promise.resolve(text);
    },
  };
}

/** Packs kept per isolate; 24 MiB leaves most of the 128 MB isolate to the index and documents. */
const DEFAULT_BUDGET = 24 * 1024 * 1024;

export class RecordStore {
  private readonly packs: ByteLru<{ records: Article[]; bytes: number }>;
  /** Packs read from storage so far: lets tests and benchmarks check the read budget. */
  reads = 0;

  constructor(
    private readonly source: PackSource,
    readonly packSize: number,
    budget = DEFAULT_BUDGET,
  ) {
    this.packs = new ByteLru(budget, (pack) => pack.bytes);
  }

  /** Records at oldest-first positions [from, to) of a scope holding `total` articles, oldest first. */
  async range(scope: PackScope, total: number, from: number, to: number): Promise<Article[]> {
    const spans = packsFor(Math.max(0, from), Math.min(to, total), this.packSize);
    const packs = await Promise.all(spans.map(({ pack }) => this.pack(scope, pack, total)));
    return spans.flatMap(({ start, end }, i) => packs[i]?.slice(start, end) ?? []);
  }

  private async pack(scope: PackScope, pack: number, total: number): Promise<Article[]> {
    const path = packPath(scope, pack);
    const loaded = await this.packs.getOrLoad(path, async () => {
      this.reads++;
      let text: string;
      try {
        text = await this.source.read(path);
      } catch (error) {
        throw error instanceof StorageUnavailable ? error : new StorageUnavailable(`reading ${path}: ${String(error)}`);
      }
      let records: unknown;
      try {
        records = JSON.parse(text);
      } catch {
        throw new StorageUnavailable(`${path} is not valid JSON`);
      }
      const expected = packLength(pack, total, this.packSize);
      if (!Array.isArray(records) || records.length !== expected) {
        throw new StorageUnavailable(`${path} does not hold the ${expected} records the index expects`);
      }
      // Two bytes per UTF-16 unit of text, and parsed objects take about as much again.
      return { records: records as Article[], bytes: text.length * 4 };
    });
    return loaded.records;
  }
}
