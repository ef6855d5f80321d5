/**
 * What tags and authors share: the names articles write for them, resolved to one
 * canonical slug. A declared entry answers to its slug, its name and its aliases in
 * any case, and to their slug forms unless two entries share one; a name nobody
 * declared becomes an entry of its own (slug derived from the name), and the build
 * warns about it once every article is read. tags.ts adds a tag's lifecycle on top,
 * authors.ts an author's page.
 */
import { toRfc3339 } from "../../text/dates";
import { lookupKey, slugify } from "../../text/slug";
import type { Diagnostics } from "../diagnostics";
import type { FieldPath } from "../read/yaml";

export interface NamedEntry {
  slug: string;
  name: string;
  /** False for entries that articles name but the file does not declare. */
  declared: boolean;
}

/** What kind of names a registry holds, as its messages speak of them. */
export interface NamesKind {
  /** The file that declares them: `tags.yaml`, `authors.yaml`. */
  file: string;
  /** `tag`, `author`. */
  noun: string;
  /** The page an entry is published at, e.g. `/tags/<slug>`. */
  path(slug: string): string;
  /**
   * What one warning covers: each spelling (one line to add to tags.yaml each) or each
   * entry (an author written two ways is still one person to declare).
   */
  warnOncePer: "spelling" | "entry";
}

/** Where an article names something, for the warning about an undeclared name. */
export interface NameUse {
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

export abstract class Names<Entry extends NamedEntry> {
  readonly entries = new Map<string, Entry>();
  /** Explicit spellings (slug, name, aliases), lower-cased. */
  private readonly explicit = new Map<string, string>();
  /** Slug forms of names and aliases; ambiguous ones are dropped. */
  private readonly derived = new Map<string, string | null>();
  private readonly undeclared: (NameUse & { slug: string; spelling: string })[] = [];
  /**
   * Set when the file itself could not be read: every name would then look undeclared,
   * and a warning per use would bury the one error that matters.
   */
  unreadable = false;
  /** Line of a node of the file, once it is parsed. */
  lineOf: (path: FieldPath) => number | undefined = () => undefined;

  constructor(
    readonly kind: NamesKind,
    protected readonly diagnostics: Diagnostics,
  ) {}

  /** The entry a name nobody declared becomes. */
  protected abstract undeclaredEntry(slug: string, spelling: string, use: NameUse): Entry;

  /** The slug an undeclared name gets: its Latin-script slug, else `<noun>-<hash>`. */
  slugForName(name: string): string {
    return slugify(name) || `${this.kind.noun}-${shortHash(name.normalize("NFC"))}`;
  }

  /** Reports a problem with a field of the file's entry at `index`, at its line. */
  protected error(index: number, path: (string | number)[], message: string): void {
    const field = path
      .map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`))
      .join("")
      .replace(/^\./, "");
    this.diagnostics.error(this.kind.file, field, message, this.lineOf([index, ...path]));
  }

  /** Makes each spelling (`[where, spelling]`, where as `aliases.2`) find `slug`; a spelling another entry owns is an error. */
  protected register(spellings: [string, string][], slug: string, index: number): void {
    for (const [where, spelling] of spellings) {
      const key = lookupKey(spelling);
      const owner = this.explicit.get(key);
      if (owner !== undefined && owner !== slug) {
        const path = where.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part));
        this.error(index, path, `"${spelling}" already names ${this.kind.noun} "${owner}"`);
        continue;
      }
      this.explicit.set(key, slug);
      const derived = slugify(spelling);
      if (derived && this.derived.get(derived) !== slug) {
        this.derived.set(derived, this.derived.has(derived) ? null : slug);
      }
    }
  }

  /** The spellings of a file entry, as register takes them. */
  protected spellingsOf(input: { slug: string; name?: string | undefined; aliases?: string[] | undefined }) {
    return [
      ["slug", input.slug],
      ...(input.name === undefined ? [] : [["name", input.name] as [string, string]]),
      ...(input.aliases ?? []).map((alias, i): [string, string] => [`aliases.${i}`, alias]),
    ] as [string, string][];
  }

  /**
   * Finds the canonical slug for a spelling; creates an undeclared entry if nothing
   * matches, to be reported by reportUndeclared once every article is read.
   */
  resolve(spelling: string, use: NameUse): string {
    const slug = this.find(spelling) ?? this.slugForName(spelling);
    if (!this.entries.has(slug)) this.entries.set(slug, this.undeclaredEntry(slug, spelling.trim(), use));
    if (this.entries.get(slug)?.declared === false) {
      this.explicit.set(lookupKey(spelling), slug);
      this.undeclared.push({ slug, spelling, ...use });
    }
    return slug;
  }

  /**
   * Warns about each undeclared name, at its first use. One that only scheduled articles
   * use does not exist publicly before the first of them appears, and the warning says when.
   */
  reportUndeclared(now: number): void {
    if (this.unreadable) return;
    const appears = new Map<string, number>();
    for (const use of this.undeclared)
      appears.set(use.slug, Math.min(appears.get(use.slug) ?? Infinity, use.published));
    const reported = new Set<string>();
    const { file, noun, warnOncePer } = this.kind;
    for (const use of this.undeclared) {
      const key = warnOncePer === "entry" ? use.slug : lookupKey(use.spelling);
      if (reported.has(key)) continue;
      reported.add(key);
      const first = appears.get(use.slug) ?? use.published;
      const where =
        first > now
          ? ` from ${toRfc3339(first)}, when its first article appears (until then that URL answers 404)`
          : "";
      const message = `${noun} "${use.spelling}" is not declared in ${file}; published as ${this.kind.path(use.slug)}${where}`;
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
