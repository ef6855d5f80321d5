/** The Worker's bindings, typed in one place (see wrangler.toml `[vars]` and `[assets]`). */
export interface Env {
  /** Public origin for links and feed URLs, e.g. `https://news.example.org`. Empty: the request's origin. */
  SITE_URL?: string;
  /** The static assets deployed with this version: the article record packs (model/packs.ts). */
  ASSETS: AssetsBinding;
}

/** What the worker uses of the assets binding (a `Fetcher`), spelled out so Node tools type-check too. */
export interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}
