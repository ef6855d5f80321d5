/**
 * What a scope is called, in one place: the name pages show ("NATO + Russia"), the
 * feed title ("Diplomacy Wire: NATO + Russia"), the sentence that describes it, and
 * the key feed ids and document caches know it by. Feeds, pages and the OPML all ask
 * here, so a tag or a combination reads the same everywhere.
 */
import type { CombinationMode, FeedScope, SiteConfig } from "./types";
import { scopePagePath } from "./urls";

/** How a combination's tag names join in its name: "NATO + Russia", "NATO or Ukraine". */
const NAME_JOINERS: Record<CombinationMode, string> = { all: " + ", any: " or " };

export function scopeName(site: SiteConfig, scope: FeedScope): string {
  if (scope.kind === "site") return site.title;
  if (scope.kind === "tag") return scope.tag.name;
  return scope.tags.map((tag) => tag.name).join(NAME_JOINERS[scope.mode]);
}

/** A feed's title: the site's, or the site's followed by what the scope is. */
export function scopeTitle(site: SiteConfig, scope: FeedScope): string {
  return scope.kind === "site" ? site.title : `${site.title}: ${scopeName(site, scope)}`;
}

/**
 * The tags of a combination in a sentence: "both A and B", "all of A, B and C", "A or
 * B", "any of A, B or C". The names come as the caller wants them shown (escaped
 * text, or links), so a page and a feed word it alike.
 */
export function combinationPhrase(mode: CombinationMode, names: readonly string[]): string {
  if (names.length < 2) return names[0] ?? "";
  const conjunction = mode === "all" ? "and" : "or";
  const listed = `${names.slice(0, -1).join(", ")} ${conjunction} ${names.at(-1) ?? ""}`;
  if (names.length === 2) return mode === "all" ? `both ${listed}` : listed;
  return `${mode === "all" ? "all" : "any"} of ${listed}`;
}

/** What a scope's feed is about, in one plain-text sentence. */
export function scopeDescription(site: SiteConfig, scope: FeedScope): string {
  if (scope.kind === "site") return site.description;
  if (scope.kind === "tag") return scope.tag.description ?? `Articles about ${scope.tag.name} from ${site.title}.`;
  const names = scope.tags.map((tag) => tag.name);
  return `Articles from ${site.title} tagged ${combinationPhrase(scope.mode, names)}.`;
}

/** The scope as feed ids and cache keys name it: `site`, `tags/<slug>`, `tags/<a>+<b>`. */
export function scopeKey(scope: FeedScope): string {
  return scope.kind === "site" ? "site" : scopePagePath(scope).slice(1);
}
