/**
 * The record formats, as zod schemas: `site.yaml`, `tags.yaml`, and the pieces of
 * an article's front matter that have a shape of their own (a person, a source, an
 * id). Types are checked here; what a front-matter field means, under each name a
 * generator gives it, is read in article.ts; rules that need more than one field or
 * file (dates, duplicates, tag resolution) live in the compiler.
 */
import { z } from "zod";
import type { Person } from "../model/types";
import { isTimeZone } from "../text/dates";
import { SLUG_PATTERN } from "../text/slug";

export const BCP47 = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const text = z.string().trim().min(1, "must not be empty");

/** An absolute http(s) URL: nothing else (javascript:, data:) may reach a reader. */
export const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}, "must be an absolute http:// or https:// URL");

/** An absolute http(s) URL or a root-relative path such as `/images/a.png`. */
const linkTarget = z
  .string()
  .refine(
    (value) => (value.startsWith("/") && !value.startsWith("//")) || httpUrl.safeParse(value).success,
    "must be an absolute http(s) URL or a path starting with /",
  );

export const person = z.union(
  [
    text.transform((name) => ({ name })),
    z.object({ name: text, url: httpUrl.optional(), email: z.string().optional() }),
  ],
  { error: "must be a name, or a mapping with name and an optional http(s) url" },
);

/** Said when site.yaml has no domain: what it is for decides how it is chosen. */
const DOMAIN_PURPOSE =
  "is required: a domain you own, such as news.example.org, written into every item id (tag:news.example.org,2024-01-02:slug) so that ids never change when the site moves to another host; choose it once and never change it";

export const siteSchema = z.object({
  title: text,
  description: text,
  language: z.string().regex(BCP47, "must be a BCP 47 language tag such as en or en-GB"),
  domain: z
    .string({ error: DOMAIN_PURPOSE })
    .regex(DOMAIN, "must be a lower-case domain name such as news.example.org"),
  established: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
    .optional(),
  authors: z
    .array(person)
    .min(1, "must name at least one author, or be left out (the site's title is its author)")
    .optional(),
  copyright: text.optional(),
  feed_size: z.number().int().min(1).max(500).optional(),
  icon: linkTarget.optional(),
  logo: linkTarget.optional(),
  hub: httpUrl.optional(),
  timezone: z
    .string()
    .refine(isTimeZone, "must be an IANA time zone name such as Europe/Berlin, America/New_York or UTC")
    .optional(),
});

const slug = z.string().regex(SLUG_PATTERN, "must be lower-case letters, digits and single hyphens ([a-z0-9-])");

/**
 * A tag of the vocabulary. Its lifecycle: `retired` (its feeds and page answer 410
 * Gone, with the reason given here) or `merged_into` another tag (its URLs answer 301
 * to the survivor, and articles naming it count for the survivor). A merged entry
 * needs no name: its slug and aliases are spellings of the survivor from then on.
 */
export const tagSchema = z.object({
  slug,
  name: text.optional(),
  description: z.string().optional(),
  aliases: z.array(z.union([text, z.number().transform(String)], { error: "must be text" })).optional(),
  retired: z.union([z.literal(true), text], { error: "must be true or a sentence saying why" }).optional(),
  merged_into: slug.optional(),
});

export const tagsFileSchema = z.array(z.unknown());

/** A person (or a source) as the bundle keeps it: no email, no empty url. */
export function toPerson(input: { name: string; url?: string | undefined }): Person {
  return input.url ? { name: input.name, url: input.url } : { name: input.name };
}

export const source = z.object({ name: text, url: httpUrl.optional() });

/** A pinned item identity: an old slug, or a URI such as a guid kept from an older site. */
export const recordId = z
  .union([z.string(), z.number().transform(String)], { error: "must be text" })
  .refine(
    (value) => /^[A-Za-z0-9][A-Za-z0-9._~:/?#@!$&'()*+,;=%-]{0,199}$/.test(value),
    "must be 1–200 ASCII URI characters (letters, digits, - . _ ~ : / and the like)",
  );

export type SiteInput = z.infer<typeof siteSchema>;
export type TagInput = z.infer<typeof tagSchema>;
