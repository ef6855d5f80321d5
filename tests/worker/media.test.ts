/**
 * Pictures and attachments where each reader looks for them, on the authors fixture:
 * the RSS enclosure (FreshRSS and SimplePie take the first), Atom `link rel="enclosure"`,
 * Media RSS `media:content` and `media:thumbnail` (Feedly, feedparser's media_content),
 * the lead image of the content (NetNewsWire), JSON Feed `image` and `attachments`; the
 * feed-level icon and logo; and `feed_content: summary`. XML is read namespace-aware by
 * xmldom, as feedparser and SimplePie read it: by namespace and attribute, not by prefix.
 */
import { describe, expect, it } from "vitest";
import type { Element } from "@xmldom/xmldom";
import type { ContentBundle } from "../../src/model/types";
import { appWithClock, fixture, parseFeed, parseHtml, parseXml, validateJsonFeed } from "./support";

const NOW = "2024-06-01T00:00:00Z";
const ORIGIN = "http://localhost";
const MEDIA = "http://search.yahoo.com/mrss/";
const ATOM = "http://www.w3.org/2005/Atom";
const bundle = fixture("authors");

const PILOTS = "The harbour pilots, in their own words";
const CRANE = "A new crane arrives";
const GULLS = "Gulls on the breakwater";
const REMOTE_CRANE = "https://images.harbour-notes.example/crane.png";
const PDF = "https://docs.harbour-notes.example/pilots-report.pdf";

interface JsonItem {
  title: string;
  content_html?: string;
  content_text?: string;
  summary: string;
  image?: string;
  attachments?: Record<string, unknown>[];
}
interface JsonFeed {
  icon?: string;
  favicon?: string;
  items: JsonItem[];
}

/** Mara Quill's feed holds the gulls and the pilots; the site feed the gulls and the crane. */
async function documents(source: ContentBundle = bundle) {
  const { get } = appWithClock(source, NOW);
  const text = async (path: string) => (await get(path)).text();
  const paths = ["/rss.xml", "/atom.xml", "/authors/mara-quill/rss.xml", "/authors/mara-quill/atom.xml"];
  const [siteRss, siteAtom, maraRss, maraAtom] = await Promise.all(paths.map(text));
  const json = async (path: string) => JSON.parse(await text(path)) as JsonFeed;
  return {
    rss: [parseXml(siteRss as string), parseXml(maraRss as string)],
    atom: [parseXml(siteAtom as string), parseXml(maraAtom as string)],
    json: [await json("/feed.json"), await json("/authors/mara-quill/feed.json")],
  };
}

/** The RSS items or Atom entries of some documents, by title. */
function byTitle(docs: ReturnType<typeof parseXml>[], tag: "item" | "entry"): Map<string, Element> {
  const found = new Map<string, Element>();
  for (const doc of docs) {
    for (const element of Array.from(doc.getElementsByTagName(tag))) {
      found.set(element.getElementsByTagName("title")[0]?.textContent ?? "", element);
    }
  }
  return found;
}

function attributes(element: Element | undefined, names: string[]): Record<string, string | null> {
  return Object.fromEntries(names.map((name) => [name, element?.getAttribute(name) ?? null]));
}

/** Children of `parent` in a namespace, by local name (what a namespace-aware reader sees). */
function childrenNS(parent: Element | undefined, namespace: string | null, name: string): Element[] {
  return Array.from(parent?.childNodes ?? []).filter(
    (node): node is Element => (node as Element).localName === name && (node as Element).namespaceURI === namespace,
  );
}

function byTitleJson(feeds: JsonFeed[]): Map<string, JsonItem> {
  return new Map(feeds.flatMap((feed) => feed.items.map((item) => [item.title, item] as const)));
}

