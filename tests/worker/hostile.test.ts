/**
 * Hostile content (tests/fixtures/hostile): `]]>` in titles, control characters, a
 * lone surrogate, `<script>`, event handlers, `javascript:` links, iframes, inline
 * styles, relative links, `&nbsp;` and non-ASCII tag names must come out
 * well-formed, safe and with nothing readable lost.
 */
import { describe, expect, it } from "vitest";
import { appWithClock, fixture, parseFeed, parseXml, validateJsonFeed } from "./support";

const bundle = fixture("hostile");
const { get } = appWithClock(bundle, "2026-01-01T00:00:00Z");
const TITLE = "Break ]]> out ]]> twice & <script>alert(1)</script>  done";

async function text(path: string): Promise<string> {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  return res.text();
}

describe("hostile content", () => {
  it("keeps every XML document well-formed under a strict parser", async () => {
    for (const path of ["/rss.xml", "/atom.xml", "/feeds.opml", "/tags/zurich/rss.xml", "/tags/zurich/atom.xml"]) {
      const body = await text(path);
      expect(() => parseXml(body), path).not.toThrow();
    }
  });

  it("round-trips the plain-text title exactly, minus the characters XML forbids", async () => {
    const rssXml = await text("/rss.xml");
    const item = parseXml(rssXml).getElementsByTagName("item")[0];
    expect(item?.getElementsByTagName("title")[0]?.textContent).toBe(TITLE);
    // RSS Best Practices Profile: '&' and '<' in plain text as hexadecimal references.
    expect(rssXml).toContain("<title>Break ]]&gt; out ]]&gt; twice &#x26; &#x3C;script&gt;");
    // Readers render an item description as HTML, so the plain summary arrives HTML-escaped: no <b> element.
    expect(item?.getElementsByTagName("description")[0]?.textContent).toContain("&lt;b&gt;tags&lt;/b&gt;");
    // Atom sends such text as type="html"; a feed parser decodes it back to the same plain text.
    const atomXml = await text("/atom.xml");
    const title = parseXml(atomXml).getElementsByTagName("entry")[0]?.getElementsByTagName("title")[0];
    expect(title?.getAttribute("type")).toBe("html");
    expect(parseFeed(atomXml).entries?.[0]?.title).toBe(TITLE);
    const json = (await (await get("/feed.json")).json()) as {
      title: string;
      items: { title: string; summary: string }[];
    };
    expect(json.items[0]?.title).toBe(TITLE);
    expect(json.title).toBe("Hostile & <Test> ]]> Site");
    expect(json.items[0]?.summary).toBe("Summary with ]]> and <b>tags</b> and  control and a lone  surrogate");
    expect(validateJsonFeed(json)).toEqual([]);
  });

  it("lets no script, handler, javascript: URL, iframe or inline style through, in feeds or pages", async () => {
    const json = (await (await get("/feed.json")).json()) as { items: { content_html: string }[] };
    const page = await text("/articles/hostile");
    // The one script a page may carry is the site's own, from /assets/ (CSP: script-src 'self').
    const ownScript = /<script src="[^"]*\/assets\/site\.js" defer><\/script>/;
    expect(page).toMatch(ownScript);
    for (const html of [json.items[0]?.content_html ?? "", page.replace(ownScript, "")]) {
      expect(html).not.toMatch(/<script|<iframe|<svg|\son[a-z]+=|javascript:|style=/i);
    }
    // The title's "<script>" is text, escaped wherever it is shown.
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("makes relative links and images absolute on the serving origin", async () => {
    const json = (await (await get("/feed.json")).json()) as { items: { content_html: string }[] };
    const html = json.items[0]?.content_html ?? "";
    expect(html).toContain('src="http://localhost/images/photo.png"');
    expect(html).toContain('href="http://localhost/articles/other?x=1&amp;y=2#frag"');
    expect(html).toContain('href="http://localhost/articles/images/a.png"');
    for (const [, url] of html.matchAll(/(?:href|src)="([^"]*)"/g)) expect(url).toMatch(/^(https?:|mailto:)/);
  });

  it("turns &nbsp; into a character, drops control characters and references to them, keeps the text", async () => {
    const rssText = await text("/rss.xml");
    expect(rssText).not.toMatch(/&nbsp;|&#x0?[bB];|&#11;|[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    const json = (await (await get("/feed.json")).json()) as { items: { content_html: string }[] };
    expect(json.items[0]?.content_html).toContain("Paragraph with\u00a0non-breaking\u00a0spaces");
    expect(json.items[0]?.content_html).toContain("Text with ]]&gt; inside the body");
  });

  it("serves a non-ASCII tag name under its slug, and redirects its other spellings", async () => {
    expect(await text("/tags/zurich")).toContain("<h1>Zürich</h1>");
    const byName = await get(`/tags/${encodeURIComponent("Zürich")}`);
    expect(byName.status).toBe(301);
    expect(byName.headers.get("Location")).toBe("/tags/zurich");
    const undeclared = bundle.tags.find((t) => t.name === "Санкции");
    expect(undeclared?.slug).toMatch(/^tag-[0-9a-f]{8}$/);
    const cyrillic = await get(`/tags/${encodeURIComponent("санкции")}/atom.xml`);
    expect(cyrillic.headers.get("Location")).toBe(`/tags/${undeclared?.slug}/atom.xml`);
    const atomXml = await text(`/tags/${undeclared?.slug}/atom.xml`);
    expect(parseFeed(atomXml).title).toBe("Hostile & <Test> ]]> Site: Санкции");
    const feed = parseXml(atomXml);
    const categories = Array.from(feed.getElementsByTagName("category")).map((c) => c.getAttribute("label"));
    expect(categories).toEqual(["Zürich", "Санкции", "Tom & Jerry <3"]);
  });

  it("escapes an author's name and url in their page, the byline and every format", async () => {
    const name = "Ana <script>alert(1)</script> & Co ]]>";
    const [author] = bundle.authors;
    expect(author?.slug).toBe("ana-script-alert-1-script-co");
    const page = await text(`/authors/${author?.slug}`);
    expect(page).toContain("<h1>Ana &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co ]]&gt;</h1>");
    expect(page.replace(/<script src="[^"]*\/assets\/site\.js" defer><\/script>/, "")).not.toMatch(/<script/i);
    const byline = await text("/articles/hostile");
    expect(byline).toContain('rel="author">Ana &lt;script&gt;');
    for (const path of ["rss.xml", "atom.xml"]) {
      const xml = await text(`/authors/${author?.slug}/${path}`);
      expect(() => parseXml(xml), path).not.toThrow();
    }
    const atom = parseXml(await text(`/authors/${author?.slug}/atom.xml`));
    const entryAuthor = atom.getElementsByTagName("entry")[0]?.getElementsByTagName("author")[0];
    expect(entryAuthor?.getElementsByTagName("name")[0]?.textContent).toBe(name);
    // What no URI may hold is percent-encoded, so the uri is one.
    expect(entryAuthor?.getElementsByTagName("uri")[0]?.textContent).toBe("https://ana.example/?a=1&b=%3C2%3E");
    const json = (await (await get(`/authors/${author?.slug}/feed.json`)).json()) as { title: string };
    expect(json.title).toBe(`Hostile & <Test> ]]> Site: articles by ${name}`);
  });

  it("escapes a tag name with markup characters in pages and feeds", async () => {
    const page = await text("/tags/tom-jerry-3");
    expect(page).toContain("<h1>Tom &amp; Jerry &lt;3</h1>");
    const rss = parseXml(await text("/tags/tom-jerry-3/rss.xml"));
    expect(Array.from(rss.getElementsByTagName("category")).map((c) => c.textContent)).toContain("Tom & Jerry <3");
  });
});
