/**
 * The one home of what a scope is, whatever its kind (the site, a tag, an author):
 * the key that names it in the record packs and in its feed id, the path its URLs
 * live under, and what it is called and how it is described in feeds and pages.
 * Feeds, pages, routes and the query layer ask here rather than asking each kind.
 */
import type { PackScope } from "./packs";
import type { FeedScope, NamedScope, SiteConfig } from "./types";

/** What a scope's URLs and key need: a FeedScope, or just a slug (`tagScope`, `authorScope`). */
export type ScopeAddress =
  { kind: "site" } | { kind: "tag"; tag: { slug: string } } | { kind: "author"; author: { slug: string } };

export function tagScope(slug: string): ScopeAddress {
  return { kind: "tag", tag: { slug } };
}

export function authorScope(slug: string): ScopeAddress {
  return { kind: "author", author: { slug } };
}

/** `site`, `tags/<slug>` or `authors/<slug>`: the scope's packs, its feed id and its cache keys. */
export function scopeKey(scope: ScopeAddress): PackScope {
  switch (scope.kind) {
    case "site":
      return "site";
    case "tag":
      return `tags/${scope.tag.slug}`;
    case "author":
      return `authors/${scope.author.slug}`;
  }
}

/** Where a scope's URLs live: `` for the site, `/tags/<slug>`, `/authors/<slug>`. */
export function scopePrefix(scope: ScopeAddress): string {
  return scope.kind === "site" ? "" : `/${scopeKey(scope)}`;
}

/** What people call the scope: the site's title, the tag's or the author's name. */
export function scopeName(site: SiteConfig, scope: FeedScope): string {
  switch (scope.kind) {
    case "site":
      return site.title;
    case "tag":
      return scope.tag.name;
    case "author":
      return scope.author.name;
  }
}

/** A feed's title, as a reader lists it beside the site's other feeds. */
export function scopeTitle(site: SiteConfig, scope: FeedScope): string {
  switch (scope.kind) {
    case "site":
      return site.title;
    case "tag":
      return `${site.title}: ${scope.tag.name}`;
    case "author":
      // "by": a person can be a tag too (articles about Lavrov), and the two feeds must not read alike.
      return `${site.title}: articles by ${scope.author.name}`;
  }
}

/** What the publisher wrote about a tag or an author (the tag's description, the author's bio), if anything. */
export function scopeAbout(scope: NamedScope): string | undefined {
  return scope.kind === "tag" ? scope.tag.description : scope.author.bio;
}

/** A feed's description: the site's, the tag's or the author's own, else a sentence saying what it holds. */
export function scopeDescription(site: SiteConfig, scope: FeedScope): string {
  switch (scope.kind) {
    case "site":
      return site.description;
    case "tag":
      return scope.tag.description ?? `Articles about ${scope.tag.name} from ${site.title}.`;
    case "author":
      return scope.author.bio ?? `Articles by ${scope.author.name} on ${site.title}.`;
  }
}
