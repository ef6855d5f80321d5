/**
 * What the preview's store (src/preview/store.ts, in Node) and the preview's Worker
 * (entry.ts beside this file, in workerd) say to each other over loopback HTTP: the
 * paths of the store's own answers, the header that names the build an answer belongs
 * to, and the shape of the state.
 */
import type { BuildProblem, EncodedIndex, UnpublishedNote } from "../model/types";

/** On every answer of the store: the generation of the build it belongs to. */
export const GENERATION_HEADER = "x-edgefeed-generation";
/** The current state (PreviewStateAnswer), as JSON. */
export const STATE_PATH = "/_preview/state";
/** Nothing but the generation header: a cheap "which build is current?". */
export const GENERATION_PATH = "/_preview/generation";
/** The records of the unpublished articles, one pack in the order of the state's `unpublished`. */
export const UNPUBLISHED_PATH = "/_preview/unpublished";
/** The records of the articles a quick look revised, one pack in the order of the state's `revised`. */
export const REVISED_PATH = "/_preview/revised";
/** The Worker's variable that holds the store's origin (`http://127.0.0.1:<port>`). */
export const STORE_VARIABLE = "EDGEFEED_PREVIEW_STORE";

/** What the Worker serves, as of one build. */
export interface PreviewState {
  index: EncodedIndex;
  /** Errors of the newest content, which did not build (the index is then the last good build's). */
  problems: BuildProblem[];
  /** Warnings of the build served. */
  warnings: BuildProblem[];
  unpublished: UnpublishedNote[];
  /**
   * Slugs of articles saved since the build was made, whose pages show the saved text
   * (src/preview/quick-look.ts) until a build that has it is served.
   */
  revised: string[];
}

export interface PreviewStateAnswer extends PreviewState {
  generation: number;
}
