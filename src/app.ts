/**
 * Assembles the Hono app: request-wide middleware (allowed methods, clock and origin,
 * trailing slashes), then the route modules, then the 404 and error answers. The
 * clock is injectable so tests can move time; the Worker passes `Date.now`.
 */
import { Hono } from "hono";
import type { Env } from "./env";
import { DocumentCache } from "./http/document-cache";
import { FixedAnswer, HotCache } from "./http/hot-cache";
import type { BuildProblem, ContentIndex, PreviewNotes } from "./model/types";
import { decodePackHeader } from "./model/packs";
import { publicOrigin } from "./model/urls";
import { LISTS_PATH, readLists } from "./pages/lists";
import { notFoundPage } from "./pages/pages";
import type { HeldFiles } from "./providers/private-assets";
import { type PackSource, RecordStore, StorageUnavailable } from "./providers/records";
import { Archive } from "./query/archive";
import { PollingTimes } from "./query/cadence";
import { type AppEnv, CORS_HEADERS, notFound, permanentRedirect, type Services } from "./routes/context";
import { registerFeedRoutes } from "./routes/feeds";
import { registerHeldFileRoutes } from "./routes/held-files";
import { registerPageRoutes } from "./routes/pages";
import { registerSitemapRoutes } from "./routes/sitemap";
import { registerStatsRoutes } from "./routes/stats";
import { DEFAULT_DAILY_PAIRS, SubscriberCounter } from "./stats/counter";

export interface AppOptions {
  index: ContentIndex;
  /** Where the article records are read from: the ASSETS binding, or memory in tests and tools. */
  source: PackSource;
  /** Where page-bundle files held back until their article's instant are read from. */
  heldFiles?: HeldFiles;
  /** Milliseconds since the epoch; read once per request. */
  clock?: () => number;
  /** Errors of newer content that did not build (the preview's banner); none in a deploy. */
  problems?: readonly BuildProblem[];
  /** The preview's warnings and unpublished articles; none in a deploy. */
  preview?: PreviewNotes;
  /** Where unexpected errors are reported (the worker's log). */
  log?: (message: string, error: unknown) => void;
}

const ALLOWED = "GET, HEAD, OPTIONS";
/** Tag combinations are unbounded in number: their documents share a few MiB, apart from the rest. */
const COMBINATION_DOCUMENTS_BUDGET = 3 * 1024 * 1024;
/** So are the URLs that answer a redirect or an error: their hot answers share 2 MiB with the combinations'. */
const OPEN_HOT_BUDGET = 2 * 1024 * 1024;
/** The answer to any method but GET, HEAD and OPTIONS, made once. */
const NOT_ALLOWED = new FixedAnswer(
  405,
  new Headers({ Allow: ALLOWED, "Content-Type": "text/plain; charset=UTF-8" }),
  new TextEncoder().encode("Method not allowed: this site is read-only (GET and HEAD).\n") as Uint8Array<ArrayBuffer>,
);

/** Answers that depend on the URL and the clock alone, remembered for the hot path. */
const FIXED_STATUSES = new Set([301, 400, 404, 410]);

