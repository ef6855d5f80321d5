/**
 * The app as the Worker runs it, with the real D1 binding (Miniflare's) for subscriber
 * counts, over a fixture bundle, with a clock the test sets and a log it reads; and
 * /stats.json read with the token. Shared by the stats tests.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { expect } from "vitest";
import { createApp } from "../../src/app";
import type { Env } from "../../src/env";
import { layOutRecords } from "../../src/memory-layout";
import { decodeIndex, encodeIndex } from "../../src/model/index-codec";
import type { ContentBundle } from "../../src/model/types";
import { memorySource } from "../../src/providers/records";
import type { StatsReport } from "../../src/stats/report";

export const statsBindings = env as unknown as { STATS_DB: D1Database; STATS_TOKEN: string };
export const TOKEN = statsBindings.STATS_TOKEN;
const ORIGIN = "https://feeds.example.net";

export function statsApp(
  bundle: ContentBundle,
  start: string,
  stats: Partial<Env> = { STATS_DB: statsBindings.STATS_DB, STATS_TOKEN: TOKEN },
) {
  let now = Date.parse(start);
  const logged: string[] = [];
  const { fetch } = createApp({
    index: decodeIndex(encodeIndex(bundle)),
    source: memorySource(layOutRecords(bundle)),
    clock: () => now,
    log: (message) => logged.push(message),
  });
  const workerEnv = { SITE_URL: "", ...stats } as Env;
  const request = async (path: string, headers: Record<string, string> = {}, method = "GET") => {
    const ctx = createExecutionContext();
    const response = await fetch(new Request(`${ORIGIN}${path}`, { method, headers }), workerEnv, ctx);
    // Read whole before the deferred writes are awaited, as a client would; handed back readable.
    const bytes = await response.arrayBuffer();
    await waitOnExecutionContext(ctx);
    const body = [101, 204, 205, 304].includes(response.status) ? null : bytes;
    return new Response(body, { status: response.status, headers: response.headers });
  };
  const poll = (path: string, userAgent: string, address: string, extra: Record<string, string> = {}) =>
    request(path, { "User-Agent": userAgent, "CF-Connecting-IP": address, "Accept-Encoding": "gzip", ...extra });
  return {
    bundle,
    logged,
    request,
    poll,
    at: (iso: string) => {
      now = Date.parse(iso);
    },
  };
}

export async function statsJson(app: ReturnType<typeof statsApp>): Promise<StatsReport> {
  const response = await app.request("/stats.json", { Authorization: `Bearer ${TOKEN}` });
  expect(response.status).toBe(200);
  return (await response.json()) as StatsReport;
}
