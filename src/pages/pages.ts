/**
 * The HTML pages of DESIGN.md: home, tag index, author index, the page of a tag or
 * an author, article page, and the 404 and 410 bodies. Each takes the archive view it needs and returns a complete
 * document; none of them walks the whole archive.
 */
import { articleHtml } from "../feeds/body";
import {
  PAGE_SIZE,
  combinationPhrase,
  type ScopeAddress,
  scopeAbout,
  scopeDescription,
  scopeName,
  scopeTitle,
} from "../model/scope";
import type {
  AuthorScope,
  FeedScope,
  NamedScope,
  RetiredTag,
  SiteConfig,
  StoredArticle,
  TagScope,
  UnpublishedNote,
} from "../model/types";
import { absoluteUrl, articlePath, authorPath, scopePagePath, subscribePath, tagPath } from "../model/urls";
import type { Archive } from "../query/archive";
import { type CombinationProblem, MAX_COMBINED_TAGS } from "../query/tag-address";
import { escapeAttribute as attr, escapeText as text } from "../text/escape";
import { layout, type PageOptions, type Section } from "./layout";
import {
  articleList,
  articleTags,
  countLabel,
  dateHtml,
  opmlLink,
  scopeFeeds,
  scopeSection,
  subscribeBlock,
  tagLink,
  topicList,
} from "./parts";

export { PAGE_SIZE };

/**
 * How many articles a scope's page lists. A combination's articles may lie one per
 * pack, so its page lists what its feed holds, which bounds what one render reads.
 */
export function pageSize(archive: Archive, scope: FeedScope): number {
  return scope.kind === "combination" ? archive.site.feedSize : PAGE_SIZE;
}

type ShellOptions = Omit<PageOptions, "siteTitle" | "copyright" | "lang" | "feeds" | "problems" | "warnings"> &
  Partial<Pick<PageOptions, "feeds">>;

/** The layout with what every page of this site shares filled in (site feeds by default, the build problems). */
export function page(archive: Archive, origin: string, options: ShellOptions): string {
  const { site } = archive;
  return layout({
    feeds: scopeFeeds({ kind: "site" }, site.title, origin),
    ...options,
    siteTitle: site.title,
    copyright: site.copyright,
    lang: site.language,
    problems: archive.problems,
    warnings: archive.preview.warnings,
    ...(site.icon ? { icon: site.icon } : {}),
  });
}

/** The home page; `topics` are its list of tags' items when they are written elsewhere (pages/lists.ts). */
export async function homePage(archive: Archive, now: number, origin: string, topics?: string): Promise<string> {
  const { site } = archive;
  const newest = await archive.view({ kind: "site" }, now).newest(PAGE_SIZE);
  const body = `<h1>${text(site.title)}</h1>
<p class="lead">${text(site.description)}</p>
${unpublishedSection(archive.preview.unpublished, now)}<section aria-labelledby="latest"><h2 id="latest">Latest articles</h2>
${articleList(newest)}</section>
${subscribeBlock({ kind: "site" }, origin, {
  heading: `Follow ${site.title}`,
  moreLink: subscribePath({ kind: "site" }),
})}
<section aria-labelledby="topics"><h2 id="topics">Topics</h2>
<p>Every topic has its own feed: follow only what you want. Or take them all at once: ${opmlLink("every feed as OPML")}.</p>
${topicList(archive.publicTags(now, topics === undefined ? Infinity : 1), "", topics)}</section>`;
  return page(archive, origin, {
    title: site.title,
    description: site.description,
    canonical: absoluteUrl(origin, "/"),
    body,
    section: "home",
  });
}

/** How the preview marks an article that is not public: the words on its page and in the home page's list. */
export function unpublishedLabel(note: Pick<UnpublishedNote, "status" | "when">): string {
  return note.status === "draft" ? "Draft — not published" : `Scheduled for ${note.when}`;
}

/**
 * The preview's list of what is not public yet, on the home page: drafts, and articles
 * scheduled after `now`. Empty in a deploy, which has no such notes.
 */
