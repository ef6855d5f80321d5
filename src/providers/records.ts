/**
 * Where article records come from. The worker bundles only the index; the records
 * are packs of JSON in storage that deploys with the worker version (Workers Static
 * Assets, read through the ASSETS binding). Tests and the Node tools read the same
 * packs from memory. A pack that cannot be read, or does not hold what the index
 * says it holds, is a StorageUnavailable error (the app answers 503), never a partial
 * document, and it is not remembered. Popular documents read whole ranges of a scope's
 * packs, which are kept; tag combinations read scattered records (`byOrdinals`) without
 * keeping the packs they came from.
 */
import { ByteLru } from "../cache/byte-lru";
import type { AssetsBinding } from "../env";
import { decodePackHeader, type PackContents, packLength, packPath, type PackScope, packsFor } from "../model/packs";
import { type BodyLayout, readBody } from "../model/pieces";
import type { StoredArticle } from "../model/types";

/** Reads one pack's bytes by its path (`/_records/site/0.json`). */
export interface PackSource {
  read(path: string): Promise<Uint8Array>;
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
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

/** Packs held in memory: what the compiler produced, for tests and for Node tools. */
export function memorySource(packs: ReadonlyMap<string, Uint8Array>): PackSource {
  return {
    read(path) {
      const bytes = packs.get(path);
      return bytes === undefined ? Promise.reject(new StorageUnavailable(`no pack ${path}`)) : Promise.resolve(bytes);
    },
  };
}

/** Packs kept per isolate; 24 MiB leaves most of the 128 MB isolate to the index and documents. */
const DEFAULT_BUDGET = 24 * 1024 * 1024;
/** Records kept one by one for documents whose packs are not kept (see `byOrdinals`). */
const LOOSE_BUDGET = 4 * 1024 * 1024;
/** Slug and sitemap tables and the written-ahead lists kept: a few dozen of their small files. */
const FILES_BUDGET = 4 * 1024 * 1024;

const decoder = new TextDecoder();

interface Pack {
  records: StoredArticle[];
  bytes: number;
}

/** One place a record can be read from: a scope's packs, and its oldest-first position there. */
export interface RecordPlace {
  scope: PackScope;
  /** Articles in the scope, scheduled ones included: what its packs are laid out over. */
  total: number;
  position: number;
}

/** A record wanted by its ordinal, with the places that hold it (the site's packs, its tags'). */
export interface WantedRecord {
  ordinal: number;
  places: readonly RecordPlace[];
}

/** A pack to read, and which of its records (by ordinal, at which index) to take. */
export interface PackRead {
  place: RecordPlace;
  pack: number;
  take: { ordinal: number; index: number }[];
}

/**
 * Which packs to read for `wanted`: a pack `held` already costs nothing, so it serves
 * every record it holds; the rest are covered greedily, the pack holding the most
 * records still open first. A combination of sparse tags thus reads each tag's newest
 * pack or two rather than one site pack per article. Keyed by pack path.
 */
export function planPackReads(
  wanted: readonly WantedRecord[],
  packSize: number,
  held: (path: string) => boolean,
): Map<string, PackRead> {
  const anywhere = coverPacks(wanted, packSize, held);
  // The site's newest pack often holds the most of a combination's newest records, and
  // the greedy cover takes it first; its tags' own packs may still cover them all alone.
  const ownPacks = wanted.map((record) => {
    const own = record.places.filter(
      (place) => place.scope !== "site" || held(packPath(place.scope, Math.floor(place.position / packSize))),
    );
    return own.length > 0 ? { ...record, places: own } : record;
  });
  const own = coverPacks(ownPacks, packSize, held);
  const readsOf = (plan: Map<string, PackRead>) => [...plan.keys()].filter((path) => !held(path)).length;
  return readsOf(own) <= readsOf(anywhere) ? own : anywhere;
}

function coverPacks(
  wanted: readonly WantedRecord[],
  packSize: number,
  held: (path: string) => boolean,
): Map<string, PackRead> {
  const reads = new Map<string, PackRead>();
  const pathOf = (place: RecordPlace) => packPath(place.scope, Math.floor(place.position / packSize));
  /** Takes each open record from the first of its places `chosen` accepts; returns those still open. */
  const takeFrom = (open: readonly WantedRecord[], chosen: (path: string) => boolean) =>
    open.filter((record) => {
      const place = record.places.find((candidate) => chosen(pathOf(candidate)));
      if (!place) return true;
      const pack = Math.floor(place.position / packSize);
      const path = pathOf(place);
      const read = reads.get(path) ?? { place, pack, take: [] };
      read.take.push({ ordinal: record.ordinal, index: place.position - pack * packSize });
      reads.set(path, read);
      return false;
    });
  let open = takeFrom(wanted, held);
  while (open.length > 0) {
    const holding = new Map<string, number>();
    for (const record of open) {
      for (const path of new Set(record.places.map(pathOf))) holding.set(path, (holding.get(path) ?? 0) + 1);
    }
    let best: string | undefined;
    for (const [path, count] of holding) if (best === undefined || count > (holding.get(best) ?? 0)) best = path;
    if (best === undefined) throw new StorageUnavailable(`no pack holds article ${open[0]?.ordinal}`);
    open = takeFrom(open, (path) => path === best);
  }
  return reads;
}

/** The records of a pack whose header is read (`contents`); throws StorageUnavailable for a missing one. */
export function recordsOf(path: string, bytes: Uint8Array, contents: PackContents): StoredArticle[] {
  return contents.records.map((record, i) => {
    const fields = record as (Omit<StoredArticle, "body"> & { body?: BodyLayout }) | null;
    if (!fields?.body) throw new StorageUnavailable(`${path} has no record at ${i}`);
    return { ...fields, body: readBody(fields.body, bytes, contents.base + (contents.at[i] ?? 0)) };
  });
}

export class RecordStore {
  private readonly packs: ByteLru<Pack>;
  private readonly loose: ByteLru<{ article: StoredArticle; bytes: number }>;
  private readonly files = new ByteLru<{ value: unknown; bytes: number }>(FILES_BUDGET, (file) => file.bytes);
  /** Packs read from storage so far: lets tests and benchmarks check the read budget. */
  reads = 0;

