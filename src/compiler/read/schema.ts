/**
 * The record formats, as zod schemas: `site.yaml`, `tags.yaml`, `authors.yaml`, and
 * the pieces of an article's front matter that have a shape of their own (a person, a
 * source, an id, an attachment). Types are checked here; what a front-matter field means, under each name a
 * generator gives it, is read in article.ts; rules that need more than one field or
 * file (dates, duplicates, tag resolution) live in the compiler.
 */
import { z } from "zod";
import type { Person } from "../../model/types";
import { isTimeZone } from "../../text/dates";
import { SLUG_PATTERN } from "../../text/slug";

export const BCP47 = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const text = z.string().trim().min(1, "must not be empty");

/**
 * Text with a rule of its own: a value of another kind (a number, a list) gets the
 * rule's message too, which says what the field holds better than "must be text".
 */
function ruled(message: string, whenMissing?: string) {
  return z.string({
    // Nothing written ("is required", "is empty") is said the general way, unless the field says why it is needed.
    error: (issue) => (issue.input === undefined ? whenMissing : issue.input === null ? undefined : message),
  });
}

const HTTP_URL = "must be an absolute http:// or https:// URL";
const LINK_TARGET = "must be an absolute http(s) URL or a path starting with /";
const LANGUAGE = "must be a BCP 47 language tag such as en or en-GB";
const DOMAIN_FORM = "must be a lower-case domain name such as news.example.org";
const DAY = "must be a date YYYY-MM-DD";
const TIME_ZONE = "must be an IANA time zone name such as Europe/Berlin, America/New_York or UTC";
const SLUG = "must be lower-case letters, digits and single hyphens ([a-z0-9-])";

/**
 * An absolute http(s) URL: nothing else (javascript:, data:) may reach a reader. It is
 * kept as the URL standard writes it, so what no URI may hold (a space, `<`) arrives
 * percent-encoded and every feed carries a valid URI.
 */
export const httpUrl = ruled(HTTP_URL)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch {
      return false;
    }
  }, HTTP_URL)
  .transform((value) => new URL(value).href);

/** An absolute http(s) URL (written as httpUrl writes it) or a root-relative path such as `/images/a.png`. */
export const linkTarget = ruled(LINK_TARGET)
  .refine(
    (value) => (value.startsWith("/") && !value.startsWith("//")) || httpUrl.safeParse(value).success,
    LINK_TARGET,
  )
  .transform((value) => (value.startsWith("/") ? value : new URL(value).href));

export const person = z.union(
  [
    text.transform((name) => ({ name })),
    z.object({ name: text, url: httpUrl.optional(), email: z.string().optional() }),
  ],
  { error: "must be a name, or a mapping with name and an optional http(s) url" },
);

/** Said when site.yaml has no domain: what it is for decides how it is chosen. */
const DOMAIN_PURPOSE =
  "is required: a domain you own, such as news.example.org, written into every item id (tag:news.example.org,2026-01-01:slug) so that ids never change when the site moves to another host; choose it once and never change it";

export const siteSchema = z.object({
  title: text,
  description: text,
  language: ruled(LANGUAGE).regex(BCP47, LANGUAGE),
  domain: ruled(DOMAIN_FORM, DOMAIN_PURPOSE).regex(DOMAIN, DOMAIN_FORM),
  established: ruled(DAY)
    .regex(/^\d{4}-\d{2}-\d{2}$/, DAY)
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
  timezone: ruled(TIME_ZONE).refine(isTimeZone, TIME_ZONE).optional(),
  feed_content: z
    .enum(["full", "summary"], { error: "must be full (the whole article in feeds) or summary" })
    .optional(),
});

const slug = ruled(SLUG).regex(SLUG_PATTERN, SLUG);

/** Other spellings of a tag or an author. */
const aliases = z.array(z.union([text, z.number().transform(String)], { error: "must be text" })).optional();

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
  aliases,
  retired: z.union([z.literal(true), text], { error: "must be true or a sentence saying why" }).optional(),
  merged_into: slug.optional(),
});

/** A list file (tags.yaml, authors.yaml): a list of entries, each checked on its own. */
export const listFileSchema = z.array(z.unknown());

/** An author of authors.yaml: their page is /authors/<slug>, and articles name them by name, slug or alias. */
export const authorSchema = z.object({
  slug,
  name: text,
  url: httpUrl.optional(),
  bio: text.optional(),
  avatar: linkTarget.optional(),
  aliases,
});

/** A missing field "is required"; a field of the wrong kind "must be" what it is. */
function whether(issue: { input?: unknown }): string {
  return issue.input === undefined ? "is required:" : "must be";
}

/** `audio/mpeg`, `application/pdf`: RFC 6838 type and subtype, without parameters. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/** `1:02:03` or `62:03`: a playing time as podcasts write it. */
const CLOCK = /^(?:(\d+):)?([0-5]?\d):([0-5]\d)$/;

/** One entry of an article's `attachments`, its url aside (article.ts reads it like an image's). */
export const attachmentSchema = z.object({
  url: z.string({ error: (issue) => `${whether(issue)} the file's address, e.g. url: /audio/briefing.mp3` }),
  type: z
    .string({ error: (issue) => `${whether(issue)} the file's media type, e.g. type: audio/mpeg` })
    .regex(MEDIA_TYPE, "must be a media type such as audio/mpeg, video/mp4 or application/pdf"),
  length: z
    .number({ error: "must be the file's size in bytes, e.g. length: 2830117" })
    .int("must be the file's size in bytes, e.g. length: 2830117")
    .positive("must be the file's size in bytes, e.g. length: 2830117")
    .optional(),
  title: text.optional(),
  duration: z
    .union(
      [
        z.number().nonnegative(),
        z
          .string()
          .regex(CLOCK)
          .transform((value) => {
            const [, hours = "0", minutes = "0", seconds = "0"] = CLOCK.exec(value) ?? [];
            return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
          }),
      ],
      { error: "must be the playing time in seconds (duration: 754) or as h:mm:ss (duration: 0:12:34)" },
    )
    .optional(),
});

/** A person (or a source) as the bundle keeps it: no email, no empty url. */
export function toPerson(input: { name: string; url?: string | undefined }): Person {
  return input.url ? { name: input.name, url: input.url } : { name: input.name };
}

export const source = z.object({ name: text, url: httpUrl.optional() });

/**
 * A pinned item identity: a URI, or any id an older site published (RSS guids and JSON
 * Feed ids may be any string, and readers compare them exactly). Only what no feed can
 * carry unchanged is refused: control characters, broken surrogates and outer spaces.
 */
export const recordId = z
  .union([z.string(), z.number().transform(String)], { error: "must be text" })
  .refine(
    (value) =>
      value.length >= 1 &&
      value.length <= 1000 &&
      value.trim() === value &&
      !/[\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(
        value,
      ),
    "must be 1–1000 characters on one line, without control characters or spaces at either end",
  );

export type SiteInput = z.infer<typeof siteSchema>;
export type TagInput = z.infer<typeof tagSchema>;
export type AuthorInput = z.infer<typeof authorSchema>;
