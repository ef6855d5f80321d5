/**
 * Subscriber counts end to end, as `npm start` serves them: wrangler dev with the local
 * D1 migrated, polls replayed over HTTP with client addresses in CF-Connecting-IP,
 * the counts read back from /stats.json with the token, and then every byte of the
 * database's SQLite files searched for the addresses: none may be there.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StatsReport } from "../../src/stats/report";
import { buildServedFixture } from "../support/build-served-fixture";
import { TEST_ASSETS, TEST_ENTRY } from "../support/served-fixture";
import { DEV_STATS_TOKEN, type DevServer, serveWithWranglerDev } from "../support/wrangler-dev";

const SERVE_TIMEOUT_MS = 120_000;
const ADDRESSES = ["203.0.113.77", "198.51.100.201", "192.0.2.163", "2001:db8:85a3::8a2e:370:7334"];
const MINIFLUX = "Mozilla/5.0 (compatible; Miniflux/2.1.3; +https://miniflux.app)";

let server: DevServer | undefined;

beforeAll(async () => {
  await buildServedFixture();
  server = await serveWithWranglerDev(TEST_ENTRY, TEST_ASSETS);
}, SERVE_TIMEOUT_MS);

afterAll(async () => {
  await server?.stop();
}, SERVE_TIMEOUT_MS);

async function poll(path: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(`${server?.baseUrl}${path}`, { headers });
  await response.arrayBuffer();
  return response.status;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe("the local database behind npm start", () => {
  it("counts what was polled and holds no client address", async () => {
    for (const address of ADDRESSES) {
      for (let i = 0; i < 3; i++) {
        expect(await poll("/atom.xml", { "User-Agent": MINIFLUX, "CF-Connecting-IP": address })).toBe(200);
      }
    }
    await poll("/atom.xml", { "User-Agent": "Feedbin feed-id:9 - 12 subscribers", "CF-Connecting-IP": "54.2.3.4" });
    await poll("/atom.xml", { "User-Agent": "Googlebot/2.1", "CF-Connecting-IP": "66.249.66.1" });

    // The writes follow the answers: read until they are all there (bounded by the test's own timeout).
    let report: StatsReport | undefined;
    for (let attempt = 0; attempt < 200; attempt++) {
      const response = await fetch(`${server?.baseUrl}/stats.json`, {
        headers: { Authorization: `Bearer ${DEV_STATS_TOKEN}` },
      });
      expect(response.status).toBe(200);
      report = (await response.json()) as StatsReport;
      if (report.feeds.find((feed) => feed.feed === "site")?.subscribers === ADDRESSES.length + 12) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const site = report?.feeds.find((feed) => feed.feed === "site");
    expect(site?.formats.atom).toEqual({
      subscribers: ADDRESSES.length + 12,
      readers: { "other readers": ADDRESSES.length, Feedbin: 12 },
    });

    const files = await filesUnder(server?.statePath ?? "");
    expect(files.some((file) => file.endsWith(".sqlite"))).toBe(true);
    const bytes = Buffer.concat(await Promise.all(files.map((file) => readFile(file))));
    for (const address of [...ADDRESSES, "54.2.3.4", "66.249.66.1"]) {
      expect(bytes.includes(Buffer.from(address)), address).toBe(false);
    }
    // The database does hold the counts: the search looked in the right place.
    expect(bytes.includes(Buffer.from("Feedbin"))).toBe(true);
  }, 90_000);
});
