/**
 * The preview's Worker (`npm start`; never deployed). It is the deployed app over the
 * newest build, read from the preview's store (src/preview/store.ts) instead of a
 * bundled index and the assets directory, so a rebuild reaches the page without
 * wrangler bundling again or restarting workerd: each request asks the store which
 * build is current (one loopback request, which also looks for a static file at the
 * path, as the asset layer would first) and, when it changed, makes a new app over it.
 *
 * Only here do drafts and articles scheduled after the build answer at their URL,
 * marked as such, and the home page list them; their records come from the store's
 * memory and are never among the assets. So do the records of articles saved since
 * the build, when a quick look made them (src/preview/quick-look.ts): their pages show
 * the saved text before the build that has it is done. Feeds, the sitemap and the OPML are the
 * deployed app's own, from the same packs a deploy uploads.
 */
import { createApp } from "../app";
import type { AssetsBinding, Env } from "../env";
import { decodeIndex } from "../model/index-codec";
import { decodePackHeader } from "../model/packs";
import type { StoredArticle, UnpublishedNote } from "../model/types";
import { publicOrigin } from "../model/urls";
import { articlePage, unpublishedLabel } from "../pages/pages";
import { heldFiles, privateAssets } from "../providers/private-assets";
import { assetsSource, recordsOf } from "../providers/records";
import {
  GENERATION_HEADER,
  GENERATION_PATH,
  type PreviewStateAnswer,
  REVISED_PATH,
  STATE_PATH,
  UNPUBLISHED_PATH,
} from "./protocol";

interface PreviewEnv extends Pick<Env, "SITE_URL" | "STATS_DB" | "STATS_TOKEN" | "STATS_DAILY_PAIRS"> {
  /** The store's origin (protocol.ts STORE_VARIABLE), set by the preview runner. */
  EDGEFEED_PREVIEW_STORE: string;
}

/** One build, as served. */
interface Served {
  generation: number;
  app: ReturnType<typeof createApp>;
  assets: AssetsBinding;
  unpublished: Map<string, { note: UnpublishedNote; position: number }>;
  /** Articles saved since the build, by slug: their position in the revised records. */
  revised: Map<string, number>;
  /** The unpublished and the revised records, each read when a page first needs one. */
  records: Partial<Record<typeof UNPUBLISHED_PATH | typeof REVISED_PATH, Promise<StoredArticle[]>>>;
}

/** Paths the asset layer never answers in a deploy: the records' (run_worker_first) and the store's own. */
const NOT_FILES = /^\/_(?:records|preview)(?:\/|$)/;
const ARTICLE_PAGE = /^\/articles\/([^/]+)$/;

let served: Promise<Served> | undefined;
let servedGeneration = -1;

function generationOf(response: Response): number {
  return Number(response.headers.get(GENERATION_HEADER) ?? -1);
}

/** The assets binding the app reads its packs and held files through: the store's files. */
function storeAssets(store: string): AssetsBinding {
  return {
    fetch(request) {
      const url = new URL(request.url);
      const headers = new Headers();
      const validator = request.headers.get("If-None-Match");
      if (validator !== null) headers.set("If-None-Match", validator);
      return fetch(`${store}${url.pathname}`, { headers });
    },
  };
}

async function load(store: string): Promise<Served> {
  const response = await fetch(`${store}${STATE_PATH}`);
  if (!response.ok) throw new Error(`the preview's store answered ${response.status}`);
  const state = (await response.json()) as PreviewStateAnswer;
  const assets = privateAssets(storeAssets(store), state.index.storageKey);
  const app = createApp({
    index: decodeIndex(state.index),
    source: assetsSource(assets),
    heldFiles: heldFiles(assets),
    problems: state.problems,
    preview: { warnings: state.warnings, unpublished: state.unpublished },
  });
  const unpublished = new Map(state.unpublished.map((note, position) => [note.slug, { note, position }]));
  const revised = new Map(state.revised.map((slug, position) => [slug, position]));
  return { generation: state.generation, app, assets: storeAssets(store), unpublished, revised, records: {} };
}

