/**
 * Author feeds on the authors fixture, with a clock the test moves: the author index
 * and pages, every author URL and its feeds and archives, other spellings answered
 * with a 301, unknown and not-yet-public authors with a 404, the OPML, article pages
 * linking their authors, and each item naming its authors with their URL. Output is
 * read with parsers that share no code with ours.
 */
import { describe, expect, it } from "vitest";
import { appWithClock, fixture, parseFeed, parseHtml, parseXml, validateJsonFeed } from "./support";

const NOW = "2024-06-01T00:00:00Z";
/** The scheduled article by Noor Haddad (undeclared) and Ines Vale (declared) appears then. */
const APPEARS = "2099-01-01T09:00:00Z";
const ORIGIN = "http://localhost";
const FILES = ["rss.xml", "atom.xml", "feed.json"];
const bundle = fixture("authors");

interface JsonFeed {
  title: string;
  feed_url: string;
  home_page_url: string;
  authors: { name: string; url?: string; avatar?: string }[];
  next_url?: string;
  items: { id: string; title: string; authors?: { name: string; url?: string }[]; author?: { name: string } }[];
}

const MARA = "https://mara-quill.example/";
/** Mara Quill's visible articles in the fixture, newest first: she is named as "mara quill", "M. Quill" and "Mara Quill". */
const MARAS_TITLES = ["Gulls on the breakwater", "The harbour pilots, in their own words", "Reading the tide tables"];

describe("the author index", () => {
  const { get } = appWithClock(bundle, NOW);

  it("says there is nobody yet on a site without authors, and its OPML lists the site's and tags' feeds only", async () => {
    const authorless = ["timeline", "lifecycle", "hostile", "dropin"].map(fixture).find((b) => b.authors.length === 0);
    expect(authorless).toBeDefined();
    const { get: getEmpty } = appWithClock(authorless ?? bundle, NOW);
    const res = await getEmpty("/authors");
    expect(res.status).toBe(200);
    expect(parseHtml(await res.text()).text()).toContain("No authors yet.");
    const opml = parseXml(await (await getEmpty("/feeds.opml")).text());
    const urls = Array.from(opml.getElementsByTagName("outline"), (outline) => outline.getAttribute("xmlUrl") ?? "");
    expect(urls.filter((url) => url.includes("/authors/"))).toEqual([]);
    expect(urls.length).toBeGreaterThan(3);
  });

  it("lists every author with a visible article, with counts and links to their pages and subscribe pages", async () => {
    const res = await get("/authors");
    expect(res.status).toBe(200);
    const html = parseHtml(await res.text());
    const names = html.find("a", (a) => a.attribs.class === "name").map((a) => html.text(a));
    expect(names).toEqual(["Mara Quill", "Teo Brandt", "Jun Okafor"]);
    const text = html.text();
    expect(text).toMatch(/Mara Quill 3 articles/);
    expect(text).toMatch(/Teo Brandt 1 article\b/);
    const links = html.values("a", "href");
    for (const slug of ["mara-quill", "teo-brandt", "jun-okafor"]) {
      expect(links).toContain(`/authors/${slug}`);
      expect(links).toContain(`/authors/${slug}/subscribe`);
    }
  });

  it("leaves out authors whose only articles are scheduled or drafts", async () => {
    const text = await (await get("/authors")).text();
    for (const name of ["Noor Haddad", "Ines Vale", "Draft Person"]) expect(text).not.toContain(name);
  });
});

