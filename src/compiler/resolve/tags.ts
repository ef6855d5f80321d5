/**
 * The tag vocabulary: declared tags from `tags.yaml` with their aliases and their
 * lifecycle (retired, or merged into another tag), on top of names.ts, which resolves
 * every spelling an article uses (slug, name or alias, in any case) to one canonical
 * tag and publishes spellings nobody declared as tags of their own, with a warning.
 */
import { tagPath } from "../../model/urls";
import type { Diagnostics } from "../diagnostics";
import { type NamedEntry, Names } from "./names";
import type { TagInput } from "../read/schema";

export interface VocabularyTag extends NamedEntry {
  description?: string;
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

export class Vocabulary extends Names<VocabularyTag> {
  /** Merged tag slug to the slug of the tag that survives it, once merges are settled. */
  readonly mergedInto = new Map<string, string>();
  private readonly merges: Merge[] = [];

  constructor(file: string, diagnostics: Diagnostics) {
    super({ file, noun: "tag", path: tagPath, warnOncePer: "spelling" }, diagnostics);
  }

  get tags(): Map<string, VocabularyTag> {
    return this.entries;
  }

  protected undeclaredEntry(slug: string, name: string): VocabularyTag {
    return { slug, name, declared: false };
  }

  declare(input: TagInput, index: number): void {
    if (this.tags.has(input.slug) || this.merges.some((merge) => merge.slug === input.slug)) {
      this.error(index, ["slug"], `duplicate tag slug "${input.slug}"`);
      return;
    }
    const spellings = this.spellingsOf(input);
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
        this.kind.file,
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
}