function unpublishedSection(notes: readonly UnpublishedNote[], now: number): string {
  const waiting = notes.filter((note) => note.status === "draft" || note.published > now);
  if (waiting.length === 0) return "";
  const items = waiting.map(
    (note) =>
      `<li><a href="${attr(articlePath(note.slug))}">${text(note.title)}</a> <span class="muted">(${text(unpublishedLabel(note))})</span></li>`,
  );
  return `<section aria-labelledby="not-public" class="preview-notice"><h2 id="not-public">Not public yet</h2>
<p>Only this preview lists these, and answers at their addresses; no feed, page or sitemap of the site names them.</p>
<ul>
${items.join("\n")}
</ul></section>
`;
}

/** What an index of tags or of authors says around its list. */
interface IndexText {
  heading: string;
  lead: string;
  /** Said when the list is empty. */
  none: string;
  path: string;
  description: string;
  section: Section;
  /** True for the tag index: the list is a form that combines the tags ticked (each tag has its box). */
  combinable?: boolean;
}

/** The box that picks a tag for the combine form. */
function combineBox(slug: string, name: string): string {
  const pick = `combine-${slug}`;
  return `<input type="checkbox" name="tag" value="${attr(slug)}" id="${attr(pick)}"><label for="${attr(pick)}" class="vh">Combine ${text(name)}</label> `;
}

/** The tag list inside the combine form: a GET form, so it works without the script (`/tags?tag=a&tag=b&match=any` answers 303 to `/tags/a,b`). */
function combineForm(items: string): string {
  return `<form class="combine" method="get" action="/tags">
<ul class="tag-index">
${items}</ul>
<fieldset id="combine">
<legend>Combine the tags you ticked</legend>
<p class="muted">Up to ${MAX_COMBINED_TAGS} tags in one feed, with a page and feeds of its own.</p>
<p class="choices"><label><input type="radio" name="match" value="all" checked> Articles with all of them</label>
<label><input type="radio" name="match" value="any"> Articles with any of them</label></p>
<button type="submit">Show the combination</button>
</fieldset>
</form>`;
}

/** A tag or an author in an index: its count, a link to its page and one to follow it (with its line's end). */
export function indexItem(site: SiteConfig, scope: TagScope | AuthorScope, count: number): string {
  const name = scopeName(site, scope);
  const about = scopeAbout(scope);
  const follow = subscribePath(scope);
  const description = about ? `\n<p class="muted">${text(about)}</p>` : "";
  const pick = scope.kind === "tag" ? combineBox(scope.tag.slug, name) : "";
  return `<li><span>${pick}<a class="name" href="${attr(scopePagePath(scope))}">${text(name)}</a> <span class="count">${countLabel(count)}</span></span>
<a class="follow" href="${attr(follow)}">Follow<span class="vh"> ${text(name)}</span></a>${description}</li>\n`;
}

/**
 * An index of tags or authors: each with its count, a link to its page and one to
 * follow it. `items` are the list's items when they are written elsewhere (a slot the
 * route fills, pages/lists.ts).
 */
function scopeIndexPage(
  archive: Archive,
  origin: string,
  entries: { scope: TagScope | AuthorScope; count: number }[],
  index: IndexText,
  items = entries.map(({ scope, count }) => indexItem(archive.site, scope, count)).join(""),
): string {
  const { site } = archive;
  const list =
    entries.length === 0
      ? `<p class="muted">${index.none}</p>`
      : index.combinable
        ? combineForm(items)
        : `<ul class="tag-index">\n${items}</ul>`;
  const combine =
    index.combinable && entries.length > 1
      ? ` To follow several tags in one feed, tick them and <a href="#combine">combine them</a>.`
      : "";
  return page(archive, origin, {
    title: `${index.heading} · ${site.title}`,
    description: index.description,
    canonical: absoluteUrl(origin, index.path),
    body: `<h1>${index.heading}</h1>\n<p class="lead">${index.lead}${combine}</p>\n${list}`,
    section: index.section,
  });
}

