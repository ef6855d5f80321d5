// Three test projects: the compiler and pure units in Node; the worker inside workerd through
// Cloudflare's Vitest integration (the same runtime `wrangler dev` and production use); and the
// pages in headless Chromium against the worker served by `wrangler dev`.
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
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
        },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
        test: {
          name: "worker",
          include: ["tests/worker/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
        },
      },
      {
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/browser/serve.ts"],
          testTimeout: 20_000,
          hookTimeout: 40_000,
        },
      },
    ],
  },
});
