/**
 * What the browser tests expect the site to offer, written down independently of the
 * worker's code: the site title (from the served fixture's site.yaml), the three feed
 * formats, and one address for each kind of page. The tag and author named here are the fixture's.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { parse } from "yaml";
import { SERVED_FIXTURE_DIR } from "../support/served-fixture";
import { DEV_STATS_TOKEN } from "../support/wrangler-dev";

const siteYaml: unknown = parse(readFileSync(join(SERVED_FIXTURE_DIR, "site.yaml"), "utf8"));

export const SITE_TITLE = (siteYaml as { title: string }).title;

export const FEEDS = {
  rss: { label: "RSS", file: "rss.xml", mediaType: "application/rss+xml" },
  atom: { label: "Atom", file: "atom.xml", mediaType: "application/atom+xml" },
  json: { label: "JSON Feed", file: "feed.json", mediaType: "application/feed+json" },
} as const;

export type FeedLabel = (typeof FEEDS)[keyof typeof FEEDS]["label"];

/** A tag that has articles: its slug and the name its pages show. */
export const TAG = { slug: "russia", name: "Russia" };

/** An author of the fixture (authors.yaml) and the article they wrote. */
export const AUTHOR = {
  slug: "cary-payne",
  name: "Cary Payne",
  article: "/articles/us-calls-on-russia-to-de-escalate",
};

export const ARTICLE_LINK = /\/articles\/[a-z0-9-]+$/;

export interface PageKind {
  name: string;
  path: string;
  status: number;
}

/** One page of each kind; the article is the newest one on the home page. */
export const PAGE_KINDS: PageKind[] = [
  { name: "home", path: "/", status: 200 },
  { name: "tags", path: "/tags", status: 200 },
  { name: "tag", path: `/tags/${TAG.slug}`, status: 200 },
  { name: "subscribe", path: "/subscribe", status: 200 },
  { name: "tag-subscribe", path: `/tags/${TAG.slug}/subscribe`, status: 200 },
  { name: "authors", path: "/authors", status: 200 },
  { name: "author", path: `/authors/${AUTHOR.slug}`, status: 200 },
  { name: "author-subscribe", path: `/authors/${AUTHOR.slug}/subscribe`, status: 200 },
  { name: "article", path: inject("articlePath"), status: 200 },
  { name: "not-found", path: "/no-such-page", status: 404 },
  { name: "gone", path: "/tags/daily-briefing", status: 410 },
  { name: "combination", path: "/tags/nato+russia", status: 200 },
  { name: "bad-combination", path: "/tags/nato+russia,ukraine", status: 400 },
  // The publisher's subscriber page, opened with the token as a link would carry it.
  { name: "stats", path: `/stats?token=${DEV_STATS_TOKEN}`, status: 200 },
];