  constructor(
    private readonly source: PackSource,
    readonly packSize: number,
    budget = DEFAULT_BUDGET,
    looseBudget = LOOSE_BUDGET,
  ) {
    this.packs = new ByteLru(budget, (pack) => pack.bytes);
    this.loose = new ByteLru(looseBudget, (record) => record.bytes);
  }

  /** Paths of the packs held now, least recently used first. */
  heldPacks(): string[] {
    return this.packs.keys();
  }

  /** Records at oldest-first positions [from, to) of a scope holding `total` articles, oldest first. */
  async range(scope: PackScope, total: number, from: number, to: number): Promise<StoredArticle[]> {
    const spans = packsFor(Math.max(0, from), Math.min(to, total), this.packSize);
    const packs = await Promise.all(
      spans.map(({ pack }) => {
        const path = packPath(scope, pack);
        return this.packs.getOrLoad(path, () => this.load(path, pack, total));
      }),
    );
    return spans.flatMap(({ start, end }, i) => packs[i]?.records.slice(start, end) ?? []);
  }

  /**
   * Records by ordinal, in the order asked, for documents too many to keep their packs
   * for (tag combinations): a record read before comes from the loose cache; the others
   * from packs already held (looked at, not refreshed) and then from as few packs as
   * cover them. A pack read here is dropped once its records are taken, and only those
   * records are kept, so a flood of such documents never evicts the shared packs.
   */
  async byOrdinals(wanted: readonly WantedRecord[]): Promise<StoredArticle[]> {
    const found = new Map<number, StoredArticle>();
    const open = wanted.filter((record) => {
      const kept = this.loose.get(String(record.ordinal));
      if (kept) found.set(record.ordinal, kept.article);
      return !kept;
    });
    const reads = planPackReads(open, this.packSize, (path) => this.packs.peek(path) !== undefined);
    await Promise.all(
      [...reads].map(async ([path, { place, pack, take }]) => {
        const { records, bytes } = this.packs.peek(path) ?? (await this.load(path, pack, place.total));
        for (const { ordinal, index } of take) {
          const article = records[index];
          if (!article) throw new StorageUnavailable(`${path} has no record at ${index}`);
          found.set(ordinal, article);
          this.loose.set(String(ordinal), { article, bytes: bytes / records.length });
        }
      }),
    );
    return wanted.map(({ ordinal }) => {
      const article = found.get(ordinal);
      if (!article) throw new StorageUnavailable(`article ${ordinal} was not read`);
      return article;
    });
  }

  /** A table (model/tables.ts: slugs, sitemap lists) as text, read once and kept like a pack. */
  async text(path: string): Promise<string> {
    return this.file(path, (bytes) => decoder.decode(bytes));
  }

  /** Any other file the build writes beside the packs, read once, made into what `parse` makes of it and kept. */
  async file<T>(path: string, parse: (bytes: Uint8Array) => T): Promise<T> {
    const file = await this.files.getOrLoad(path, async () => {
      const bytes = await this.read(path);
      try {
        return { value: parse(bytes) as unknown, bytes: bytes.byteLength * 2 };
      } catch (error) {
        throw new StorageUnavailable(
          `${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
    return file.value as T;
  }

  private async read(path: string): Promise<Uint8Array> {
    this.reads++;
    try {
      return await this.source.read(path);
    } catch (error) {
      throw error instanceof StorageUnavailable ? error : new StorageUnavailable(`reading ${path}: ${String(error)}`);
    }
  }

  private async load(path: string, pack: number, total: number): Promise<Pack> {
    const bytes = await this.read(path);
    let contents: ReturnType<typeof decodePackHeader>;
    try {
      contents = decodePackHeader(bytes);
    } catch (error) {
      throw new StorageUnavailable(`${path} is not a pack: ${error instanceof Error ? error.message : String(error)}`);
    }
    const expected = packLength(pack, total, this.packSize);
    if (contents.records.length !== expected) {
      throw new StorageUnavailable(`${path} does not hold the ${expected} records the index expects`);
    }
    const records = recordsOf(path, bytes, contents);
    // The bytes, and the parsed header about as much again as its JSON.
    return { records, bytes: bytes.byteLength + contents.base * 2 };
  }
}