describe("an author's page and subscribe page", () => {
  const { get } = appWithClock(bundle, NOW);

  it("shows the author's name, picture, bio and site, their feed addresses and their articles", async () => {
    const html = parseHtml(await (await get("/authors/mara-quill")).text());
    expect(html.text(html.find("h1")[0])).toBe("Mara Quill");
    expect(html.text()).toContain("Covers ports, pilots and the people who keep ships moving.");
    expect(html.values("img", "src")).toContain("/img/mara.png");
    expect(html.values("a", "href")).toContain(MARA);
    expect(html.values("input", "value")).toEqual(FILES.map((file) => `${ORIGIN}/authors/mara-quill/${file}`));
    expect(html.find("h3").map((h3) => html.text(h3))).toEqual(MARAS_TITLES);
    const discovery = html.find("link", (l) => html.attr(l, "rel") === "alternate");
    expect(discovery.map((l) => html.attr(l, "href"))).toEqual(
      FILES.map((file) => `${ORIGIN}/authors/mara-quill/${file}`),
    );
  });

  it("gives an undeclared author a page under the slug of their name, linking the site an article gave", async () => {
    const html = parseHtml(await (await get("/authors/jun-okafor")).text());
    expect(html.text(html.find("h1")[0])).toBe("Jun Okafor");
    expect(html.values("a", "href")).toContain("https://jun-okafor.example/");
    expect(html.find("h3").map((h3) => html.text(h3))).toEqual(["A new crane arrives"]);
  });

  it("has a subscribe page with the author's feed addresses", async () => {
    const res = await get("/authors/teo-brandt/subscribe");
    expect(res.status).toBe(200);
    const html = parseHtml(await res.text());
    expect(html.text(html.find("h1")[0])).toBe("Follow Teo Brandt");
    expect(html.values("button", "data-copy")).toEqual(FILES.map((file) => `${ORIGIN}/authors/teo-brandt/${file}`));
  });
});

describe("author URLs", () => {
  const { get } = appWithClock(bundle, NOW);

  it.each([
    ["/authors/Mara%20Quill", "/authors/mara-quill"],
    ["/authors/MARA-QUILL", "/authors/mara-quill"],
    ["/authors/M.%20Quill/atom.xml", "/authors/mara-quill/atom.xml"],
    ["/authors/mara-q/feed.json", "/authors/mara-quill/feed.json"],
    ["/authors/Theo%20Brandt/subscribe", "/authors/teo-brandt/subscribe"],
    ["/authors/Jun%20Okafor/rss.xml?from=reader", "/authors/jun-okafor/rss.xml?from=reader"],
    ["/authors/MARA-QUILL/archive/1/atom.xml", "/authors/mara-quill/archive/1/atom.xml"],
  ])("%s answers 301 to %s", async (path, location) => {
    const res = await get(path);
    expect(res.status).toBe(301);
    expect(res.headers.get("Location")).toBe(location);
  });

  it.each([
    "/authors/nobody",
    "/authors/nobody/rss.xml",
    "/authors/mara-quill/feed.xml",
    "/authors/mara-quill/archive/2/atom.xml",
    "/authors/mara-quill/archive/0/atom.xml",
    // Drafts bring nobody into existence.
    "/authors/draft-person",
    // Authors whose only article is scheduled: undeclared, and declared in authors.yaml.
    "/authors/noor-haddad",
    "/authors/Noor%20Haddad",
    "/authors/noor-haddad/atom.xml",
    "/authors/noor-haddad/subscribe",
    "/authors/ines-vale",
    "/authors/ines-vale/feed.json",
  ])("%s answers a readable 404", async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(parseHtml(await res.text()).text()).toMatch(/no such (author|feed|archive page)/i);
  });
});

