/**
 * The authors of the site: those `authors.yaml` declares (name, url, bio, avatar and
 * the other spellings of their name) and those articles name without declaring them.
 * An article's author names resolve here, through names.ts, by name, slug or alias in
 * any case, to one author with one page; an undeclared author is published under a
 * slug derived from the name, and the build warns once per author.
 */
import type { ArticleAuthor, Person } from "../../model/types";
import { authorPath } from "../../model/urls";
import type { Diagnostics } from "../diagnostics";
import { type NamedEntry, Names, type NameUse } from "./names";
import type { AuthorInput } from "../read/schema";

export interface DirectoryAuthor extends NamedEntry {
  url?: string;
  bio?: string;
  avatar?: string;
}

export class AuthorDirectory extends Names<DirectoryAuthor> {
  /** Avatars written as paths, with their lines: files of content/static/ the caller checks. */
  readonly avatars: { path: string; line?: number }[] = [];

  constructor(file: string, diagnostics: Diagnostics) {
    super({ file, noun: "author", path: authorPath, warnOncePer: "entry" }, diagnostics);
  }

  protected undeclaredEntry(slug: string, name: string): DirectoryAuthor {
    return { slug, name, declared: false };
  }

  declare(input: AuthorInput, index: number): void {
    if (this.entries.has(input.slug)) {
      this.error(index, ["slug"], `duplicate author slug "${input.slug}"`);
      return;
    }
    const author: DirectoryAuthor = { slug: input.slug, name: input.name, declared: true };
    if (input.url) author.url = input.url;
    if (input.bio) author.bio = input.bio;
    if (input.avatar) {
      author.avatar = input.avatar;
      if (input.avatar.startsWith("/")) this.avatars.push({ path: input.avatar, line: this.lineOf([index, "avatar"]) });
    }
    this.entries.set(author.slug, author);
    this.register(this.spellingsOf(input), author.slug, index);
  }

  /**
   * The slug of the author an article names. An author authors.yaml gives no url takes
   * the first url an article gives them.
   */
  resolveAuthor(written: Person, use: NameUse): string {
    const slug = this.resolve(written.name, use);
    const entry = this.entries.get(slug) as DirectoryAuthor;
    if (entry.url === undefined && written.url) entry.url = written.url;
    return slug;
  }

  /**
   * An author as every article names them, once all articles are read: the declared
   * name, else the name as first written; the declared url, else the first one given.
   */
  articleAuthor(slug: string): ArticleAuthor {
    const entry = this.entries.get(slug) as DirectoryAuthor;
    return entry.url ? { slug, name: entry.name, url: entry.url } : { slug, name: entry.name };
  }
}