export function createApp({
  index,
  source,
  heldFiles,
  clock = Date.now,
  problems = [],
  preview,
  log = console.error,
}: AppOptions) {
  const archive = new Archive(index, new RecordStore(source, index.packSize), problems, preview);
  const records = archive.records;
  const services: Services = {
    archive,
    polling: new PollingTimes(archive),
    lists: () =>
      records.file(LISTS_PATH, (bytes) => {
        const pack = decodePackHeader(bytes);
        return readLists(pack.records[0], bytes, pack.base + (pack.at[0] ?? 0));
      }),
    cache: new DocumentCache(),
    combinationCache: new DocumentCache(COMBINATION_DOCUMENTS_BUDGET),
    hot: new HotCache(),
    hotOpen: new HotCache(OPEN_HOT_BUDGET),
    ...(heldFiles ? { heldFiles } : {}),
  };
  const app = new Hono<AppEnv>();

  app.use("*", async (c, next) => {
    const method = c.req.method;
    if (method === "OPTIONS") {
      // CORS preflight: browser readers send If-None-Match, which is not a safelisted header.
      return c.body(null, 204, {
        Allow: ALLOWED,
        ...CORS_HEADERS,
        "Access-Control-Allow-Methods": "GET, HEAD",
        "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
        "Access-Control-Max-Age": "86400",
      });
    }
    if (method !== "GET" && method !== "HEAD") return NOT_ALLOWED.answer(c.req.raw);
    c.set("now", clock());
    c.set("origin", publicOrigin(c.env?.SITE_URL, c.req.url));
    const path = new URL(c.req.url).pathname;
    if (path.length > 1 && path.endsWith("/")) {
      // An old URL written with its slash goes to its article in one hop.
      const moved = archive.redirect(path, c.get("now"));
      if (moved) return permanentRedirect(c, moved);
      // Collapse leading slashes too: a Location of "//host" would send the client off-site.
      return permanentRedirect(c, `/${path.replace(/^\/+|\/+$/g, "")}`);
    }
    await next();
  });

  // Pages first: `/tags/:tag/subscribe` must win over the feed route `/tags/:tag/:file`.
  registerPageRoutes(app, services);
  registerFeedRoutes(app, services);
  registerSitemapRoutes(app, services);
  registerHeldFileRoutes(app, services);
  registerStatsRoutes(app, services);

  app.notFound((c) => {
    const moved = archive.redirect(new URL(c.req.url).pathname, c.get("now") ?? clock());
    if (moved) return permanentRedirect(c, moved);
    return notFound(
      c,
      notFoundPage(services.archive, c.get("origin") ?? new URL(c.req.url).origin, "There is no page at this address."),
    );
  });
  app.onError((error, c) => {
    if (error instanceof StorageUnavailable) {
      // Records could not be read: a short, retryable answer; nothing was cached.
      log("edgefeed: storage unavailable:", error.message);
      return c.text("The archive is briefly unavailable; please try again in a minute.\n", 503, {
        "Retry-After": "30",
        "Cache-Control": "no-store",
      });
    }
    log("edgefeed: unexpected error", error);
    return c.text("Something went wrong on our side; please try again shortly.\n", 500, { "Retry-After": "60" });
  });

  const counter = new SubscriberCounter(log);
  let configured: Env | undefined;

  /**
   * The Worker's fetch: a document served before, with nothing newly visible since,
   * is answered from the hot cache before any routing; everything else goes to Hono.
   * A subscription feed's 200 or 304 is counted (stats/counter.ts) when STATS_DB is
   * bound: a few lookups here, the write after the response.
   */
  const fetch = (request: Request, env: Env, ctx?: Parameters<typeof app.fetch>[2]): Response | Promise<Response> => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return request.method === "OPTIONS" ? app.fetch(request, env, ctx) : NOT_ALLOWED.answer(request);
    }
    const now = clock();
    const db = env?.STATS_DB;
    if (db !== undefined && env !== configured) {
      configured = env;
      counter.budget = Number(env.STATS_DAILY_PAIRS) || DEFAULT_DAILY_PAIRS;
    }
    const hot = services.hot.lookup(request.url, now) ?? services.hotOpen.lookup(request.url, now);
    if (hot) {
      // A remembered document answers only 200 or 304.
      if (db !== undefined && hot.counted !== undefined) counter.observe(request, hot.counted, now, db, ctx);
      return hot.answer(request);
    }
    const answered = app.fetch(request, env, ctx);
    if (request.method !== "GET" && db === undefined) return answered;
    return Promise.resolve(answered).then(async (response) => {
      if (db !== undefined && (response.status === 200 || response.status === 304)) {
        const served = services.hot.lookup(request.url, now) ?? services.hotOpen.lookup(request.url, now);
        if (served?.counted !== undefined) counter.observe(request, served.counted, now, db, ctx);
      }
      if (request.method !== "GET" || !FIXED_STATUSES.has(response.status)) return response;
      const fixed = await FixedAnswer.of(response);
      services.hotOpen.rememberAnswer(request.url, fixed, archive.nextChange(now));
      return fixed.answer(request);
    });
  };

  return { app, services, fetch, counter };
}
