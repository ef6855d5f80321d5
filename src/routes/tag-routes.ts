/**
 * How every tag URL (page, subscribe page, feeds, archive pages), for one tag or a
 * combination, answers what its `/tags/<…>` segment names: serve the scope, 301 to
 * its canonical spelling (another case, an alias, a merged tag, another order), 410
 * Gone for a retired tag, 404 for an unknown one, 400 for a malformed combination.
 * One place, so a tag's lifecycle reads the same on every route; the combine form of
 * the tag index lands through it too.
 */
import type { CombinationScope, TagScope } from "../model/types";
import { scopePagePath, type ScopeAddress } from "../model/urls";
import { gonePage, invalidCombinationPage, notFoundPage } from "../pages/pages";
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

export interface TagRoute {
  /** The canonical path for an address. `merged` is true when the URL named a tag merged into another. */
  canonicalPath(address: ScopeAddress, merged: boolean): string;
  serve(scope: TagScope | CombinationScope): Response | Promise<Response>;
  /** Said in the 404 for an unknown tag. */
  missing: string;
}

/** The segment after `/tags/` as the request spelled it, percent-escapes and all. */
function rawSegment(c: AppContext): string {
  return new URL(c.req.url).pathname.split("/")[2] ?? "";
}

export function serveTagRoute(c: AppContext, services: Services, route: TagRoute): Response | Promise<Response> {
  const found = resolveTagAddress(services.archive, c.req.param("tag") ?? "", c.get("now"));
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
export function landCombineForm(c: AppContext, services: Services, missing: string): Response {
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
  return failedLookup(c, services, found, missing);
}

function failedLookup(
  c: AppContext,
  services: Services,
  found: Exclude<TagAddressLookup, { kind: "found" | "redirect" }>,
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
