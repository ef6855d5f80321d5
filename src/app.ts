/**
 * Assembles the Hono app: request-wide middleware (allowed methods, clock and origin,
 * trailing slashes), then the route modules, then the 404 and error answers. The
 * clock is injectable so tests can move time; the Worker passes `Date.now`.
 */
import { Hono } from "hono";
import { DocumentCache } from "./http/document-cache";
import type { ContentBundle } from "./model/types";
import { publicOrigin } from "./model/urls";
import { notFoundPage } from "./pages/pages";
import { Archive } from "./query/archive";
import { type AppEnv, CORS_HEADERS, notFound, permanentRedirect, type Services } from "./routes/context";
import { registerFeedRoutes } from "./routes/feeds";
import { registerPageRoutes } from "./routes/pages";

export interface AppOptions {
  bundle: ContentBundle;
  /** Milliseconds since the epoch; read once per request. */
  clock?: () => number;
}

const ALLOWED = "GET, HEAD, OPTIONS";

export function createApp({ bundle, clock = Date.now }: AppOptions) {
  const services: Services = { archive: new Archive(bundle), cache: new DocumentCache() };
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
    if (method !== "GET" && method !== "HEAD") {
      return c.text("Method not allowed: this site is read-only (GET and HEAD).\n", 405, { Allow: ALLOWED });
    }
    c.set("now", clock());
    c.set("origin", publicOrigin(c.env?.SITE_URL, c.req.url));
    const path = new URL(c.req.url).pathname;
    if (path.length > 1 && path.endsWith("/")) {
      // Collapse leading slashes too: a Location of "//host" would send the client off-site.
      return permanentRedirect(c, `/${path.replace(/^\/+|\/+$/g, "")}`);
    }
    await next();
  });

  // Pages first: `/tags/:tag/subscribe` must win over the feed route `/tags/:tag/:file`.
  registerPageRoutes(app, services);
  registerFeedRoutes(app, services);

  app.notFound((c) =>
    notFound(
      c,
      notFoundPage(services.archive, c.get("origin") ?? new URL(c.req.url).origin, "There is no page at this address."),
    ),
  );
  app.onError((error, c) => {
    console.error("edgefeed: unexpected error", error);
    return c.text("Something went wrong on our side; please try again shortly.\n", 500, { "Retry-After": "60" });
  });

  return { app, services };
}
