/**
 * Slugs and lookup keys. Tags are addressed by canonical slugs (`[a-z0-9-]+`); the
 * vocabulary maps every other spelling to them through lookup keys, so "Sergey
 * Lavrov", "sergey-lavrov" and "SERGEI LAVROV" can all find one tag.
 */

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Latin-script slug of a name: accents dropped, everything else folded to hyphens. */
export function slugify(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** The case- and normalization-insensitive key a spelling is looked up by. */
export function lookupKey(value: string): string {
  return value.normalize("NFC").trim().toLowerCase().replace(/\s+/g, " ");
}
