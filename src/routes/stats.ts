/**
 * /stats and /stats.json: the publisher's subscriber counts (stats/report.ts), behind
 * the STATS_TOKEN secret. No token configured: 404, as for any page that does not
 * exist; a wrong or missing token: 401. Never cached by anyone else, never indexed;
 * each isolate reads D1's version of the figures on every request and the figures
 * themselves only when they changed (stats/snapshot.ts). Nothing here is on the hot path.
 */
import type { Hono } from "hono";
import { statsPage } from "../pages/stats";
import { notFoundPage } from "../pages/pages";
import { assembleReport } from "../stats/report";
import { type Served, snapshotJson, StatsSnapshots, utf8 } from "../stats/snapshot";
import { dayOf } from "../stats/store";
import { presentedToken, tokensMatch } from "../stats/token";
import { type AppContext, type AppEnv, PAGE_HEADERS, type Services } from "./context";

/** What every answer of these routes carries, whatever its status. */
export const STATS_HEADERS = {
  "Cache-Control": "private, no-store",
  "X-Robots-Tag": "noindex, nofollow",
  // The token may be in the URL: no other site learns it from a link followed.
  "Referrer-Policy": "no-referrer",
};

/** Without STATS_DB: an empty report, and the page says counting is off. */
function nothingCounted(today: number): Served {
  const snapshot = assembleReport(today, new Map(), { clients: [], readers: [] });
  return { snapshot, json: () => snapshotJson(snapshot), body: (_, make) => utf8(make()), chart: () => "" };
}

async function serveStats(
  c: AppContext,
  services: Services,
  snapshots: StatsSnapshots,
  as: "html" | "json",
): Promise<Response> {
  const { archive } = services;
  const origin = c.get("origin");
  const expected = c.env?.STATS_TOKEN;
  if (!expected) {
    return c.html(notFoundPage(archive, origin, "There is no page at this address."), 404, {
      ...PAGE_HEADERS,
      ...STATS_HEADERS,
    });
  }
  if (!(await tokensMatch(presentedToken(c.req.raw), expected))) {
    return c.text("This page needs the stats token (STATS_TOKEN): see docs/stats.md.\n", 401, {
      ...STATS_HEADERS,
      "WWW-Authenticate": 'Basic realm="Subscriber counts", charset="UTF-8"',
    });
  }
  const db = c.env.STATS_DB;
  const today = dayOf(c.get("now"));
  let served: Served;
  try {
    served = db ? await snapshots.read(db, today) : nothingCounted(today);
  } catch (error) {
    console.error("edgefeed: cannot read subscriber counts:", error);
    return c.text("The subscriber counts cannot be read just now; please try again in a minute.\n", 503, {
      ...STATS_HEADERS,
      "Retry-After": "30",
    });
  }
  // Kept as bytes while the figures hold: asking again sends them as they are.
  if (as === "json") {
    const body = served.body("json", () => served.json());
    return c.body(body, 200, { ...STATS_HEADERS, "Content-Type": "application/json" });
  }
  const page = served.body(`html ${origin}`, () => statsPage(archive, origin, served, db !== undefined));
  return c.body(page, 200, { ...PAGE_HEADERS, ...STATS_HEADERS, "Content-Type": "text/html; charset=UTF-8" });
}

export function registerStatsRoutes(app: Hono<AppEnv>, services: Services): void {
  // Per isolate: what was read and serialized of the figures, kept while D1 says they are the same.
  const snapshots = new StatsSnapshots();
  app.get("/stats", (c) => serveStats(c, services, snapshots, "html"));
  app.get("/stats.json", (c) => serveStats(c, services, snapshots, "json"));
}
