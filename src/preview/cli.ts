/**
 * `npm start` / `npm run dev`: the local preview. Starts `wrangler dev` with the
 * preview's own Worker (src/preview-worker/entry.ts, given wrangler.toml without its
 * `[build]` hook, so wrangler never builds) while it builds content/ once (on a thread
 * of its own, see build-runner.ts), showing the build's progress; then rebuilds by itself when content/ changes: one build per save,
 * each error and warning printed once, every page showing the errors while there are
 * any, over the last good build. A build reaches the Worker through the preview's
 * store (src/preview/store.ts), so wrangler never reloads for one; a saved article
 * shows on its page before the build is done when a quick look can show it
 * (src/preview/quick-look.ts). Arguments it does
 * not know go to wrangler dev (`npm start -- --port 9000`). Signals go to wrangler,
 * which stops what it started; the exit status is wrangler's.
 */
import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { constants } from "node:os";
import { dirname, join, resolve } from "node:path";
import { streamProgress } from "../compiler/progress";
import { splitArguments } from "./arguments";
import { threadRunner } from "./build-runner";
import { PreviewBuilder } from "./rebuild";
import { applyLocalMigrations, localDevArguments } from "./local-d1";
import { PreviewStore } from "./store";
import { QUIET_MS, RebuildScheduler, TreeWatcher } from "./watch";
import { writeDevConfig } from "./wrangler-config";

const ROOT = resolve(import.meta.dirname, "../..");
const FORWARDED_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

async function main(): Promise<void> {
  const { options, wranglerArgs } = splitArguments(process.argv.slice(2));
  const contentDir = resolve(options.content);
  if (!(await stat(contentDir).catch(() => undefined))?.isDirectory()) {
    throw new Error(`there is no content directory at ${contentDir}`);
  }
  const assetsDir = resolve(options.assets);
  const store = await PreviewStore.open(assetsDir);
  const builds = threadRunner();
  const builder = await PreviewBuilder.open(
    {
      contentDir,
      contentLabel: options.content.replace(/\/+$/, "") || "/",
      moduleOut: resolve(options.out),
      assetsDir,
      // Beside the assets, like `npm run build`'s: .edgefeed/cache for .edgefeed/public.
      cacheDir: join(dirname(assetsDir), "cache"),
    },
    console,
    (state, packs) => store.publish(state, packs),
    streamProgress(process.stderr),
    builds.run,
  );
  const config = await writeDevConfig(join(dirname(assetsDir), "wrangler.preview.json"), {
    root: ROOT,
    store: store.url,
  });

  // Subscriber counts: the local database brought up to the schema before anything polls.
  await applyLocalMigrations(ROOT, config);
  const local = await localDevArguments(ROOT);
  console.error(
    `edgefeed: subscriber counts at /stats and /stats.json with the STATS_TOKEN ${
      local.token.source === "environment" ? "of the environment" : `in ${join(ROOT, ".dev.vars")}`
    }${local.token.source === "new .dev.vars" ? " (made just now)" : ""}; or run npm run stats`,
  );
  // wrangler dev starts while the first build runs; the store holds its first requests until the build is served.
  const wrangler = spawn(
    join(ROOT, "node_modules/.bin/wrangler"),
    ["dev", "--config", config, ...local.args, ...wranglerArgs],
    {
      cwd: ROOT,
      stdio: "inherit",
      // No network and no account: Cloudflare's request metadata and wrangler's metrics stay off.
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
    },
  );
  for (const signal of FORWARDED_SIGNALS) {
    process.on(signal, () => {
      if (wrangler.exitCode === null && wrangler.signalCode === null) wrangler.kill(signal);
    });
  }
  const scheduler = new RebuildScheduler(
    async () => {
      await builder.rebuild();
    },
    QUIET_MS,
    async (paths) => {
      await builder.quickLook(paths);
    },
  );
  let watcher: TreeWatcher | undefined;
  // The exit code is set, never forced with process.exit(): output still queued for a pipe
  // would be lost. Closing the watcher, the scheduler and the store lets the process end by itself.
  const stop = (exitCode: number) => {
    watcher?.close();
    void scheduler
      .close()
      .then(() => Promise.all([store.close(), builds.close()]))
      .then(() => {
        process.exitCode = exitCode;
      });
  };
  wrangler.on("error", (error) => {
    console.error("edgefeed: cannot start wrangler dev:", error.message);
    stop(1);
  });
  wrangler.on("exit", (code, signal) => stop(code ?? 128 + (signal ? constants.signals[signal] : 0)));

  // Good or not, there is then a build to serve: the new one, the last good one, or an empty site.
  await builder.rebuild();
  if (wrangler.exitCode === null && wrangler.signalCode === null) {
    watcher = new TreeWatcher(contentDir, (path) => scheduler.changed(path));
  }
}

main().catch((error: unknown) => {
  console.error("edgefeed: the preview could not start:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
