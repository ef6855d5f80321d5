/** The Worker's bindings, typed in one place (see wrangler.toml `[vars]`). */
export interface Env {
  /** Public origin for links and feed URLs, e.g. `https://news.example.org`. Empty: the request's origin. */
  SITE_URL?: string;
}
