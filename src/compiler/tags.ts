/**
 * The tag vocabulary: declared tags from `tags.yaml` with their aliases and their
 * lifecycle (retired, or merged into another tag), and the resolution of every
 * spelling an article uses (slug, name or alias, in any case) to one canonical tag.
 * Spellings nobody declared still become tags, with a warning.
 */
import { tagPath } from "../model/urls";
import { toRfc3339 } from "../text/dates";
import { lookupKey, slugify } from "../text/slug";
import type { Diagnostics } from "./diagnostics";
import type { TagInput } from "./schema";
import type { FieldPath } from "./yaml";

export interface VocabularyTag {
  slug: string;
  name: string;
  description?: string;
  declared: boolean;
  /** Why the tag was retired; present only on retired tags. */
  retired?: string;
}

/** Said on a retired tag's 410 page when tags.yaml gives no reason (`retired: true`). */
const DEFAULT_RETIRED_REASON = "This tag is no longer kept up to date.";

interface Merge {
  slug: string;
  into: string;
  index: number;
  spellings: [string, string][];
}

/** An article naming a tag nobody declared, reported once every article is read. */
interface UndeclaredUse {
  slug: string;
  spelling: string;
  file: string;
  field: string;
  line?: number;
  /** When the naming article appears. */
  published: number;
}

