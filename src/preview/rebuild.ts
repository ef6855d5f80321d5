/**
 * One preview build, and what the terminal hears of it. A good build replaces what
 * the preview serves. A build with errors replaces nothing: the last good build stays
 * (or, when there has never been one, an empty site, so the preview still answers),
 * and the problems module beside the index gets the errors, which every page then
 * shows. The terminal gets each diagnostic once, one line each, then one line that
 * says what is being served.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { build } from "../compiler/pipeline/build";
import { type Diagnostic, formatDiagnostic } from "../compiler/diagnostics";
import { problemsModulePath, writeAssets, writeIndexModule, writeProblemsModule } from "../compiler/emit/emit";
import { defaultThreads } from "../compiler/pipeline/pool";
import { buildSummary } from "../compiler/commands/summary";
import { encodeIndex } from "../model/index-codec";
import type { BuildProblem, ContentBundle } from "../model/types";
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

export function toBuildProblems(diagnostics: readonly Diagnostic[]): BuildProblem[] {
  return diagnostics
    .filter((d) => d.severity === "error")
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

export class PreviewBuilder {
  /** When the build being served was made; undefined while nothing has built (the placeholder is served). */
  #servedSince: number | undefined;
  #failing = false;

  private constructor(
    private readonly target: PreviewTarget,
    private readonly terminal: Terminal,
  ) {}

  /** A builder that knows whether an earlier run (or `npm run build`) left a build to serve. */
  static async open(target: PreviewTarget, terminal: Terminal = console): Promise<PreviewBuilder> {
    const builder = new PreviewBuilder(target, terminal);
    builder.#servedSince = await modifiedAt(target.moduleOut);
    return builder;
  }

  /** Builds content/ once; true when the build is good. */
  async rebuild(): Promise<boolean> {
    const { target, terminal } = this;
    const now = Date.now();
    const result = await build({
      contentDir: target.contentDir,
      moduleOut: target.moduleOut,
      assetsDir: target.assetsDir,
      now,
      threads: defaultThreads(),
      ...(target.cacheDir ? { cacheDir: target.cacheDir, root: PROJECT_ROOT } : {}),
    });
    for (const diagnostic of result.diagnostics) terminal.error(formatDiagnostic(diagnostic));
    if (result.content) {
      terminal.log(upToDateLine(buildSummary(result.content, result, now), now, this.#failing));
      this.#servedSince = now;
      this.#failing = false;
      return true;
    }
    const problems = toBuildProblems(result.diagnostics);
    if ((await modifiedAt(target.moduleOut)) === undefined) await this.#writePlaceholder();
    await writeProblemsModule(problemsModulePath(target.moduleOut), problems);
    terminal.error(stillServingLine(problems.length, this.#servedSince, target.contentLabel));
    this.#failing = true;
    return false;
  }

  /** An empty but valid build, so that wrangler dev has an index to serve and the banner a page to appear on. */
  async #writePlaceholder(): Promise<void> {
    // No articles, no tags: no record packs.
    await writeAssets(this.target.assetsDir, []);
    await writeIndexModule(this.target.moduleOut, encodeIndex(PLACEHOLDER_SITE));
  }
}
