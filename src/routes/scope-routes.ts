/**
 * How every URL of a tag, a tag combination or an author (page, subscribe page,
 * feeds, archive pages) answers what the segment after `/tags/` or `/authors/` names:
 * serve the scope, 301 to its canonical spelling (another case, an alias, a merged
 * tag, another order), 410 Gone for a retired tag, 404 for anything unknown (an
 * author with nothing visible yet is unknown), 400 for a malformed combination. One
 * place, so a tag's lifecycle and an author's public life read the same on every
 * route; the combine form of the tag index lands through it too.
 */
import { authorScope, type ScopeAddress } from "../model/scope";
import type { NamedScope } from "../model/types";
import { scopePagePath } from "../model/urls";
import { gonePage, invalidCombinationPage, notFoundPage } from "../pages/pages";
import type { Archive } from "../query/archive";
import { resolveTagAddress, type TagAddressLookup } from "../query/tag-address";
import {
  type AppContext,
  CORS_HEADERS,
  errorPage,
  PAGE_CACHE_CONTROL,
  permanentRedirect,
  type Services,
} from "./context";

/** A retired tag stays gone; readers that poll it are told once an hour at most. */
const GONE_CACHE_CONTROL = "public, max-age=3600";

/**
 * A segment looked up: the scope with its canonical `segment` (which the URL must use
 * to be served); another spelling of it (`merged`: a tag in it was merged into
 * another); retired; unknown; or a malformed combination.
 */
export type ScopeLookup =
  { kind: "found"; scope: NamedScope; segment: string } | Exclude<TagAddressLookup, { kind: "found" }>;

/** A kind of scope that URLs name (`/tags/<…>`, `/authors/<author>`), and how its segments are looked up. */
export interface NamedScopes {
  /** Where its URLs start: `/tags`, `/authors`. */
  base: string;
  find(archive: Archive, segment: string, now: number): ScopeLookup;
  /** Said in the 404 for an unknown name, on its pages and on its feeds. */
  noSuchPage: string;
  noSuchFeed: string;
}

export const TAG_SCOPES: NamedScopes = {
  base: "/tags",
  find: resolveTagAddress,
  noSuchPage: "There is no such tag. The tag index lists every tag.",
  noSuchFeed: "There is no such feed. The tag index lists every tag and its feeds.",
};

export const AUTHOR_SCOPES: NamedScopes = {
  base: "/authors",
  find(archive, segment, now) {
    const found = archive.findAuthor(segment, now);
    switch (found.kind) {
      case "found":
        return { kind: "found", scope: { kind: "author", author: found.author }, segment: found.author.slug };
      case "redirect":
        return { kind: "redirect", address: authorScope(found.slug), merged: false };
      case "missing":
        return found;
    }
  },
  noSuchPage: "There is no such author. The author index lists everyone who writes here.",
  noSuchFeed: "There is no such feed. The author index lists every author and their feeds.",
};

export const NAMED_SCOPES = [TAG_SCOPES, AUTHOR_SCOPES];

export interface ScopeRoute {
  /** The canonical path for an address. `merged` is true when the URL named a tag merged into another. */
  canonicalPath(address: ScopeAddress, merged: boolean): string;
  serve(scope: NamedScope): Response | Promise<Response>;
  /** Said in the 404 for an unknown name. */
  missing: string;
}

/** The segment after `/tags/` or `/authors/` as the request spelled it, percent-escapes and all. */
function rawSegment(c: AppContext): string {
  return new URL(c.req.url).pathname.split("/")[2] ?? "";
}

/** Answers a URL whose `:name` names a scope of `kind`. */
export function serveNamedScope(
  c: AppContext,
  services: Services,
  kind: NamedScopes,
  route: ScopeRoute,
): Response | Promise<Response> {
  const found = kind.find(services.archive, c.req.param("name") ?? "", c.get("now"));
  switch (found.kind) {
    case "found":
      // One URL per document: `/tags/nato%2Brussia` names it too, but is not its address.
      if (rawSegment(c) !== found.segment) return permanentRedirect(c, route.canonicalPath(found.scope, false));
      return route.serve(found.scope);
    case "redirect":
      return permanentRedirect(c, route.canonicalPath(found.address, found.merged));
    default:
      return failedLookup(c, services, found, route.missing);
  }
}

/**
 * The combine form of the tag index (`/tags?tag=a&tag=b&match=any`): a 303 to the
 * combination's canonical page, or to the one tag's page when one tag is ticked;
 * what the form cannot name gets the answer its URL would get.
 */
export function landCombineForm(c: AppContext, services: Services): Response {
  const chosen = (c.req.queries("tag") ?? []).map((value) => value.trim()).filter((value) => value !== "");
  const separator = c.req.query("match") === "any" ? "," : "+";
  const found: TagAddressLookup =
    chosen.length === 0
      ? { kind: "invalid", problem: { kind: "none-chosen" }, suggestions: [] }
      : resolveTagAddress(services.archive, chosen.join(separator), c.get("now"));
  if (found.kind === "found" || found.kind === "redirect") {
    const target = scopePagePath(found.kind === "found" ? found.scope : found.address);
    return c.body(null, 303, { Location: target, "Cache-Control": PAGE_CACHE_CONTROL });
  }
  return failedLookup(c, services, found, TAG_SCOPES.noSuchPage);
}

function failedLookup(
  c: AppContext,
  services: Services,
  found: Exclude<ScopeLookup, { kind: "found" | "redirect" }>,
  missing: string,
): Response {
  const { archive } = services;
  const origin = c.get("origin");
  switch (found.kind) {
    case "gone":
      // CORS too: a browser-based reader must be able to read the 410 and stop polling.
      return errorPage(c, 410, gonePage(archive, origin, found.tag), {
        ...CORS_HEADERS,
        "Cache-Control": GONE_CACHE_CONTROL,
      });
    case "invalid":
      return errorPage(c, 400, invalidCombinationPage(archive, origin, found.problem, found.suggestions), CORS_HEADERS);
    case "missing":
      return errorPage(c, 404, notFoundPage(archive, origin, missing));
  }
}