describe("author feeds", () => {
  const { get } = appWithClock(bundle, NOW);

  it("hold the author's newest articles in all three formats, with the ids of the site feed", async () => {
    const site = (await (await get("/feed.json")).json()) as JsonFeed;
    const older = (await (await get("/archive/2/feed.json")).json()) as JsonFeed;
    const ids = new Map([...site.items, ...older.items].map((item) => [item.title, item.id]));
    // feed_size is 2: the newest two of Mara's three articles.
    const expected = MARAS_TITLES.slice(0, 2).map((title) => ids.get(title));
    const rss = parseXml(await (await get("/authors/mara-quill/rss.xml")).text());
    const atom = parseXml(await (await get("/authors/mara-quill/atom.xml")).text());
    const json = (await (await get("/authors/mara-quill/feed.json")).json()) as JsonFeed;
    expect(Array.from(rss.getElementsByTagName("guid"), (g) => g.textContent)).toEqual(expected);
    const entries = Array.from(atom.getElementsByTagName("entry"));
    expect(entries.map((e) => e.getElementsByTagName("id")[0]?.textContent)).toEqual(expected);
    expect(json.items.map((item) => item.id)).toEqual(expected);
    expect(validateJsonFeed(json)).toEqual([]);
  });

  it("say whose they are and link to themselves and the author's page", async () => {
    const json = (await (await get("/authors/mara-quill/feed.json")).json()) as JsonFeed;
    expect(json.title).toMatch(/Mara Quill/);
    expect(json.feed_url).toBe(`${ORIGIN}/authors/mara-quill/feed.json`);
    expect(json.home_page_url).toBe(`${ORIGIN}/authors/mara-quill`);
    expect(json.authors).toEqual([{ name: "Mara Quill", url: MARA, avatar: `${ORIGIN}/img/mara.png` }]);
    const atom = parseXml(await (await get("/authors/mara-quill/atom.xml")).text());
    const links = Array.from(atom.getElementsByTagName("link")).filter((l) => l.parentNode === atom.documentElement);
    const rel = (name: string) => links.find((l) => l.getAttribute("rel") === name)?.getAttribute("href");
    expect(rel("self")).toBe(`${ORIGIN}/authors/mara-quill/atom.xml`);
    expect(rel("alternate")).toBe(`${ORIGIN}/authors/mara-quill`);
    expect(rel("prev-archive")).toBe(`${ORIGIN}/authors/mara-quill/archive/1/atom.xml`);
    const feed = parseFeed(await (await get("/authors/mara-quill/rss.xml")).text());
    expect(feed.title).toBe(json.title);
    expect(feed.link).toBe(`${ORIGIN}/authors/mara-quill`);
  });

  it("have RFC 5005 archive pages, reached from the subscription document", async () => {
    const page = (await (await get("/authors/mara-quill/archive/1/feed.json")).json()) as JsonFeed;
    expect(page.items.map((item) => item.title)).toEqual(MARAS_TITLES.slice(1));
    const rss = parseXml(await (await get("/authors/mara-quill/archive/1/rss.xml")).text());
    expect(rss.getElementsByTagName("fh:archive").length).toBe(1);
  });
});

describe("authors in every item", () => {
  const { get } = appWithClock(bundle, NOW);
  const CRANE = "A new crane arrives";

  it("Atom: each author with name and uri (their own site, else their page here)", async () => {
    const doc = parseXml(await (await get("/atom.xml")).text());
    const entry = Array.from(doc.getElementsByTagName("entry")).find(
      (e) => e.getElementsByTagName("title")[0]?.textContent === CRANE,
    );
    const authors = Array.from(entry?.getElementsByTagName("author") ?? [], (author) => [
      author.getElementsByTagName("name")[0]?.textContent,
      author.getElementsByTagName("uri")[0]?.textContent,
    ]);
    expect(authors).toEqual([
      ["Teo Brandt", `${ORIGIN}/authors/teo-brandt`],
      ["Jun Okafor", "https://jun-okafor.example/"],
    ]);
  });

  it("JSON Feed: authors[] with url, and the first as the 1.0 author", async () => {
    const json = (await (await get("/feed.json")).json()) as JsonFeed;
    const crane = json.items.find((item) => item.title === CRANE);
    expect(crane?.authors).toEqual([
      { name: "Teo Brandt", url: `${ORIGIN}/authors/teo-brandt` },
      { name: "Jun Okafor", url: "https://jun-okafor.example/" },
    ]);
    expect(crane?.author).toEqual(crane?.authors?.[0]);
    const gulls = json.items.find((item) => item.title === MARAS_TITLES[0]);
    expect(gulls?.authors?.map((author) => author.url)).toEqual([MARA]);
  });

  it("RSS: each author's name as dc:creator (RSS has no place for an author's URL)", async () => {
    const doc = parseXml(await (await get("/rss.xml")).text());
    const item = Array.from(doc.getElementsByTagName("item")).find(
      (i) => i.getElementsByTagName("title")[0]?.textContent === CRANE,
    );
    expect(Array.from(item?.getElementsByTagName("dc:creator") ?? [], (c) => c.textContent)).toEqual([
      "Teo Brandt",
      "Jun Okafor",
    ]);
  });

  it("an item without authors names none (the feed's own author covers it)", async () => {
    const json = (await (await get("/archive/1/feed.json")).json()) as JsonFeed;
    const notice = json.items.find((item) => item.title === "Harbour office hours");
    expect(notice).toBeDefined();
    expect(notice?.authors).toBeUndefined();
  });
});

