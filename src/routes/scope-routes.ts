/**
 * How every URL of a tag or an author (page, subscribe page, feeds, archive pages)
 * answers the lookup of the name in it: serve the scope, 301 to its canonical
 * spelling (another case, an alias, a merged tag), 410 Gone for a retired tag, 404 for
 * anything else (an author with nothing visible yet is unknown). One place, so a
 * tag's lifecycle and an author's public life read the same on every route.
 */
import type { ScopeAddress } from "../model/scope";
import { authorScope, tagScope } from "../model/scope";
import type { NamedScope, RetiredTag } from "../model/types";
import { gonePage, notFoundPage } from "../pages/pages";
import type { Archive } from "../query/archive";
import { type AppContext, CORS_HEADERS, notFound, PAGE_HEADERS, permanentRedirect, type Services } from "./context";

/** A retired tag stays gone; readers that poll it are told once an hour at most. */
const GONE_CACHE_CONTROL = "public, max-age=3600";

/** A name in a URL, looked up: the scope; another spelling of it (`merged`: of a tag merged into it); retired; or unknown. */
export type ScopeLookup =
  | { kind: "found"; scope: NamedScope }
  | { kind: "redirect"; slug: string; merged: boolean }
  | { kind: "gone"; tag: RetiredTag }
  | { kind: "missing" };

/** A kind of scope that URLs name (`/tags/<tag>`, `/authors/<author>`), and how its names are looked up. */
export interface NamedScopes {
  /** Where its URLs start: `/tags`, `/authors`. */
  base: string;
  find(archive: Archive, spelling: string, now: number): ScopeLookup;
  address(slug: string): ScopeAddress;
  /** Said in the 404 for an unknown name, on its pages and on its feeds. */
  noSuchPage: string;
  noSuchFeed: string;
}

export const TAG_SCOPES: NamedScopes = {
  base: "/tags",
  find(archive, spelling, now) {
    const found = archive.findTag(spelling, now);
    return found.kind === "found" ? { kind: "found", scope: { kind: "tag", tag: found.tag } } : found;
  },
  address: tagScope,
  noSuchPage: "There is no such tag. The tag index lists every tag.",
  noSuchFeed: "There is no such feed. The tag index lists every tag and its feeds.",
};

export const AUTHOR_SCOPES: NamedScopes = {
  base: "/authors",
  find(archive, spelling, now) {
    const found = archive.findAuthor(spelling, now);
    if (found.kind === "found") return { kind: "found", scope: { kind: "author", author: found.author } };
    return found.kind === "redirect" ? { ...found, merged: false } : found;
  },
  address: authorScope,
  noSuchPage: "There is no such author. The author index lists everyone who writes here.",
  noSuchFeed: "There is no such feed. The author index lists every author and their feeds.",
};

export const NAMED_SCOPES = [TAG_SCOPES, AUTHOR_SCOPES];

export interface ScopeRoute {
  /** The canonical path for a scope. `merged` is true when the URL named a tag merged into it. */
  canonicalPath(address: ScopeAddress, merged: boolean): string;
  serve(scope: NamedScope): Response | Promise<Response>;
  /** Said in the 404 for an unknown name. */
  missing: string;
}

/** Answers a URL whose `:name` names a scope of `kind`. */
export function serveNamedScope(
  c: AppContext,
  services: Services,
  kind: NamedScopes,
  route: ScopeRoute,
): Response | Promise<Response> {
  const { archive } = services;
  const origin = c.get("origin");
  const found = kind.find(archive, c.req.param("name") ?? "", c.get("now"));
  switch (found.kind) {
    case "found":
      return route.serve(found.scope);
    case "redirect":
      return permanentRedirect(c, route.canonicalPath(kind.address(found.slug), found.merged));
    case "gone":
      // CORS too: a browser-based reader must be able to read the 410 and stop polling.
      return c.body(gonePage(archive, origin, found.tag), 410, {
        ...PAGE_HEADERS,
        ...CORS_HEADERS,
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": GONE_CACHE_CONTROL,
      });
    case "missing":
      return notFound(c, notFoundPage(archive, origin, route.missing));
  }
}
