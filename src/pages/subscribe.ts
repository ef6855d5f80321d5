/**
 * Subscribe pages (`/subscribe`, `/tags/<tag>/subscribe`, `/authors/<author>/subscribe`):
 * the human side of a scope's feeds. A person who wanted "the feed" lands here rather than on raw XML:
 * what the feed is, its address in each format with a Copy button, readers to paste
 * it into, the OPML of every feed, and a preview of the newest items.
 */
import { FORMAT_LABELS } from "../model/formats";
import { combinationPhrase, scopeAbout, scopeName, scopeTitle } from "../model/scope";
import type { FeedScope } from "../model/types";
import { absoluteUrl, scopePagePath, subscribePath } from "../model/urls";
import type { Archive } from "../query/archive";
import { escapeAttribute as attr, escapeText as text } from "../text/escape";
import { page } from "./pages";
import {
  articleList,
  countLabel,
  dateHtml,
  FEED_READERS,
  opmlLink,
  scopeFeeds,
  scopeSection,
  subscribeBlock,
  tagLink,
} from "./parts";

/** Items previewed: enough to recognise the feed, few enough to keep the page short. */
const PREVIEW_SIZE = 5;

/** What a scope's feed holds, in a sentence whose names link to their pages. */
function scopeHoldings(archive: Archive, scope: FeedScope): string {
  const { site } = archive;
  switch (scope.kind) {
    case "site":
      return `Every article published on ${text(site.title)}: ${text(site.description)}`;
    case "combination":
      return `Every article on ${text(site.title)} tagged ${combinationPhrase(
        scope.mode,
        scope.tags.map((tag) => tagLink(tag)),
      )}.`;
    default: {
      const about = scopeAbout(scope);
      const link = `<a href="${attr(scopePagePath(scope))}">${text(scopeName(site, scope))}</a>`;
      const relation = scope.kind === "tag" ? "tagged" : "by";
      return `Every article on ${text(site.title)} ${relation} ${link}.${about ? ` ${text(about)}` : ""}`;
    }
  }
}

export async function subscribePage(archive: Archive, scope: FeedScope, now: number, origin: string): Promise<string> {
  const { site } = archive;
  const view = archive.view(scope, now);
  const newest = await view.newest(PREVIEW_SIZE);
  const name = scopeName(site, scope);
  const what = scopeHoldings(archive, scope);
  const latest = newest[0] ? ` The newest is from ${dateHtml(newest[0].published)}.` : "";
  const state =
    view.count === 0
      ? "Nothing has been published here yet; subscribe now and new articles will reach your reader as they appear."
      : `${countLabel(view.count)} so far; the feed holds the newest ${site.feedSize}, and older ones stay reachable from it.${latest}`;
  const readers = FEED_READERS.map(
    (reader) =>
      `<li><a href="${attr(reader.url)}">${text(reader.name)}</a> <span class="muted">${text(reader.where)}</span></li>`,
  ).join("\n");
  const body = `<h1>Follow ${text(name)}</h1>
<p class="lead">${what}</p>
<p class="muted">${state}</p>
${subscribeBlock(scope, origin, { heading: "Feed addresses" })}
<section aria-labelledby="formats"><h2 id="formats">Which format?</h2>
<p>Any of them: the three carry the same articles with the same ids. ${FORMAT_LABELS.rss} works in every reader, ${FORMAT_LABELS.atom} is the most precise about dates and authors, and ${FORMAT_LABELS.json} suits readers and scripts that prefer JSON.</p></section>
<section aria-labelledby="readers"><h2 id="readers">Feed readers</h2>
<p>A feed reader checks the feeds you follow and shows what is new. A few good ones:</p>
<ul class="readers">
${readers}
</ul></section>
<section aria-labelledby="everything"><h2 id="everything">Every feed at once</h2>
<p>Download ${opmlLink("the OPML file")} and import it into your reader: it lists the site feed and the feeds of every tag and every author, so you can pick there.</p></section>
<section aria-labelledby="preview"><h2 id="preview">Latest in this feed</h2>
${articleList(newest)}</section>`;
  return page(archive, origin, {
    title: `Follow ${name} · ${site.title}`,
    description: `Subscribe to ${name} in your feed reader: RSS, Atom and JSON Feed.`,
    canonical: absoluteUrl(origin, subscribePath(scope)),
    feeds: scopeFeeds(scope, scopeTitle(site, scope), origin),
    body,
    section: scopeSection(scope),
  });
}
