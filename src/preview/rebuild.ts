/**
 * One preview build, and what the terminal hears of it. A good build replaces what
 * the preview serves: its index, its warnings, and what is not public yet (drafts and
 * scheduled articles, whose records stay in memory and are never written among the
 * assets) go to the preview's store. A build with errors replaces nothing: the last
 * good build stays (or, when there has never been one, the one an earlier run left, or
 * an empty site, so the preview still answers), and the errors go with it, which every
 * page then shows; so does the problems module beside the index. The terminal gets each
 * diagnostic once, one line each, then one line that says what is being served.
 */
import { readFile, stat } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { type BuildRunner, inProcessRunner, type PreviewBuild } from "./build-runner";
import { type Diagnostic, formatDiagnostic } from "../compiler/diagnostics";
import { problemsModulePath, writeAssets, writeIndexModule, writeProblemsModule } from "../compiler/emit/emit";
import { defaultThreads } from "../compiler/pipeline/pool";
import { encodeIndex } from "../model/index-codec";
import { decodePackHeader, encodePack } from "../model/packs";
import { articlePath } from "../model/urls";
import type { ArticleLookups } from "../compiler/pipeline/compile";
import { quickLook, type Revision } from "./quick-look";
import type { BuildProblem, ContentBundle, EncodedIndex, UnpublishedNote } from "../model/types";
import type { PreviewState } from "../preview-worker/protocol";
import type { Progress } from "../compiler/progress";
import { counted } from "../text/count";
import { toLocalClock } from "../text/dates";

export interface PreviewTarget {
  contentDir: string;
  /** How the terminal names the content directory, e.g. `content`. */
  contentLabel: string;
  /** The index module the Worker imports; the problems module is beside it. */
  moduleOut: string;
  assetsDir: string;
  /** The incremental build cache (see compiler/cache/file-cache.ts), shared with `npm run build`. */
  cacheDir?: string;
}

/** The project root, whose compiler sources fingerprint the build cache. */
const PROJECT_ROOT = resolve(import.meta.dirname, "../..");

export interface Terminal {
  log(line: string): void;
  error(line: string): void;
}

/** What the preview serves before content/ has ever built: a site with nothing in it yet. */
export const PLACEHOLDER_SITE: ContentBundle = {
  site: {
    title: "Edgefeed preview",
    description: "Nothing has been built yet: content/ has errors.",
    language: "en",
    domain: "preview.invalid",
    established: "2026-01-01",
    authors: [],
    copyright: "",
    feedSize: 20,
    feedContent: "full",
  },
  articles: [],
  tags: [],
  tagLookup: {},
  retired: [],
  merged: {},
  authors: [],
  authorLookup: {},
};

export function toBuildProblems(
  diagnostics: readonly Diagnostic[],
  severity: Diagnostic["severity"] = "error",
): BuildProblem[] {
  return diagnostics
    .filter((d) => d.severity === severity)
    .map(({ file, field, message, line }) =>
      line === undefined ? { file, field, message } : { file, field, message, line },
    );
}

/** The line after a failed build: how many errors, and what the preview serves meanwhile. */
export function stillServingLine(errors: number, servedSince: number | undefined, contentLabel: string): string {
  const serving =
    servedSince === undefined
      ? "nothing has built yet, so the preview serves an empty site"
      : `still serving the build of ${toLocalClock(servedSince)}`;
  return `edgefeed: ${counted(errors, "error")} in ${contentLabel}/: ${serving}; fix ${errors === 1 ? "it" : "them"} and save`;
}

/** The line after a good build; `fixed` when the build before it had errors. */
export function upToDateLine(summary: string, builtAt: number, fixed: boolean): string {
  return `edgefeed: ${fixed ? "fixed: " : ""}the preview is up to date (build of ${toLocalClock(builtAt)}): ${summary}`;
}