export function tagIndexPage(archive: Archive, now: number, origin: string, items?: string): string {
  // With its items written elsewhere, the page needs only to know whether it lists none, one or more.
  const entries = archive
    .publicTags(now, items === undefined ? Infinity : 2)
    .map(({ tag, count }) => ({ scope: { kind: "tag", tag } as const, count }));
  return scopeIndexPage(
    archive,
    origin,
    entries,
    {
      heading: "Tags",
      lead: `Each tag has its own RSS, Atom and JSON feed. Follow the ones you care about, or import ${opmlLink("all of them as OPML")}.`,
      none: "No tags yet.",
      path: "/tags",
      description: `Every tag of ${archive.site.title} with its feeds.`,
      section: "tags",
      combinable: true,
    },
    items,
  );
}

export function authorIndexPage(archive: Archive, now: number, origin: string, items?: string): string {
  const { site } = archive;
  const entries = archive
    .publicAuthors(now, items === undefined ? Infinity : 2)
    .map(({ author, count }) => ({ scope: { kind: "author", author } as const, count }));
  return scopeIndexPage(
    archive,
    origin,
    entries,
    {
      heading: "Authors",
      lead: `Everyone who writes for ${text(site.title)}. Each author has an RSS, Atom and JSON feed of their articles; ${opmlLink("the OPML file")} lists them all.`,
      none: "No authors yet.",
      path: "/authors",
      description: `Every author of ${site.title} with their feeds.`,
      section: "authors",
    },
    items,
  );
}

/**
 * What a scope's page says first: the tag's description, the tags a combination
 * joins (each linked), or the author's picture, bio and site.
 */
function scopeIntro(scope: NamedScope): string {
  const about = scopeAbout(scope);
  if (scope.kind === "tag") return about ? text(about) : `Articles about ${text(scope.tag.name)}.`;
  if (scope.kind === "combination") {
    return `Articles tagged ${combinationPhrase(
      scope.mode,
      scope.tags.map((tag) => tagLink(tag)),
    )}.`;
  }
  const { author } = scope;
  const avatar = author.avatar
    ? `<img class="avatar" src="${attr(author.avatar)}" alt="" width="64" height="64"> `
    : "";
  const site = author.url ? ` <a href="${attr(author.url)}" rel="me">${text(author.name)}’s site</a>.` : "";
  return `${avatar}${about ? text(about) : `Articles by ${text(author.name)}.`}${site}`;
}

/** The page of a tag, a combination of tags or an author: what it is, its feeds to follow, and its newest articles. */
export async function scopePage(archive: Archive, scope: NamedScope, now: number, origin: string): Promise<string> {
  const { site } = archive;
  const name = scopeName(site, scope);
  const view = archive.view(scope, now);
  const size = pageSize(archive, scope);
  const more = view.count > size ? `<p class="muted">Showing the newest ${size} of ${view.count}.</p>` : "";
  const body = `<h1>${text(name)}</h1>
<p class="lead">${scopeIntro(scope)} <span class="count">${countLabel(view.count)}</span></p>
${subscribeBlock(scope, origin, { heading: `Follow ${name}`, moreLink: subscribePath(scope) })}
<section aria-labelledby="articles"><h2 id="articles">Articles</h2>
${articleList(await view.newest(size))}
${more}</section>`;
  return page(archive, origin, {
    title: `${name} · ${site.title}`,
    description: scopeDescription(site, scope),
    canonical: absoluteUrl(origin, scopePagePath(scope)),
    feeds: scopeFeeds(scope, scopeTitle(site, scope), origin),
    body,
    section: scopeSection(scope),
  });
}

/** An article's authors, each linked to their page (`rel="author"`). */
function bylineHtml(article: StoredArticle): string {
  if (article.authors.length === 0) return "";
  const names = article.authors.map(
    (author) => `<a href="${attr(authorPath(author.slug))}" rel="author">${text(author.name)}</a>`,
  );
  return ` · by ${names.join(", ")}`;
}

