/**
 * Where one scale-benchmark run keeps its files: all under `.edgefeed/bench/` (git-ignored),
 * inside the repository so the throwaway deploy directory resolves `node_modules` from
 * it. Nothing the project itself builds (src/generated, .edgefeed/public) is touched.
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface BenchLayout {
  repo: string;
  /** The run's directory; removed at the end unless kept. */
  root: string;
  /** The synthetic archive as Edgefeed content (the build's `--content`). */
  content: string;
  /** The same archive as a Hugo site. */
  hugo: string;
  /** The build's working directory: a cache the build keeps under `./.edgefeed/` lands here. */
  buildCwd: string;
  /** The throwaway deploy project: a copy of src/ and a wrangler.toml. */
  deploy: string;
  /** The build's `--out`: the index module inside the deploy copy of src/. */
  indexModule: string;
  /** The build's `--assets`: the record packs, the deploy's assets directory. */
  assets: string;
  /** `wrangler deploy --dry-run --outdir`: the bundle Miniflare runs. */
  dryRun: string;
  /** `wrangler check startup --outfile`. */
  startupProfile: string;
}

export const REPO = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** `name` keeps one benchmark's runs apart from another's. */
export function benchLayout(articles: number, name = "run"): BenchLayout {
  const root = join(REPO, ".edgefeed", "bench", `${name}-${articles}`);
  const deploy = join(root, "deploy");
  return {
    repo: REPO,
    root,
    content: join(root, "archive", "edgefeed"),
    hugo: join(root, "archive", "hugo"),
    buildCwd: join(root, "build"),
    deploy,
    indexModule: join(deploy, "src", "generated", "content.ts"),
    assets: join(root, "public"),
    dryRun: join(root, "dry-run"),
    startupProfile: join(root, "startup.cpuprofile"),
  };
}
