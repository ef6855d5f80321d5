/**
 * The one home of what a scope is, whatever its kind (the site, a tag, a combination
 * of tags, an author): the key that names it in the record packs, feed ids and
 * document caches, the path its URLs live under, and what it is called and how it is
 * described in feeds and pages ("NATO + Russia", "Diplomacy Wire: articles by Ann
 * Lee"). Feeds, pages, the OPML, routes and the query layer ask here rather than
 * asking each kind, so a scope reads the same everywhere.
 */
import type { PackScope } from "./packs";
import type { CombinationMode, FeedScope, NamedScope, SiteConfig } from "./types";

/** What a scope's URLs and key need: a FeedScope, or just the slugs in it (`tagScope`, `authorScope`, `combinationScope`). */
export type ScopeAddress =
  | { kind: "site" }
  | { kind: "tag"; tag: { slug: string } }
  | { kind: "combination"; mode: CombinationMode; tags: readonly { slug: string }[] }
  | { kind: "author"; author: { slug: string } };

/** Articles the page of the site, a tag or an author lists; the rest are in the feeds and archives. */
export const PAGE_SIZE = 50;

export function tagScope(slug: string): ScopeAddress {
  return { kind: "tag", tag: { slug } };
}

export function authorScope(slug: string): ScopeAddress {
  return { kind: "author", author: { slug } };
}

export function combinationScope(mode: CombinationMode, slugs: readonly string[]): ScopeAddress {
  return { kind: "combination", mode, tags: slugs.map((slug) => ({ slug })) };
}

/** How a combination joins its tags in a URL: `/tags/a+b` (all of them), `/tags/a,b` (any of them). */
export const COMBINATION_SEPARATORS: Record<CombinationMode, string> = { all: "+", any: "," };

/** The path segment after `/tags/` of a combination: its slugs joined by the mode's separator. */
export function combinationSegment(mode: CombinationMode, slugs: readonly string[]): string {
  return slugs.join(COMBINATION_SEPARATORS[mode]);
}

/**
 * `site`, `tags/<slug>`, `tags/<a>+<b>` or `authors/<slug>`: the scope's feed id and
 * cache keys, and for all but a combination its packs (a combination has none of its
 * own: its records are read from the site's and its tags' packs).
 */
export function scopeKey(scope: ScopeAddress): PackScope {
  switch (scope.kind) {
    case "site":
      return "site";
    case "tag":
      return `tags/${scope.tag.slug}`;
    case "combination":
      return `tags/${combinationSegment(
        scope.mode,
        scope.tags.map((tag) => tag.slug),
      )}`;
    case "author":
      return `authors/${scope.author.slug}`;
  }
}

/** Where a scope's URLs live: `` for the site, `/tags/<slug>`, `/tags/<a>+<b>`, `/authors/<slug>`. */
export function scopePrefix(scope: ScopeAddress): string {
  return scope.kind === "site" ? "" : `/${scopeKey(scope)}`;
}

/** How a combination's tag names join in its name: "NATO + Russia", "NATO or Ukraine". */
const NAME_JOINERS: Record<CombinationMode, string> = { all: " + ", any: " or " };

/** What people call the scope: the site's title, the tag's or the author's name, the combination's tags. */
export function scopeName(site: SiteConfig, scope: FeedScope): string {
  switch (scope.kind) {
    case "site":
      return site.title;
    case "tag":
      return scope.tag.name;
    case "combination":
      return scope.tags.map((tag) => tag.name).join(NAME_JOINERS[scope.mode]);
    case "author":
      return scope.author.name;
  }
}

/** A feed's title, as a reader lists it beside the site's other feeds. */
export function scopeTitle(site: SiteConfig, scope: FeedScope): string {
  switch (scope.kind) {
    case "site":
      return site.title;
    case "author":
      // "by": a person can be a tag too (articles about Lavrov), and the two feeds must not read alike.
      return `${site.title}: articles by ${scope.author.name}`;
    default:
      return `${site.title}: ${scopeName(site, scope)}`;
  }
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

/** What the publisher wrote about a tag or an author (the tag's description, the author's bio), if anything. */
export function scopeAbout(scope: NamedScope): string | undefined {
  switch (scope.kind) {
    case "tag":
      return scope.tag.description;
    case "author":
      return scope.author.bio;
    case "combination":
      return undefined;
  }
}

/** A feed's description: the site's, the tag's or the author's own, else a sentence saying what it holds. */
export function scopeDescription(site: SiteConfig, scope: FeedScope): string {
  switch (scope.kind) {
    case "site":
      return site.description;
    case "tag":
      return scope.tag.description ?? `Articles about ${scope.tag.name} from ${site.title}.`;
    case "combination":
      return `Articles from ${site.title} tagged ${combinationPhrase(
        scope.mode,
        scope.tags.map((tag) => tag.name),
      )}.`;
    case "author":
      return scope.author.bio ?? `Articles by ${scope.author.name} on ${site.title}.`;
  }
}