/** An article's page; `notice` is the preview's mark of one that is not public (see `unpublishedLabel`). */
export function articlePage(archive: Archive, article: StoredArticle, origin: string, notice?: string): string {
  const { site } = archive;
  const source = article.source
    ? ` · first published by ${
        article.source.url
          ? `<a href="${attr(article.source.url)}">${text(article.source.name)}</a>`
          : text(article.source.name)
      }`
    : "";
  const updated = article.updated > article.published ? ` · updated ${dateHtml(article.updated)}` : "";
  const tags = articleTags(archive, article);
  const footer =
    tags.length > 0
      ? `<footer class="article-foot"><h2>Tags</h2>
${topicList(tags, "tag")}
<p class="muted">Each tag has a feed: open one to follow it.</p></footer>`
      : "";
  const body = `<article lang="${attr(article.lang)}">
<header class="article-head">${notice ? `<p class="preview-notice" role="note"><strong>${text(notice)}</strong></p>\n` : ""}<h1>${text(article.title)}</h1>
<p class="meta">${dateHtml(article.published)}${updated}${bylineHtml(article)}${source}</p></header>
<div class="prose">
${articleHtml(article, origin)}
</div>
${footer}
</article>`;
  return page(archive, origin, {
    title: `${article.title} · ${site.title}`,
    description: article.summary,
    canonical: absoluteUrl(origin, articlePath(article.slug)),
    body,
  });
}

export function notFoundPage(archive: Archive, origin: string, what: string): string {
  return page(archive, origin, {
    title: `Not found · ${archive.site.title}`,
    canonical: absoluteUrl(origin, "/"),
    body: `<h1>Not found</h1>\n<p>${text(what)}</p>\n<p><a href="/">Home</a> · <a href="/tags">All tags</a></p>`,
  });
}

/** The 410 body of a retired tag: what happened, and where its articles still are. */
export function gonePage(archive: Archive, origin: string, tag: RetiredTag): string {
  const { site } = archive;
  const body = `<h1>${text(tag.name)} is no longer published</h1>
<p class="lead">${text(tag.reason)}</p>
<p>This tag's page and feeds are gone for good, so feed readers can drop the subscription. The articles it held are still on ${text(site.title)}: they are in the <a href="${attr(subscribePath({ kind: "site" }))}">site feed</a>, and the <a href="/tags">tag index</a> lists the topics that are still followed.</p>`;
  return page(archive, origin, {
    title: `${tag.name} is no longer published · ${site.title}`,
    canonical: absoluteUrl(origin, tagPath(tag.slug)),
    body,
  });
}

/** Why a tag combination cannot be shown (the 400 body), the addresses that would work, and the rule. */
export function invalidCombinationPage(
  archive: Archive,
  origin: string,
  problem: CombinationProblem,
  suggestions: readonly ScopeAddress[],
): string {
  const why = {
    mixed:
      "This address mixes “+” (articles with all of the tags) and “,” (articles with any of them); a combination uses one of the two.",
    "too-many": `This address combines ${problem.kind === "too-many" ? problem.count : ""} tags; a combination takes at most ${MAX_COMBINED_TAGS}.`,
    "empty-name": "This address has an empty tag name: two separators in a row, or one at either end.",
    "none-chosen": "No tag was ticked: tick the tags to combine in the tag index, then combine them.",
  }[problem.kind];
  const links = suggestions.map((address) => {
    const url = absoluteUrl(origin, scopePagePath(address));
    return `<a href="${attr(url)}">${text(url)}</a>`;
  });
  const meant = links.length > 0 ? `\n<p>Perhaps you meant ${links.join(" or ")}.</p>` : "";
  const body = `<h1>This tag combination cannot be shown</h1>
<p class="lead">${text(why)}</p>${meant}
<p>A combination names up to ${MAX_COMBINED_TAGS} tags the way their own pages do: <code>${text("/tags/<tag>+<tag>")}</code> lists the articles that carry all of them, <code>${text("/tags/<tag>,<tag>")}</code> those that carry any of them. The <a href="/tags#combine">tag index</a> builds the address for you.</p>`;
  return page(archive, origin, {
    title: `Tag combination not shown · ${archive.site.title}`,
    canonical: absoluteUrl(origin, "/tags"),
    body,
    section: "tags",
  });
}