describe("article pages", () => {
  const { get } = appWithClock(bundle, NOW);

  it("link each author to their page, with rel=author, under the name authors.yaml gives", async () => {
    const html = parseHtml(await (await get("/articles/gulls")).text());
    const byline = html.find("a", (a) => html.attr(a, "rel") === "author");
    // The article writes "M. Quill"; the page names her as authors.yaml does.
    expect(byline.map((a) => [html.text(a), html.attr(a, "href")])).toEqual([["Mara Quill", "/authors/mara-quill"]]);
    const crane = parseHtml(await (await get("/articles/crane-delivery")).text());
    expect(crane.find("a", (a) => crane.attr(a, "rel") === "author").map((a) => crane.attr(a, "href"))).toEqual([
      "/authors/teo-brandt",
      "/authors/jun-okafor",
    ]);
  });
});

describe("the OPML", () => {
  it("lists each public author's three feeds, and no author who is not public yet", async () => {
    const { get } = appWithClock(bundle, NOW);
    const doc = parseXml(await (await get("/feeds.opml")).text());
    const urls = Array.from(doc.getElementsByTagName("outline"), (o) => o.getAttribute("xmlUrl") ?? "");
    const authorFeeds = urls.filter((url) => url.includes("/authors/"));
    expect(authorFeeds).toEqual(
      ["mara-quill", "teo-brandt", "jun-okafor"].flatMap((slug) =>
        FILES.map((file) => `${ORIGIN}/authors/${slug}/${file}`),
      ),
    );
    for (const outline of Array.from(doc.getElementsByTagName("outline"))) {
      const url = outline.getAttribute("xmlUrl") ?? "";
      if (url.includes("/authors/mara-quill/")) {
        expect(outline.getAttribute("htmlUrl")).toBe(`${ORIGIN}/authors/mara-quill`);
      }
    }
  });
});

describe("an author whose only articles are scheduled", () => {
  const scheduledOnly = ["noor-haddad", "ines-vale"];

  it("is nowhere before the article's instant, and everywhere once it is visible, without a rebuild", async () => {
    const { get, clock } = appWithClock(bundle, "2098-12-31T23:59:59Z");
    const everywhere = async () =>
      (await Promise.all(["/authors", "/feeds.opml", "/", "/rss.xml"].map(async (p) => (await get(p)).text()))).join();
    const before = await everywhere();
    for (const slug of scheduledOnly) {
      expect(before).not.toContain(`/authors/${slug}`);
      expect((await get(`/authors/${slug}/atom.xml`)).status).toBe(404);
    }
    expect(before).not.toContain("Noor Haddad");

    clock.set(APPEARS);
    const after = await everywhere();
    for (const slug of scheduledOnly) {
      expect(after).toContain(`${ORIGIN}/authors/${slug}/atom.xml`);
      const feed = await get(`/authors/${slug}/feed.json`);
      expect(feed.status).toBe(200);
      expect(((await feed.json()) as JsonFeed).items.map((item) => item.title)).toEqual([
        "First column from the new desk",
      ]);
    }
    expect((await get("/authors/Noor%20Haddad")).status).toBe(301);
  });
});