describe("RSS", () => {
  it("declares the Media RSS namespace and gives each item one enclosure: its first attachment, else its own picture", async () => {
    const { rss } = await documents();
    for (const doc of rss) expect(doc.documentElement?.getAttribute("xmlns:media")).toBe(MEDIA);
    const items = byTitle(rss, "item");
    const names = ["url", "length", "type"];
    const pilots = childrenNS(items.get(PILOTS), null, "enclosure");
    expect(pilots.map((e) => attributes(e, ["url", "type"]))).toEqual([
      { url: `${ORIGIN}/audio/pilots.mp3`, type: "audio/mpeg" },
    ]);
    expect(Number(pilots[0]?.getAttribute("length"))).toBeGreaterThan(0);
    // No attachment: the picture, which the site serves, so its length is known.
    const gulls = childrenNS(items.get(GULLS), null, "enclosure");
    expect(gulls.map((e) => attributes(e, ["url", "type"]))).toEqual([
      { url: `${ORIGIN}/articles/gulls/gull.png`, type: "image/png" },
    ]);
    expect(Number(gulls[0]?.getAttribute("length"))).toBeGreaterThan(0);
    // A picture on another site has no known length: no enclosure rather than a made-up one.
    expect(childrenNS(items.get(CRANE), null, "enclosure").map((e) => attributes(e, names))).toEqual([]);
  });

  it("gives each item with a picture media:content medium=image and media:thumbnail, with absolute URLs", async () => {
    const items = byTitle((await documents()).rss, "item");
    const expected: [string, string, string | null][] = [
      [PILOTS, `${ORIGIN}/img/quay.jpg`, "image/jpeg"],
      [GULLS, `${ORIGIN}/articles/gulls/gull.png`, "image/png"],
      [CRANE, REMOTE_CRANE, "image/png"],
    ];
    for (const [title, url, type] of expected) {
      const item = items.get(title);
      const content = childrenNS(item, MEDIA, "content");
      expect(
        content.map((c) => attributes(c, ["url", "medium", "type"])),
        title,
      ).toEqual([{ url, medium: "image", type }]);
      expect(
        childrenNS(item, MEDIA, "thumbnail").map((t) => t.getAttribute("url")),
        title,
      ).toEqual([url]);
    }
    // Local pictures carry their size; the remote one cannot.
    expect(Number(childrenNS(items.get(PILOTS), MEDIA, "content")[0]?.getAttribute("fileSize"))).toBeGreaterThan(0);
    expect(childrenNS(items.get(CRANE), MEDIA, "content")[0]?.getAttribute("fileSize")).toBeNull();
  });

  it("has the site logo as the channel image, titled and linked like the channel", async () => {
    const [site] = (await documents()).rss;
    const channel = site?.getElementsByTagName("channel")[0];
    const image = childrenNS(channel, null, "image")[0];
    const child = (parent: Element | undefined, name: string) => childrenNS(parent, null, name)[0]?.textContent;
    expect(child(image, "url")).toBe(`${ORIGIN}/logo.png`);
    expect(child(image, "title")).toBe(child(channel, "title"));
    expect(child(image, "link")).toBe(child(channel, "link"));
  });
});

describe("Atom", () => {
  it("gives every attachment as link rel=enclosure with type, length and title; else the picture", async () => {
    const { atom, json } = await documents();
    const entries = byTitle(atom, "entry");
    const enclosures = (title: string) =>
      childrenNS(entries.get(title), ATOM, "link").filter((link) => link.getAttribute("rel") === "enclosure");
    const pilots = enclosures(PILOTS).map((link) => attributes(link, ["href", "type", "length", "title"]));
    const attachments = byTitleJson(json).get(PILOTS)?.attachments ?? [];
    // The same files, sizes and titles as JSON Feed's attachments.
    expect(pilots).toEqual(
      attachments.map((file) => ({
        href: file.url,
        type: file.mime_type,
        length: String(file.size_in_bytes),
        title: file.title,
      })),
    );
    expect(pilots.map((link) => link.href)).toEqual([`${ORIGIN}/audio/pilots.mp3`, PDF]);
    expect(pilots[1]?.length).toBe("48213");
    expect(enclosures(GULLS).map((link) => link.getAttribute("href"))).toEqual([`${ORIGIN}/articles/gulls/gull.png`]);
    expect(enclosures(CRANE)).toEqual([]);
  });

  it("gives pictures as media:content and media:thumbnail, and the feed the site's icon and logo", async () => {
    const { atom } = await documents();
    const entries = byTitle(atom, "entry");
    expect(childrenNS(entries.get(CRANE), MEDIA, "thumbnail").map((t) => t.getAttribute("url"))).toEqual([
      REMOTE_CRANE,
    ]);
    expect(childrenNS(entries.get("Reading the tide tables"), MEDIA, "content")).toEqual([]);
    const root = atom[0]?.documentElement ?? undefined;
    expect(childrenNS(root, ATOM, "icon").map((e) => e.textContent)).toEqual([`${ORIGIN}/icon.png`]);
    expect(childrenNS(root, ATOM, "logo").map((e) => e.textContent)).toEqual([`${ORIGIN}/logo.png`]);
  });
});

