/**
 * Symbolic links in content/. A content pull request can carry a link as easily as a
 * file, and a link to `../../.git/config` would publish what CI keeps there (tokens
 * included). So the build follows a link only to a file inside content/: a link that
 * leads out of content/ is an error and is never read, and a link to a folder inside
 * static/ or a page bundle is passed over with a warning (following it could loop, and
 * would publish a folder twice).
 */
import { readlink, realpath, stat } from "node:fs/promises";
import { sep } from "node:path";

/** Where a link leads: a file or folder inside content/, outside content/, or nothing readable. */
export type LinkTarget = "file" | "folder" | "outside" | "missing" | "special";

/** The real path of the content directory, which every link's target is judged against. */
export async function contentRoot(dir: string): Promise<string> {
  return realpath(dir).catch(() => dir);
}

/** Where the link at `path` leads, judged against `root` (see `contentRoot`). */
export async function linkTarget(root: string, path: string): Promise<LinkTarget> {
  let target: string;
  try {
    target = await realpath(path);
  } catch {
    // Dangling, or a loop of links.
    return "missing";
  }
  if (target !== root && !target.startsWith(root.endsWith(sep) ? root : root + sep)) return "outside";
  const found = await stat(target).catch(() => undefined);
  if (!found) return "missing";
  return found.isFile() ? "file" : found.isDirectory() ? "folder" : "special";
}

/** The error for a link that leaves content/, with its target as it is written. */
export async function leavesContentMessage(path: string): Promise<string> {
  const written = await readlink(path).catch(() => "a path");
  return `is a link to ${written}, which is outside content/: only what is inside content/ is published; put a copy of the file here instead of a link`;
}

/** The warning for a link in static/ or a page bundle that is not followed, when it leads to something other than a file. */
export const NOT_FOLLOWED: Record<Exclude<LinkTarget, "file" | "outside">, string> = {
  folder:
    "is a link to a folder: links to folders are not followed, so nothing in it is published; move the folder here, or link its files one by one",
  missing: "is a link to nothing: it is not published",
  special: "is a link to something that is neither a file nor a folder: it is not published",
};