/** FNV-1a, for a stable slug when a name has no Latin letters or digits at all. */
function shortHash(value: string): string {
  let hash = 0x811c9dc5;
  for (const char of value) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/** The slug an undeclared tag gets from its name. */
export function slugForName(name: string): string {
  return slugify(name) || `tag-${shortHash(name.normalize("NFC"))}`;
}

export class Vocabulary {
  readonly tags = new Map<string, VocabularyTag>();
  /** Merged tag slug to the slug of the tag that survives it, once merges are settled. */
  readonly mergedInto = new Map<string, string>();
  /** Explicit spellings (slug, name, aliases), lower-cased. */
  private readonly explicit = new Map<string, string>();
  /** Slug forms of names and aliases; ambiguous ones are dropped. */
  private readonly derived = new Map<string, string | null>();
  private readonly merges: Merge[] = [];
  private readonly undeclared: UndeclaredUse[] = [];
  /**
   * Set when tags.yaml itself could not be read: every tag would then look undeclared,
   * and a warning per use would bury the one error that matters.
   */
  unreadable = false;
  /** Line of a node of tags.yaml, once it is parsed. */
  lineOf: (path: FieldPath) => number | undefined = () => undefined;

  constructor(
    private readonly file: string,
    private readonly diagnostics: Diagnostics,
  ) {}

  /** Reports a problem with a field of the tags.yaml entry at `index`, at its line. */
  private error(index: number, path: (string | number)[], message: string): void {
    const field = path
      .map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`))
      .join("")
      .replace(/^\./, "");
    this.diagnostics.error(this.file, field, message, this.lineOf([index, ...path]));
  }

  declare(input: TagInput, index: number): void {
    if (this.tags.has(input.slug) || this.merges.some((merge) => merge.slug === input.slug)) {
      this.error(index, ["slug"], `duplicate tag slug "${input.slug}"`);
      return;
    }
    const spellings: [string, string][] = [
      ["slug", input.slug],
      ...(input.name === undefined ? [] : [["name", input.name] as [string, string]]),
      ...(input.aliases ?? []).map((alias, i): [string, string] => [`aliases.${i}`, alias]),
    ];
    if (input.merged_into !== undefined) {
      if (input.retired !== undefined) {
        this.error(index, ["retired"], "a tag is either retired or merged_into another, not both");
      }
      // Spellings are registered once every survivor is known (it may be declared further down).
      this.merges.push({ slug: input.slug, into: input.merged_into, index, spellings });
      return;
    }
    if (input.name === undefined) {
      const name = input.slug.replace(/-/g, " ").replace(/^./, (first) => first.toUpperCase());
      const right = `name: ${name}`;
      this.diagnostics.error(
        this.file,
        "name",
        `name is required: add the name readers see, e.g. ${right}`,
        this.lineOf([index]),
      );
      return;
    }
    const tag: VocabularyTag = { slug: input.slug, name: input.name, declared: true };
    if (input.description?.trim()) tag.description = input.description.trim();
    if (input.retired !== undefined) tag.retired = input.retired === true ? DEFAULT_RETIRED_REASON : input.retired;
    this.tags.set(tag.slug, tag);
    this.register(spellings, tag.slug, index);
  }

  /**
   * Points every merged tag's spellings at its final survivor, following chains (a
   * tag merged into one that was merged later) so that subscribers move in one hop.
   */
  settleMerges(): void {
    const bySlug = new Map(this.merges.map((merge) => [merge.slug, merge]));
    for (const merge of this.merges) {
      const seen = new Set([merge.slug]);
      let target = merge.into;
      for (let next = bySlug.get(target); next && !seen.has(target); next = bySlug.get(target)) {
        seen.add(target);
        target = next.into;
      }
      const survivor = this.tags.get(target);
      const where = (message: string) => this.error(merge.index, ["merged_into"], message);
      if (seen.has(target)) {
        where(`"${merge.into}" leads back to "${merge.slug}"; merges must end at a live tag`);
      } else if (!survivor) {
        where(`"${merge.into}" is not a tag declared in tags.yaml`);
      } else if (survivor.retired !== undefined) {
        where(`"${target}" is retired; merge into a live tag`);
      } else {
        this.mergedInto.set(merge.slug, target);
        this.register(merge.spellings, target, merge.index);
      }
    }
  }

  private register(spellings: [string, string][], slug: string, index: number): void {
    for (const [where, spelling] of spellings) {
      const key = lookupKey(spelling);
      const owner = this.explicit.get(key);
      if (owner !== undefined && owner !== slug) {
        const path = where.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part));
        this.error(index, path, `"${spelling}" already names tag "${owner}"`);
        continue;
      }
      this.explicit.set(key, slug);
      const derived = slugify(spelling);
      if (derived && this.derived.get(derived) !== slug) {
        this.derived.set(derived, this.derived.has(derived) ? null : slug);
      }
    }
  }

  /**
   * Finds the canonical slug for a spelling; creates an undeclared tag if nothing
   * matches, to be reported by reportUndeclared once every article is read.
   */
  resolve(spelling: string, use: { file: string; field: string; line?: number; published: number }): string {
    const known = this.find(spelling);
    const slug = known ?? slugForName(spelling);
    if (!this.tags.has(slug)) {
      this.tags.set(slug, { slug, name: spelling.trim(), declared: false });
    }
    if (this.tags.get(slug)?.declared === false) {
      this.explicit.set(lookupKey(spelling), slug);
      this.undeclared.push({ slug, spelling, ...use });
    }
    return slug;
  }

  /**
   * Warns about each use of an undeclared tag. A tag only scheduled articles use does
   * not exist publicly before the first of them appears, and the warning says when.
   */
  reportUndeclared(now: number): void {
    if (this.unreadable) return;
    const appears = new Map<string, number>();
    for (const use of this.undeclared)
      appears.set(use.slug, Math.min(appears.get(use.slug) ?? Infinity, use.published));
    const reported = new Set<string>();
    for (const use of this.undeclared) {
      // One warning per spelling, at its first use, as each is one line to add to tags.yaml.
      if (reported.has(lookupKey(use.spelling))) continue;
      reported.add(lookupKey(use.spelling));
      const first = appears.get(use.slug) ?? use.published;
      const where =
        first > now
          ? ` from ${toRfc3339(first)}, when its first article appears (until then that URL answers 404)`
          : "";
      const message = `tag "${use.spelling}" is not declared in tags.yaml; published as ${tagPath(use.slug)}${where}`;
      this.diagnostics.warning(use.file, use.field, message, use.line);
    }
  }

  find(spelling: string): string | undefined {
    const key = lookupKey(spelling);
    return this.explicit.get(key) ?? this.derived.get(key) ?? this.derived.get(slugify(spelling)) ?? undefined;
  }

  /** The lookup table the worker uses to answer other spellings with a redirect. */
  lookupTable(usedSlugs: Set<string>): Record<string, string> {
    const table: Record<string, string> = {};
    for (const [key, slug] of this.derived) if (slug && usedSlugs.has(slug)) table[key] = slug;
    for (const [key, slug] of this.explicit) if (usedSlugs.has(slug)) table[key] = slug;
    return table;
  }
}
