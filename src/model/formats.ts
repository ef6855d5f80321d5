/** The three feed formats: their file names, media types and labels, in one place. */
import type { FeedFormat } from "./types";

export const FEED_FORMATS: readonly FeedFormat[] = ["rss", "atom", "json"];

export const FEED_FILES: Record<FeedFormat, string> = {
  rss: "rss.xml",
  atom: "atom.xml",
  json: "feed.json",
};

export const FEED_MEDIA_TYPES: Record<FeedFormat, string> = {
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  json: "application/feed+json",
};

export const FORMAT_LABELS: Record<FeedFormat, string> = {
  rss: "RSS",
  atom: "Atom",
  json: "JSON Feed",
};

const FORMAT_BY_FILE = new Map(FEED_FORMATS.map((format) => [FEED_FILES[format], format]));

/** The format a feed file name stands for (`atom.xml` → atom), if any. */
export function formatOfFile(file: string | undefined): FeedFormat | undefined {
  return file === undefined ? undefined : FORMAT_BY_FILE.get(file);
}
