/** The Worker's bindings, typed in one place (see wrangler.toml `[vars]`, `[assets]` and `[[d1_databases]]`). */
export interface Env {
  /** Public origin for links and feed URLs, e.g. `https://news.example.org`. Empty: the request's origin. */
  SITE_URL?: string;
  /** The static assets deployed with this version: the article record packs (model/packs.ts). */
  ASSETS: AssetsBinding;
  /** Where subscriber counts are kept (docs/stats.md). Without it, nothing is counted. */
  STATS_DB?: StatsDatabase;
  /** The token that opens /stats and /stats.json (`wrangler secret put STATS_TOKEN`). Without it, they answer 404. */
  STATS_TOKEN?: string;
  /** (feed, client) pairs a day may write before sampling stops (default 48,000: the free plan's D1 writes). */
  STATS_DAILY_PAIRS?: string;
}

/** What the worker uses of the assets binding (a `Fetcher`), spelled out so Node tools type-check too. */
export interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}

/** What the worker uses of a D1 database, spelled out so Node tools type-check too. */
export interface StatsDatabase {
  prepare(query: string): StatsStatement;
  batch(statements: StatsStatement[]): Promise<{ results?: unknown[] }[]>;
}

export interface StatsStatement {
  bind(...values: unknown[]): StatsStatement;
  all<T = Record<string, unknown>>(): Promise<{ results: T[] }>;
  run(): Promise<unknown>;
}
