// Five test projects: the compiler and pure units in Node; the worker inside workerd through
// Cloudflare's Vitest integration (the same runtime `wrangler dev` and production use); the
// preview runner, end to end through `wrangler dev`; the asset router in front of the worker,
// through `wrangler dev`; and the pages in headless Chromium against the worker served by
// `wrangler dev`.
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { mkdirSync } from "node:fs";
import { defineConfig } from "vitest/config";
import { TEST_ASSETS } from "./tests/support/served-fixture.ts";

// Wrangler checks that the assets directory exists when it reads this configuration,
// before the global setup has built anything into it.
mkdirSync(TEST_ASSETS, { recursive: true });

export default defineConfig({
  test: {
    // Whichever projects run, the publisher's own build must be as they left it.
    globalSetup: ["tests/support/publisher-build-guard.ts"],
    projects: [
      {
        test: {
          name: "node",
          include: [
            "tests/compiler/**/*.test.ts",
            "tests/unit/**/*.test.ts",
            "tests/publish/**/*.test.ts",
            "tests/import/**/*.test.ts",
          ],
          environment: "node",
          // Vitest's 5 s default is no limit for a shared 2-core machine running every project at
          // once: a test that compiles a fixture took longer there. The limit only ends a hang.
          testTimeout: 60_000,
        },
      },
      {
        // The production worker's configuration, serving the demo fixture's build instead of the
        // publisher's (tests/support/served-fixture.ts builds it before the tests run).
        plugins: [
          cloudflareTest(async () => ({
            main: "./tests/support/worker-entry.ts",
            wrangler: { configPath: "./wrangler.toml" },
            // SITE_URL empty whatever the publisher's wrangler.toml says: the tests fetch their own origin.
            // STATS_DB comes from wrangler.toml, in memory; tests/worker/d1-schema.ts applies the migrations.
            miniflare: {
              assets: { directory: TEST_ASSETS, binding: "ASSETS" },
              bindings: {
                SITE_URL: "",
                STATS_TOKEN: "test-stats-token",
                STATS_MIGRATIONS: await readD1Migrations("./migrations"),
              },
            },
          })),
        ],
        test: {
          name: "worker",
          include: ["tests/worker/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          // As for the node project: a test that fetches every feed of every tag took over 5 s on a
          // loaded 2-core machine. The limit only ends a hang.
          testTimeout: 60_000,
          setupFiles: ["tests/worker/d1-schema.ts"],
        },
      },
      {
        // The preview runner (`npm start`): its builds in Node, and the real runner serving a
        // scratch copy of a fixture through wrangler dev while an article breaks and is fixed.
        test: {
          name: "preview",
          include: ["tests/preview/**/*.test.ts"],
          environment: "node",
          // After the other projects, alone: it runs a real preview. Its limits only end a hang;
          // how fast the preview answers is measured by npm run bench:preview.
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 90_000,
        },
      },
      {
        // The real asset router in front of the worker: a scratch build served by wrangler dev,
        // probed over raw HTTP. Last and alone, so its wrangler and workerd leave the other
        // projects' time limits alone.
        test: {
          name: "router",
          include: ["tests/served/**/*.test.ts"],
          environment: "node",
          sequence: { groupOrder: 2 },
          // Its setup waits until wrangler dev serves (up to a minute), not a guess of when it does.
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/browser/serve.ts"],
          // An audit of a page at two widths in two colour schemes took over 20 s beside a
          // 20,000-article build on a 2-core machine. The limits only end a hang.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
