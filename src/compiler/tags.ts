/**
 * The tag vocabulary: declared tags from `tags.yaml` with their aliases, and the
 * resolution of every spelling an article uses (slug, name or alias, in any case) to
 * one canonical tag. Spellings nobody declared still become tags, with a warning.
 */
import { lookupKey, slugify } from "../text/slug";
import type { Diagnostics } from "./diagnostics";
import type { TagInput } from "./schema";

export interface VocabularyTag {
  slug: string;
  name: string;
  description?: string;
  declared: boolean;
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
  /** Explicit spellings (slug, name, aliases), lower-cased. */
  private readonly explicit = new Map<string, string>();
  /** Slug forms of names and aliases; ambiguous ones are dropped. */
  private readonly derived = new Map<string, string | null>();

  constructor(
    private readonly file: string,
    private readonly diagnostics: Diagnostics,
  ) {}

  declare(input: TagInput, index: number): void {
    const field = `[${index}]`;
    if (this.tags.has(input.slug)) {
      this.diagnostics.error(this.file, `${field}.slug`, `duplicate tag slug "${input.slug}"`);
      return;
    }
    const tag: VocabularyTag = { slug: input.slug, name: input.name, declared: true };
    if (input.description?.trim()) tag.description = input.description.trim();
    this.tags.set(tag.slug, tag);
    const spellings: [string, string][] = [
      ["slug", input.slug],
      ["name", input.name],
      ...(input.aliases ?? []).map((alias, i): [string, string] => [`aliases[${i}]`, alias]),
    ];
    for (const [where, spelling] of spellings) {
      const key = lookupKey(spelling);
      const owner = this.explicit.get(key);
      if (owner !== undefined && owner !== tag.slug) {
        this.diagnostics.error(this.file, `${field}.${where}`, `"${spelling}" already names tag "${owner}"`);
        continue;
      }
      this.explicit.set(key, tag.slug);
      const derived = slugify(spelling);
      if (derived && this.derived.get(derived) !== tag.slug) {
        this.derived.set(derived, this.derived.has(derived) ? null : tag.slug);
      }
    }
  }

  /** Finds the canonical slug for a spelling; creates an undeclared tag if nothing matches. */
  resolve(spelling: string, file: string, field: string): string {
    const known = this.find(spelling);
    if (known !== undefined) return known;
    const slug = slugForName(spelling);
    if (!this.tags.has(slug)) {
      this.tags.set(slug, { slug, name: spelling.trim(), declared: false });
    }
    this.explicit.set(lookupKey(spelling), slug);
    this.diagnostics.warning(file, field, `tag "${spelling}" is not declared in tags.yaml; published as /tags/${slug}`);
    return slug;
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