/** The build `generation` names, made the one served when it is new. */
function servedAt(store: string, generation: number): Promise<Served> {
  if (!served || generation !== servedGeneration) {
    servedGeneration = generation;
    served = load(store).catch((error: unknown) => {
      served = undefined;
      servedGeneration = -1;
      throw error;
    });
  }
  return served;
}

async function recordAt(
  store: string,
  build: Served,
  path: typeof UNPUBLISHED_PATH | typeof REVISED_PATH,
  position: number,
): Promise<StoredArticle | undefined> {
  build.records[path] ??= fetch(`${store}${path}`).then(async (response) => {
    const bytes = new Uint8Array(await response.arrayBuffer());
    return recordsOf(path, bytes, decodePackHeader(bytes));
  });
  return (await build.records[path])[position];
}

/**
 * The page of an article saved since the build (its saved text), of a draft, or of a
 * scheduled article before its instant (these two marked); undefined for any other path.
 */
async function previewPage(
  store: string,
  build: Served,
  request: Request,
  env: PreviewEnv,
): Promise<Response | undefined> {
  const match = ARTICLE_PAGE.exec(new URL(request.url).pathname)?.[1];
  if (match === undefined) return undefined;
  const slug = decodeURIComponent(match);
  const unpublished = build.unpublished.get(slug);
  const hidden = unpublished && (unpublished.note.status === "draft" || unpublished.note.published > Date.now());
  const revised = build.revised.get(slug);
  if (!hidden && revised === undefined) return undefined;
  const article =
    revised !== undefined
      ? await recordAt(store, build, REVISED_PATH, revised)
      : await recordAt(store, build, UNPUBLISHED_PATH, unpublished?.position ?? -1);
  if (!article) return undefined;
  const origin = publicOrigin(env.SITE_URL, request.url);
  const notice = hidden && unpublished ? unpublishedLabel(unpublished.note) : undefined;
  const html = articlePage(build.app.services.archive, article, origin, notice);
  return new Response(request.method === "HEAD" ? null : html, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "X-Robots-Tag": "noindex" },
  });
}

/** A file the asset layer would serve at this path (static and page-bundle files), and the store's generation. */
async function fileAt(store: string, request: Request): Promise<{ file?: Response; generation: number }> {
  const path = new URL(request.url).pathname;
  if (NOT_FILES.test(path)) {
    return { generation: generationOf(await fetch(`${store}${GENERATION_PATH}`)) };
  }
  const headers = new Headers();
  const validator = request.headers.get("If-None-Match");
  if (validator !== null) headers.set("If-None-Match", validator);
  const response = await fetch(`${store}${path}`, { method: request.method, headers });
  const generation = generationOf(response);
  if (response.status === 404) {
    await response.body?.cancel();
    return { generation };
  }
  const answer = new Headers(response.headers);
  answer.delete(GENERATION_HEADER);
  return { file: new Response(response.body, { status: response.status, headers: answer }), generation };
}

export default {
  async fetch(request: Request, env: PreviewEnv, ctx: ExecutionContext): Promise<Response> {
    const store = env.EDGEFEED_PREVIEW_STORE;
    const method = request.method;
    const reading = method === "GET" || method === "HEAD";
    const { file, generation } = reading ? await fileAt(store, request) : { generation: servedGeneration };
    if (file) return file;
    for (let attempt = 0; ; attempt++) {
      const build = await servedAt(
        store,
        attempt === 0 ? generation : generationOf(await fetch(`${store}${GENERATION_PATH}`)),
      );
      if (reading) {
        const page = await previewPage(store, build, request, env);
        if (page) return page;
      }
      // The subscriber counts' bindings too: npm start counts polls in its local D1 and opens /stats with .dev.vars' token.
      const { SITE_URL = "", STATS_DB, STATS_TOKEN, STATS_DAILY_PAIRS } = env;
      const appEnv: Env = { SITE_URL, ASSETS: build.assets, STATS_DB, STATS_TOKEN, STATS_DAILY_PAIRS };
      const response = await build.app.fetch(request, appEnv, ctx);
      // A build finished while this one's packs were read: answer from the new one instead, once.
      if (response.status !== 503 || attempt > 0) return response;
      const current = generationOf(await fetch(`${store}${GENERATION_PATH}`));
      if (current === build.generation) return response;
    }
  },
} satisfies ExportedHandler<PreviewEnv>;
