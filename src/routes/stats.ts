/**
 * /stats and /stats.json: the publisher's subscriber counts (stats/report.ts), behind
 * the STATS_TOKEN secret. No token configured: 404, as for any page that does not
 * exist; a wrong or missing token: 401. Never cached, never indexed, and read from D1
 * on every request (nothing here goes to the hot path).
 */
import type { Hono } from "hono";
import { statsPage } from "../pages/stats";
import { notFoundPage } from "../pages/pages";
import { buildReport, type StatsReport } from "../stats/report";
import { dayOf, HISTORY_DAYS, readFigures } from "../stats/store";
import { presentedToken, tokensMatch } from "../stats/token";
import { type AppContext, type AppEnv, PAGE_HEADERS, type Services } from "./context";

/** What every answer of these routes carries, whatever its status. */
export const STATS_HEADERS = {
  "Cache-Control": "private, no-store",
  "X-Robots-Tag": "noindex, nofollow",
  // The token may be in the URL: no other site learns it from a link followed.
  "Referrer-Policy": "no-referrer",
};

async function serveStats(c: AppContext, services: Services, as: "html" | "json"): Promise<Response> {
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
  let report: StatsReport;
  try {
    report = buildReport(today, db ? await readFigures(db, today - HISTORY_DAYS + 1) : { clients: [], readers: [] });
  } catch (error) {
    console.error("edgefeed: cannot read subscriber counts:", error);
    return c.text("The subscriber counts cannot be read just now; please try again in a minute.\n", 503, {
      ...STATS_HEADERS,
      "Retry-After": "30",
    });
  }
  if (as === "json") return c.json(report, 200, STATS_HEADERS);
  return c.html(statsPage(archive, origin, report, db !== undefined), 200, { ...PAGE_HEADERS, ...STATS_HEADERS });
}

export function registerStatsRoutes(app: Hono<AppEnv>, services: Services): void {
  app.get("/stats", (c) => serveStats(c, services, "html"));
  app.get("/stats.json", (c) => serveStats(c, services, "json"));
}
