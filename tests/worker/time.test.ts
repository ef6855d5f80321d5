/**
 * Visibility over time, on the timeline fixture with a clock the test moves: drafts
 * never appear; a scheduled article (and an undeclared tag only it uses) is
 * invisible everywhere until its instant, then appears without a rebuild; only the
 * documents it belongs to are rendered again.
 */
import { describe, expect, it } from "vitest";
import { appWithClock, fixture, parseXml } from "./support";

const BEFORE = "2024-02-15T00:00:00Z";
const INSTANT = "2024-03-01T09:00:00Z";
const JUST_BEFORE = "2024-03-01T08:59:59.999Z";

const ROUTES = [
  "/",
  "/rss.xml",
  "/atom.xml",
  "/feed.json",
  "/tags",
  "/tags/alpha",
  "/tags/alpha/rss.xml",
  "/tags/alpha/atom.xml",
  "/tags/alpha/feed.json",
  "/tags/beta",
  "/tags/beta/atom.xml",
  "/feeds.opml",
  "/articles/first",
];

async function bodies(get: (path: string) => Response | Promise<Response>): Promise<string> {
  return (await Promise.all(ROUTES.map(async (path) => (await get(path)).text()))).join("\n");
}

describe("drafts", () => {
  it("never appear on any route, nor does a tag only a draft uses", async () => {
    const { get } = appWithClock(fixture("timeline"), "2030-01-01T00:00:00Z");
    const everything = await bodies(get);
    expect(everything).not.toContain("Draft Never Seen");
    expect(everything).not.toContain("Draft Only Topic");
    expect((await get("/articles/draft")).status).toBe(404);
    expect((await get("/tags/draft-only-topic")).status).toBe(404);
    expect((await get("/tags/draft-only-topic/rss.xml")).status).toBe(404);
  });
});

describe("a scheduled article", () => {
  it("is invisible everywhere before its instant: feeds, pages, counts, OPML, its undeclared tag", async () => {
    const { get } = appWithClock(fixture("timeline"), JUST_BEFORE);
    const everything = await bodies(get);
    expect(everything).not.toContain("Scheduled");
    expect(everything).not.toContain("Embargoed Topic");
    expect((await get("/articles/scheduled")).status).toBe(404);
    expect((await get("/tags/embargoed-topic")).status).toBe(404);
    expect((await get("/tags/Embargoed%20Topic")).status).toBe(404);
    expect((await get("/tags/embargoed-topic/atom.xml")).status).toBe(404);
    // A declared tag whose only article is scheduled is a valid, empty feed.
    const beta = await get("/tags/beta/atom.xml");
    expect(beta.status).toBe(200);
    expect(parseXml(await beta.text()).getElementsByTagName("entry").length).toBe(0);
    expect(await (await get("/tags")).text()).toContain(`>Beta</a> <span class="count">0 articles</span>`);
  });

  it("appears at its instant without a rebuild, in every document it belongs to", async () => {
    const { get, clock } = appWithClock(fixture("timeline"), JUST_BEFORE);
    const before = await Promise.all(ROUTES.map((path) => get(path)));
    clock.set(INSTANT);
    const after = await Promise.all(ROUTES.map((path) => get(path)));

    const changed = ROUTES.filter((_, i) => before[i]?.headers.get("ETag") !== after[i]?.headers.get("ETag"));
    expect(changed).toEqual([
      "/",
      "/rss.xml",
      "/atom.xml",
      "/feed.json",
      "/tags",
      "/tags/beta",
      "/tags/beta/atom.xml",
      "/feeds.opml",
    ]);
    const rss = parseXml(await (await get("/rss.xml")).text());
    expect(rss.getElementsByTagName("title")[1]?.textContent).toBe("Scheduled");
    expect((await get("/articles/scheduled")).status).toBe(200);
    expect((await get("/tags/embargoed-topic/feed.json")).status).toBe(200);
    expect((await get("/tags/Embargoed%20Topic")).status).toBe(301);
    expect(await (await get("/feeds.opml")).text()).toContain("/tags/embargoed-topic/atom.xml");
    expect(await (await get("/")).text()).toContain("Embargoed Topic");
  });

  it("invalidates exactly the documents it belongs to and re-renders nothing else", async () => {
    const { get, clock, services } = appWithClock(fixture("timeline"), BEFORE);
    const paths = ["/atom.xml", "/tags/alpha/atom.xml", "/tags/beta/atom.xml", "/articles/first"];
    for (const path of paths) await get(path);
    const rendered = services.cache.renders;
    for (const path of paths) await get(path);
    expect(services.cache.renders, "served from memory").toBe(rendered);

    clock.set(INSTANT);
    for (const path of paths) await get(path);
    expect(services.cache.renders, "site and beta feeds only").toBe(rendered + 2);
  });

  it("keeps an unchanged document byte-identical as time passes", async () => {
    const { get, clock } = appWithClock(fixture("timeline"), BEFORE);
    const first = await (await get("/tags/alpha/atom.xml")).text();
    clock.set("2031-06-01T00:00:00Z");
    expect(await (await get("/tags/alpha/atom.xml")).text()).toBe(first);
  });
});

describe("article pages", () => {
  it("show the record's image on the serving origin, and JSON Feed carries it", async () => {
    const { get } = appWithClock(fixture("timeline"), BEFORE);
    expect(await (await get("/articles/first")).text()).toContain(
      '<img src="http://localhost/images/first.jpg" alt="">',
    );
    const json = (await (await get("/tags/alpha/archive/1/feed.json")).json()) as { items: { image?: string }[] };
    expect(json.items.map((i) => i.image)).toEqual([undefined, "http://localhost/images/first.jpg"]);
  });
});

describe("ordering and size", () => {
  it("lists newest first, breaks ties by id, and holds feed_size items", async () => {
    const { get } = appWithClock(fixture("timeline"), BEFORE);
    const json = (await (await get("/feed.json")).json()) as { items: { id: string }[] };
    // Second and third share an instant; ids order them. feed_size is 2 in this fixture. Third's
    // pinned id is no URI, so JSON Feed carries it as written (Atom's id, which orders, is a tag: of it).
    expect(json.items.map((i) => i.id)).toEqual(["pinned-third", "tag:timeline.example,2023-12-01:second"]);
  });

  it("resolves the second article's alias tag to the canonical one", async () => {
    const { get } = appWithClock(fixture("timeline"), BEFORE);
    const alpha = (await (await get("/tags/alpha/feed.json")).json()) as { items: { title: string }[] };
    expect(alpha.items.map((i) => i.title)).toEqual(["Second", "First"]);
    const redirect = await get("/tags/The%20Alpha%20Topic/rss.xml");
    expect(redirect.headers.get("Location")).toBe("/tags/alpha/rss.xml");
  });
});
