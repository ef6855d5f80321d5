/**
 * How long a reader may keep a subscription feed before polling again, from the
 * scope's own publishing cadence: half the mean gap between its newest ten visible
 * articles, clamped to 15 minutes – 6 hours, in whole minutes. RSS `<ttl>` says the
 * cadence, so the document (and its ETag) changes only with its items. Its
 * `Cache-Control: max-age` never reaches past the next scheduled article of the scope:
 * as that instant nears, it is halved step by step (at most half of what is left, in
 * powers of two minutes), down to 0 in the last two minutes. Each step starts at a
 * fixed instant, so every isolate answers alike; docs/http.md states the rule.
 */
import type { CombinationScope, FeedScope } from "../model/types";
import { scopeKey } from "../model/scope";
import type { Archive, ScopeView } from "./archive";
import { indexOfSorted } from "./postings";

const MINUTE = 60_000;
export const MIN_POLL_MINUTES = 15;
export const MAX_POLL_MINUTES = 360;
/** Articles whose gaps make the cadence. */
const CADENCE_ARTICLES = 10;

export interface PollingTime {
  /** The scope's cadence in minutes: the RSS `<ttl>`, which changes only with the feed's items. */
  cadence: number;
  /** Minutes a reader may wait now: `max-age`, the cadence or less before a scheduled article. */
  minutes: number;
  /** Until when (epoch ms) this answer holds; then the next step (or Infinity when nothing of the scope is scheduled). */
  until: number;
}

/** The cadence in minutes of articles published at `instants` (newest first), clamped. */
export function cadenceMinutes(instants: readonly number[]): number {
  const newest = instants[0];
  const oldest = instants.at(-1);
  if (instants.length < 2 || newest === undefined || oldest === undefined) return MAX_POLL_MINUTES;
  const gap = (newest - oldest) / (instants.length - 1);
  return Math.min(MAX_POLL_MINUTES, Math.max(MIN_POLL_MINUTES, Math.floor(gap / 2 / MINUTE)));
}

/**
 * The polling time at `now` of a scope whose cadence is `cadence` minutes and whose next
 * scheduled article appears at `next` (Infinity when none is scheduled).
 */
export function pollingTime(cadence: number, next: number, now: number): PollingTime {
  const left = (next - now) / MINUTE;
  if (left >= 2 * cadence) return { cadence, minutes: cadence, until: next - 2 * cadence * MINUTE };
  if (left < 2) return { cadence, minutes: 0, until: next };
  // The largest power of two minutes that is at most half of what is left; it holds until less than twice it is left.
  const minutes = 2 ** Math.floor(Math.log2(left / 2));
  return { cadence, minutes, until: next - 2 * minutes * MINUTE };
}

/**
 * Remembers each scope's cadence per version (its visible count), so a request reads
 * at most ten instants once per new article, and each scope's next scheduled instant.
 */
export class PollingTimes {
  private readonly cadences = new Map<string, { count: number; minutes: number }>();

  constructor(private readonly archive: Archive) {}

  of(view: ScopeView, now: number): PollingTime {
    const key = scopeKey(view.scope);
    let known = this.cadences.get(key);
    if (known?.count !== view.count) {
      const { published } = this.archive.index;
      const instants = view.newestOrdinals(CADENCE_ARTICLES).map((ordinal) => published.at(ordinal) ?? 0);
      known = { count: view.count, minutes: cadenceMinutes(instants) };
      // Bounded: combinations are without number.
      if (this.cadences.size >= 4096) this.cadences.clear();
      this.cadences.set(key, known);
    }
    return pollingTime(known.minutes, this.nextScheduled(view.scope, now), now);
  }

  /** When the next article of `scope` still scheduled at `now` appears; Infinity when none is. */
  nextScheduled(scope: FeedScope, now: number): number {
    const { archive } = this;
    const { published } = archive.index;
    const first = archive.firstVisible(now);
    if (first === 0) return Infinity;
    if (scope.kind === "site") return published.at(first - 1) ?? Infinity;
    if (scope.kind === "combination") return this.nextOfCombination(scope, first);
    // Scheduled ordinals are ascending and the hidden ones come first: the last hidden one appears next.
    const hidden = archive.scheduledOf(scope, first);
    const next = hidden.at(-1);
    return next === undefined ? Infinity : (published.at(next) ?? Infinity);
  }

  private nextOfCombination(scope: CombinationScope, first: number): number {
    const { published } = this.archive.index;
    const hidden = scope.tags.map((tag) => this.archive.scheduledOf({ kind: "tag", tag }, first));
    if (scope.mode === "any") {
      const nexts = hidden.map((ordinals) => ordinals.at(-1)).filter((ordinal) => ordinal !== undefined);
      return nexts.length === 0 ? Infinity : (published.at(Math.max(...nexts)) ?? Infinity);
    }
    // The next article carrying every tag: the newest-ordinal hidden one the other tags hold too.
    const [own = [], ...others] = hidden;
    for (let i = own.length - 1; i >= 0; i--) {
      const ordinal = own[i] ?? -1;
      if (others.every((ordinals) => indexOfSorted(ordinals, ordinal) >= 0)) return published.at(ordinal) ?? Infinity;
    }
    return Infinity;
  }
}