describe("JSON Feed", () => {
  it("gives image, attachments with mime_type, size_in_bytes, duration_in_seconds and title, and the icons", async () => {
    const { json } = await documents();
    for (const feed of json) expect(validateJsonFeed(feed)).toEqual([]);
    expect(json[0]?.icon).toBe(`${ORIGIN}/icon.png`);
    expect(json[0]?.favicon).toBe(`${ORIGIN}/icon.png`);
    const items = byTitleJson(json);
    expect(items.get(CRANE)?.image).toBe(REMOTE_CRANE);
    const [audio, pdf] = items.get(PILOTS)?.attachments ?? [];
    expect(audio).toMatchObject({
      url: `${ORIGIN}/audio/pilots.mp3`,
      mime_type: "audio/mpeg",
      title: "Interview with the harbour pilots",
      // Written as "0:12:34".
      duration_in_seconds: 754,
    });
    expect(audio?.size_in_bytes).toBeGreaterThan(0);
    expect(pdf).toEqual({
      url: PDF,
      mime_type: "application/pdf",
      title: "The pilots' annual report",
      size_in_bytes: 48213,
    });
    expect(items.get(GULLS)?.attachments).toBeUndefined();
  });
});

describe("the lead image", () => {
  it("opens the content when the body does not show the picture, and is not repeated when it does", async () => {
    const items = byTitleJson((await documents()).json);
    const images = (title: string) =>
      parseHtml(items.get(title)?.content_html ?? "")
        .find("img")
        .map((img) => img.attribs.src);
    expect(images(CRANE)).toEqual([REMOTE_CRANE]);
    expect(images(PILOTS)).toEqual([`${ORIGIN}/img/quay.jpg`]);
    expect(images(GULLS)).toEqual([`${ORIGIN}/articles/gulls/gull.png`]);
    expect(parseHtml(items.get(CRANE)?.content_html ?? "").find("*")[0]?.name).toBe("p");
  });

  it("is on the article page the same way", async () => {
    const { get } = appWithClock(bundle, NOW);
    for (const [slug, expected] of [
      ["crane-delivery", [REMOTE_CRANE]],
      ["gulls", [`${ORIGIN}/articles/gulls/gull.png`]],
      ["tide-tables", []],
    ] as const) {
      const html = parseHtml(await (await get(`/articles/${slug}`)).text());
      const inArticle = html.find("img", (img) => !String(img.attribs.src).endsWith("/icon.png"));
      expect(
        inArticle.map((img) => img.attribs.src),
        slug,
      ).toEqual(expected);
    }
  });
});

describe("feed_content: summary", () => {
  const summaries: ContentBundle = { ...bundle, site: { ...bundle.site, feedContent: "summary" } };

  it("sends the summary without the full text in all three formats, and keeps pictures and enclosures", async () => {
    const { rss, atom, json } = await documents(summaries);
    const item = byTitle(rss, "item").get(PILOTS);
    expect(item?.getElementsByTagName("content:encoded").length).toBe(0);
    expect(item?.getElementsByTagName("description")[0]?.textContent).toBe(byTitleJson(json).get(PILOTS)?.summary);
    expect(childrenNS(item, null, "enclosure").length).toBe(1);
    expect(childrenNS(item, MEDIA, "content").length).toBe(1);
    const entry = byTitle(atom, "entry").get(PILOTS);
    expect(childrenNS(entry, ATOM, "content")).toEqual([]);
    expect(childrenNS(entry, ATOM, "summary").length).toBe(1);
    for (const feed of json) {
      expect(validateJsonFeed(feed)).toEqual([]);
      for (const entryJson of feed.items) {
        expect(entryJson.content_html).toBeUndefined();
        expect(entryJson.content_text).toBe(entryJson.summary);
      }
    }
    const full = await documents();
    expect(byTitle(full.rss, "item").get(PILOTS)?.getElementsByTagName("content:encoded").length).toBe(1);
  });

  it("stays readable by an independent feed parser, with every item's title and link", async () => {
    const { get } = appWithClock(summaries, NOW);
    for (const path of ["/rss.xml", "/atom.xml"]) {
      const feed = parseFeed(await (await get(path)).text());
      expect(feed.entries?.map((entry) => entry.title)).toEqual([GULLS, CRANE]);
      expect(feed.entries?.map((entry) => entry.link)).toEqual([
        `${ORIGIN}/articles/gulls`,
        `${ORIGIN}/articles/crane-delivery`,
      ]);
    }
  });
});