async function modifiedAt(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** What the preview serves is handed over here: the store, in the runner. */
export type Publish = (state: PreviewState, packs?: { unpublished?: Uint8Array; revised?: Uint8Array }) => void;

/** An article saved since the build served, as a quick look made it. */
interface Revised extends Revision {
  /** The file's modification time when it was read: a build started after it has the same text. */
  savedAt: number;
}

/** The index of a generated index module (emit.ts writes it as one JSON literal), or undefined. */
export async function readIndexModule(path: string): Promise<EncodedIndex | undefined> {
  const text = await readFile(path, "utf8").catch(() => "");
  const literal = /^export const \w+: \w+ = (.*);$/m.exec(text)?.[1];
  if (!literal) return undefined;
  try {
    return JSON.parse(literal) as EncodedIndex;
  } catch {
    return undefined;
  }
}

/** Each unpublished article as the pages name it: its title, read from its record in the pack. */
export function unpublishedNotes(
  unpublished: NonNullable<PreviewBuild["unpublished"]>,
  pack: Uint8Array | undefined,
): UnpublishedNote[] {
  const records = pack ? (decodePackHeader(pack).records as { title?: string }[]) : [];
  return unpublished.map(({ slug, status, published, when }, i) => ({
    slug,
    title: records[i]?.title ?? slug,
    status,
    published,
    when,
  }));
}

export class PreviewBuilder {
  /** When the build being served was made; undefined while nothing has built (the placeholder is served). */
  #servedSince: number | undefined;
  #failing = false;
  /** What the store serves now, kept for a build with errors to serve again with them. */
  #served: Omit<PreviewState, "problems" | "revised"> | undefined;
  /** What the last good build decided about each article file: what a quick look needs. */
  #lookups: ArticleLookups | undefined;
  /** Articles saved since the served build, by slug. */
  readonly #revised = new Map<string, Revised>();

  private constructor(
    private readonly target: PreviewTarget,
    private readonly terminal: Terminal,
    private readonly publish: Publish,
    private readonly progress: Progress | undefined,
    private readonly runBuild: BuildRunner,
  ) {}

  /** A builder that knows whether an earlier run (or `npm run build`) left a build to serve. */
  static async open(
    target: PreviewTarget,
    terminal: Terminal = console,
    publish: Publish = () => {},
    progress?: Progress,
    runBuild: BuildRunner = inProcessRunner,
  ): Promise<PreviewBuilder> {
    const builder = new PreviewBuilder(target, terminal, publish, progress, runBuild);
    builder.#servedSince = await modifiedAt(target.moduleOut);
    return builder;
  }

  /** Builds content/ once; true when the build is good. */
  async rebuild(): Promise<boolean> {
    const { target, terminal } = this;
    const now = Date.now();
    const result = await this.runBuild(
      {
        contentDir: target.contentDir,
        moduleOut: target.moduleOut,
        assetsDir: target.assetsDir,
        now,
        threads: defaultThreads(),
        keepUnpublished: true,
        ...(target.cacheDir ? { cacheDir: target.cacheDir, root: PROJECT_ROOT } : {}),
      },
      this.progress,
    );
    for (const diagnostic of result.diagnostics) terminal.error(formatDiagnostic(diagnostic));
    if (result.index) {
      this.#served = {
        index: result.index,
        warnings: toBuildProblems(result.diagnostics, "warning"),
        unpublished: unpublishedNotes(result.unpublished ?? [], result.unpublishedPack),
      };
      this.#lookups = result.lookups;
      // What was saved before this build started, it has read.
      for (const [slug, revised] of this.#revised) if (revised.savedAt <= now) this.#revised.delete(slug);
      this.publish(
        { ...this.#served, problems: [], revised: [...this.#revised.keys()] },
        { unpublished: result.unpublishedPack ?? new Uint8Array(), revised: this.#revisedPack() },
      );
      terminal.log(upToDateLine(result.summary ?? "", now, this.#failing));
      this.#servedSince = now;
      this.#failing = false;
      return true;
    }
    const problems = toBuildProblems(result.diagnostics);
    if ((await modifiedAt(target.moduleOut)) === undefined) await this.#writePlaceholder();
    await writeProblemsModule(problemsModulePath(target.moduleOut), problems);
    this.#served ??= {
      index: (await readIndexModule(target.moduleOut)) ?? encodeIndex(PLACEHOLDER_SITE),
      warnings: [],
      unpublished: [],
    };
    // The pages show the last good build as it was, with the errors.
    this.#revised.clear();
    this.publish({ ...this.#served, problems, revised: [] });
    terminal.error(stillServingLine(problems.length, this.#servedSince, target.contentLabel));
    this.#failing = true;
    return false;
  }

  /**
   * Shows saved article files on their pages at once when a quick look can
   * (src/preview/quick-look.ts), ahead of the build that follows; true when it did.
   * `paths` are relative to the content directory.
   */
  async quickLook(paths: readonly string[]): Promise<boolean> {
    const { target, terminal } = this;
    if (!this.#served || !this.#lookups || this.#failing) return false;
    const files = paths.map((path) => path.split(sep).join("/"));
    const savedAt = await Promise.all(files.map((file) => modifiedAt(join(target.contentDir, file))));
    const revisions = await quickLook(target.contentDir, files, this.#lookups);
    if (!revisions) return false;
    revisions.forEach((revision, i) => this.#revised.set(revision.slug, { ...revision, savedAt: savedAt[i] ?? 0 }));
    this.publish(
      { ...this.#served, problems: [], revised: [...this.#revised.keys()] },
      { revised: this.#revisedPack() },
    );
    const pages = revisions.map(({ slug }) => articlePath(slug)).join(", ");
    terminal.log(
      `edgefeed: ${pages} show${revisions.length === 1 ? "s" : ""} your edit; the feeds and lists follow with the build`,
    );
    return true;
  }

  #revisedPack(): Uint8Array {
    return Buffer.concat(encodePack([...this.#revised.values()].map(({ record }) => record)));
  }

  /** An empty but valid build, so that wrangler dev has an index to serve and the banner a page to appear on. */
  async #writePlaceholder(): Promise<void> {
    // No articles, no tags: no record packs.
    await writeAssets(this.target.assetsDir, []);
    await writeIndexModule(this.target.moduleOut, encodeIndex(PLACEHOLDER_SITE));
  }
}
