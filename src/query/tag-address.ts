/**
 * What the segment after `/tags/` names: one tag, or a combination of up to four
 * (`a+b`: articles with all of them; `a,b`: with any of them). Each spelling resolves
 * through the tag vocabulary (aliases, case, merges), the slugs go in canonical
 * (ascending) order, and the answer says what the URL should do: serve the scope,
 * redirect to its canonical spelling, or fail as gone (a retired tag), missing (an
 * unknown one) or invalid (a malformed combination, with the forms that would work).
 */
import type { CombinationMode, CombinationScope, RetiredTag, Tag, TagScope } from "../model/types";
import { combinationScope, combinationSegment, type ScopeAddress, tagScope } from "../model/scope";
import { lookupKey } from "../text/slug";
import type { Archive, TagLookup } from "./archive";

/** The most tags one combination may list: enough for a topic, few enough to keep a render cheap. */
export const MAX_COMBINED_TAGS = 4;

/** Why a combination cannot be served. */
export type CombinationProblem =
  { kind: "mixed" } | { kind: "too-many"; count: number } | { kind: "empty-name" } | { kind: "none-chosen" };

export type TagAddressLookup =
  /** `segment`: the canonical spelling, which the URL must use to be served. */
  | { kind: "found"; scope: TagScope | CombinationScope; segment: string }
  /** `merged`: a tag in the URL was merged into another, so its archive page numbers mean nothing now. */
  | { kind: "redirect"; address: ScopeAddress; merged: boolean }
  | { kind: "gone"; tag: RetiredTag }
  | { kind: "missing" }
  /** `suggestions`: the well-formed addresses closest to what was asked, when its tags are known. */
  | { kind: "invalid"; problem: CombinationProblem; suggestions: ScopeAddress[] };

const SEPARATOR = /[+,]/;

export function resolveTagAddress(archive: Archive, segment: string, now: number): TagAddressLookup {
  const separators = new Set(segment.match(/[+,]/g));
  // A spelling with a "+" or "," of its own (an alias such as "C++") is that one tag.
  if (separators.size === 0 || archive.index.tagLookup.has(lookupKey(segment))) {
    return oneTag(archive.findTag(segment, now));
  }
  const mode: CombinationMode = separators.has("+") ? "all" : "any";
  const parts = segment.split(SEPARATOR);
  // Only as many spellings as a combination may hold are ever looked up.
  const looked = parts.slice(0, MAX_COMBINED_TAGS).map((part) => archive.findTag(part.trim(), now));
  const invalid = (problem: CombinationProblem, modes: CombinationMode[]): TagAddressLookup => ({
    kind: "invalid",
    problem,
    suggestions: suggest(archive, looked, modes),
  });
  if (separators.size > 1) return invalid({ kind: "mixed" }, ["all", "any"]);
  if (parts.some((part) => part.trim() === "")) return invalid({ kind: "empty-name" }, [mode]);
  if (parts.length > MAX_COMBINED_TAGS) return invalid({ kind: "too-many", count: parts.length }, [mode]);

  if (looked.some((found) => found.kind === "missing")) {
    // "Sergey+Lavrov": one tag's name with "+" for its space, as a form may have written it.
    const whole = archive.findTag(segment, now);
    return whole.kind === "missing" ? { kind: "missing" } : oneTag(whole);
  }
  const gone = looked.find((found): found is Extract<TagLookup, { kind: "gone" }> => found.kind === "gone");
  if (gone) return gone;
  const tags = canonicalTags(archive, looked);
  const merged = looked.some((found) => found.kind === "redirect" && found.merged);
  const slugs = tags.map((tag) => tag.slug);
  const [only] = slugs;
  if (only !== undefined && slugs.length === 1) return { kind: "redirect", address: tagScope(only), merged };
  const canonical = combinationSegment(mode, slugs);
  if (canonical !== segment) return { kind: "redirect", address: combinationScope(mode, slugs), merged };
  return { kind: "found", scope: { kind: "combination", mode, tags }, segment: canonical };
}

function oneTag(found: TagLookup): TagAddressLookup {
  switch (found.kind) {
    case "found":
      return { kind: "found", scope: { kind: "tag", tag: found.tag }, segment: found.tag.slug };
    case "redirect":
      return { kind: "redirect", address: tagScope(found.slug), merged: found.merged };
    default:
      return found;
  }
}

/** The live tags the lookups found, each once, in canonical (ascending slug) order. */
function canonicalTags(archive: Archive, looked: readonly TagLookup[]): Tag[] {
  const tags = new Map<string, Tag>();
  for (const found of looked) {
    const tag = found.kind === "found" ? found.tag : found.kind === "redirect" ? archive.tag(found.slug) : undefined;
    if (tag) tags.set(tag.slug, tag);
  }
  return [...tags.values()].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

/** Well-formed addresses made of the tags that were found: the combination in each mode, or the one tag. */
function suggest(archive: Archive, looked: readonly TagLookup[], modes: CombinationMode[]): ScopeAddress[] {
  const slugs = canonicalTags(archive, looked).map((tag) => tag.slug);
  const [only] = slugs;
  if (only === undefined) return [];
  if (slugs.length === 1) return [tagScope(only)];
  return modes.map((mode) => combinationScope(mode, slugs));
}
