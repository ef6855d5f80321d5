/**
 * The publisher's mistakes, each in a scratch content directory: typos that must
 * not publish, errors worded with the right form at the right line, files that
 * must not vanish in silence, and pictures that must exist.
 */
import { mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compileBundle } from "../../src/compiler/pipeline/compile";
import { formatDiagnostic } from "../../src/compiler/diagnostics";
import { article, compile, contentDir, removeScratchContent } from "./scratch-content";

afterEach(removeScratchContent);

const DATE = "date: 2024-01-01T00:00:00Z";

describe("a typo never publishes", () => {
  it("stops the build on a case variant or a near miss of a known field, with did you mean", async () => {
    const { bundle, lines } = await compile({
      "articles/draft.md": article(`title: Unfinished\n${DATE}\nDraft: true`),
      "articles/tag.md": article(`title: Tagged\n${DATE}\ntag: [russia]`),
      "articles/sumary.md": article(`title: Summed\n${DATE}\nsumary: A summary.`),
      "articles/titel.md": article(`titel: Swapped\n${DATE}`),
      "articles/auther.md": article(`title: By\n${DATE}\nauther: Jane Roe`),
      "articles/pubdate.md": article(`title: Astro\npubdate: 2024-01-01`),
    });
    expect(bundle).toBeUndefined();
    expect(lines).toEqual([
      "error: articles/auther.md:4: auther: unknown field: did you mean `author`?",
      "error: articles/draft.md:4: Draft: unknown field: did you mean `draft`?",
      "error: articles/pubdate.md:1: date is required: add a line such as date: 2024-01-02T15:04:05+01:00, or start the file name with the day (2024-01-02-<name>.md)",
      "error: articles/pubdate.md:3: pubdate: unknown field: did you mean `pubDate`?",
      "error: articles/sumary.md:4: sumary: unknown field: did you mean `summary`?",
      "error: articles/tag.md:4: tag: unknown field: did you mean `tags`?",
      "error: articles/titel.md:1: title is required: add a line such as title: Talks resume in Geneva",
      "error: articles/titel.md:2: titel: unknown field: did you mean `title`?",
    ]);
  });

  it("leaves fields that are merely unknown as warnings, short names included (math is not date)", async () => {
    const { bundle, lines } = await compile({
      "articles/a.md": article(`title: A\n${DATE}\nmath: true\nlink: https://example.org/\nlayout: post`),
    });
    expect(bundle?.articles).toHaveLength(1);
    expect(lines).toEqual([
      "warning: articles/a.md:4: math: unknown field, ignored",
      "warning: articles/a.md:5: link: unknown field, ignored",
      "warning: articles/a.md:6: layout: unknown field, ignored",
    ]);
  });
});

describe("errors in the publisher's words, at the line, with the right form", () => {
  it("asks for quotes around a title with a colon, a list for comma-separated tags, and true or false", async () => {
    const { lines } = await compile({
      "articles/colon.md": article(`${DATE}\ntitle: Colon: in title`),
      "articles/tags.md": article(`title: Tags\n${DATE}\ntags: diplomacy, Grain Corridor`),
      "articles/draft.md": article(`title: Draft\n${DATE}\ndraft: yes`),
      "articles/published.md": article(`title: Published\n${DATE}\npublished: no`),
    });
    expect(lines).toEqual([
      'error: articles/colon.md:3: title: put the title in quotes: title: "Colon: in title"',
      "error: articles/draft.md:4: draft is true or false: draft: true",
      "error: articles/published.md:4: published is true or false: published: false",
      "error: articles/tags.md:4: tags is a list: tags: [diplomacy, Grain Corridor]",
    ]);
  });

  it("shows the right form in the file's own format: TOML and JSON", async () => {
    const { lines } = await compile({
      "articles/toml.md": '+++\ntitle = "T"\ndate = 2024-01-01\ncategories = "news, analysis"\n+++\nBody.\n',
      "articles/json.md": '{\n  "title": "J",\n  "date": "2024-01-01",\n  "draft": "yes"\n}\nBody.\n',
    });
    expect(lines).toEqual([
      'error: articles/json.md:4: draft is true or false: "draft": true',
      'error: articles/toml.md:4: categories is a list: categories = ["news", "analysis"]',
    ]);
  });

  it("locates syntax errors in each front-matter format", async () => {
    const { lines } = await compile({
      "articles/quote.md": article(`title: "Unclosed\n${DATE}\ntags: [a]`),
      "articles/toml.md": '+++\ntitle = "T"\ndate = \n+++\nBody.\n',
      "articles/json.md": '{\n  "title": "J",\n  "date": "2024-01-01"\n  "tags": []\n}\nBody.\n',
      "articles/open-json.md": '{\n  "title": "J",\n',
      "articles/open-yaml.md": "---\ntitle: Never closed\n",
      "articles/tab.md": `---\ntitle: T\n${DATE}\ntags:\n\t- a\n---\nBody.\n`,
    });
    expect(lines).toEqual([
      "error: articles/json.md:4: malformed JSON front matter: Expected ',' or '}' after property value",
      "error: articles/open-json.md:1: the JSON front matter that opens with { on line 1 never closes with its }",
      "error: articles/open-yaml.md:1: the front matter that opens with --- on line 1 never closes: end it with a line ---",
      'error: articles/quote.md:2: title: the " that opens this value never closes: end the value with ": title: "Unclosed"',
      'warning: articles/quote.md:4: tags[0]: tag "a" is not declared in tags.yaml; published as /tags/a',
      "error: articles/tab.md:5: a tab indents this line; YAML is indented with spaces only: indent it with 2 spaces: - a",
      "error: articles/toml.md:3: malformed TOML: invalid value",
    ]);
  });

  it("reads site.yaml with its defaults, and explains what the domain is for when it is missing", async () => {
    const { bundle, lines } = await compile({
      "site.yaml": "title: T\ndescription: D\nlanguage: en\ntimezone: Mars/Olympus\ntimezon: UTC\n",
    });
    expect(bundle).toBeUndefined();
    expect(lines).toEqual([
      "error: site.yaml:1: domain: is required: a domain you own, such as news.example.org, written into every item id (tag:news.example.org,2026-01-01:slug) so that ids never change when the site moves to another host; choose it once and never change it",
      "error: site.yaml:4: timezone: must be an IANA time zone name such as Europe/Berlin, America/New_York or UTC",
      "error: site.yaml:5: timezon: unknown field: did you mean `timezone`?",
    ]);
  });

  it("reports tags.yaml problems by line, and reads a tags.yaml with a syntax error as its right form says", async () => {
    const bad = await compile({
      "tags.yaml": "- slug: ok\n  name: OK\n- slug: Bad Slug\n  name: Bad\n- slug: fine\n  name: Fine\n  alias: [x]\n",
      "articles/a.md": article(`title: A\n${DATE}\ntags: [OK]`),
    });
    expect(bad.lines).toEqual([
      "error: tags.yaml:3: slug: must be lower-case letters, digits and single hyphens ([a-z0-9-]): slug: bad-slug",
      "error: tags.yaml:7: alias: unknown field: did you mean `aliases`?",
    ]);
    const tabbed = await compile({
      "tags.yaml": "- slug: ok\n  name: OK\n- slug: b\n\tname: B\n- slug: c\n  name: C\n",
      "articles/a.md": article(`title: A\n${DATE}\ntags: [OK, b, c, d, e]`),
    });
    // b and c are declared, as the fixed file declares them; only d and e are not.
    expect(tabbed.lines).toEqual([
      "error: tags.yaml:4: name: a tab indents this line; YAML is indented with spaces only: indent it with 2 spaces: name: B",
      'warning: articles/a.md:4: tags[3]: tag "d" is not declared in tags.yaml; published as /tags/d',
      'warning: articles/a.md:4: tags[4]: tag "e" is not declared in tags.yaml; published as /tags/e',
    ]);
    // A syntax error without a right form leaves tags.yaml unread, and then no tag is warned about.
    const unread = await compile({
      "tags.yaml": "- slug: ok\n  name: OK\n- slug: [b\n  name: B\n  - x\n",
      "articles/a.md": article(`title: A\n${DATE}\ntags: [OK, b, c]`),
    });
    expect(unread.lines).toEqual([
      "error: tags.yaml:3: slug: the list that opens with [ never closes: end it with ]: slug: [b]",
      "error: tags.yaml:5: malformed YAML: A block sequence may not be used as an implicit map key",
    ]);
  });
});

describe("nothing vanishes", () => {
  it("reads .markdown and any case of .md, and names every other file it does not publish", async () => {
    const { bundle, lines } = await compile({
      "articles/notes.MD": article(`title: Notes\n${DATE}`),
      "articles/post.markdown": article(`title: Post\n${DATE}`),
      "articles/notes.txt": "stray",
      "articles/photo.jpg": "not really a picture",
      "articles/_index.md": article("title: Section"),
      "articles/posts/old.md": article(`title: Old\n${DATE}`),
      "articles/.DS_Store": "hidden",
      "stray.md": article(`title: Stray\n${DATE}`),
      "site.yml": "title: T",
      "drafts/x.md": "x",
    });
    expect(bundle?.articles.map((a) => a.slug).sort()).toEqual(["notes", "post"]);
    expect(lines).toEqual([
      "warning: articles/_index.md: is a Hugo section page (_index.md), not an article: it is not published",
      "warning: articles/notes.txt: is not an article and is not served: put pictures and other files in static/ (served from the site root) or beside a page bundle's index.md",
      "warning: articles/photo.jpg: is not an article and is not served: put pictures and other files in static/ (served from the site root) or beside a page bundle's index.md",
      "warning: articles/posts/old.md: is not an article: articles are articles/<name>.md or articles/<name>/index.md; move it to articles/old.md",
      "warning: drafts/: is not read: Edgefeed reads site.yaml, tags.yaml, authors.yaml, articles/ and static/; nothing in this folder is published",
      "warning: site.yml: is not read: did you mean site.yaml?",
      "warning: stray.md: is not read: Edgefeed reads site.yaml, tags.yaml, authors.yaml, articles/ and static/; to publish it, move it to articles/stray.md",
    ]);
  });

  it("follows a linked article, and names a link to nothing", async () => {
    const dir = await contentDir({ "elsewhere/linked.md": article(`title: Linked\n${DATE}`) });
    await mkdir(join(dir, "articles"), { recursive: true });
    await symlink(join(dir, "elsewhere/linked.md"), join(dir, "articles/linked.md"));
    await symlink(join(dir, "nowhere.md"), join(dir, "articles/broken.md"));
    const { bundle, diagnostics } = await compileBundle(dir);
    expect(bundle?.articles.map((a) => a.slug)).toEqual(["linked"]);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "warning: articles/broken.md: is a link to nothing: it is not published",
      "warning: elsewhere/: is not read: Edgefeed reads site.yaml, tags.yaml, authors.yaml, articles/ and static/; nothing in this folder is published",
    ]);
  });

  it("warns about two articles with the same title and body", async () => {
    const { bundle, lines } = await compile({
      "articles/a.md": article(`title: Same\n${DATE}`, "The same text."),
      "articles/b.md": article("title: Same\ndate: 2024-01-02T00:00:00Z", "The same text."),
      "articles/c.md": article(`title: Same\n${DATE}`, "Other text."),
    });
    expect(bundle?.articles).toHaveLength(3);
    expect(lines).toEqual([
      "warning: articles/b.md:1: has the same title and body as articles/a.md, so it is published twice; delete one of them (or mark it draft: true)",
    ]);
  });

  it("counts an unknown field once for all the files that carry it", async () => {
    const { lines } = await compile({
      "articles/a.md": article(`title: A\n${DATE}\nlayout: post`),
      "articles/b.md": article(`title: B\n${DATE}\nlayout: post`),
      "articles/c.md": article(`layout: post\ntitle: C\n${DATE}`),
    });
    expect(lines).toEqual([
      "warning: articles/a.md:4: layout: unknown field, ignored (in 3 files: this one and 2 more)",
    ]);
  });
});

describe("site files must exist", () => {
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

  it("fails the build when icon, logo or an article's image names no file under static/", async () => {
    const { bundle, lines } = await compile({
      "site.yaml": "title: T\ndescription: D\nlanguage: en\ndomain: t.example\nicon: /icon.png\nlogo: /img/logo.png\n",
      "static/img/logo.png": PNG,
      "articles/a.md": article(`title: A\n${DATE}\nimage: /img/photo.jpg`),
    });
    expect(bundle).toBeUndefined();
    expect(lines).toEqual([
      "error: site.yaml:5: icon: /icon.png names no file: put the file at content/static/icon.png (it is served as /icon.png), or give an https:// address",
      "error: articles/a.md:4: image: /img/photo.jpg names no file: put the file at content/static/img/photo.jpg (it is served as /img/photo.jpg), or give an https:// address",
    ]);
  });

  it("builds when they exist, and leaves out with a warning a relative picture from another generator's folders", async () => {
    const { bundle, lines } = await compile({
      "site.yaml": "title: T\ndescription: D\nlanguage: en\ndomain: t.example\nicon: /icon.png\n",
      "static/icon.png": PNG,
      "static/img/photo.jpg": PNG,
      "articles/a.md": article(`title: A\n${DATE}\nimage: /img/photo.jpg`),
      "articles/astro.md": article(`title: Astro\n${DATE}\nheroImage: '../../assets/blog-placeholder-1.jpg'`),
    });
    expect(bundle?.articles.map((a) => [a.slug, a.image])).toEqual([
      ["a", "/img/photo.jpg"],
      ["astro", undefined],
    ]);
    expect(lines).toEqual([
      "warning: articles/astro.md:4: heroImage: /assets/blog-placeholder-1.jpg names no file, so the article is published without a picture: put the file at content/static/assets/blog-placeholder-1.jpg (it is served as /assets/blog-placeholder-1.jpg), or give an https:// address",
    ]);
  });

  it("warns at its line about a body picture that resolves to no file, in Markdown or HTML", async () => {
    const { bundle, lines } = await compile({
      "articles/fields/index.md": article(
        `title: Fields\n${DATE}`,
        'Intro.\n\n![Wheat](fields/wheat.jpg)\n\n<img src="there.png" alt="here">\n\n![Ok](ok.png)',
      ),
      "articles/fields/ok.png": PNG,
      "articles/single.md": article(`title: Single\n${DATE}`, "![Wheat](wheat.jpg)"),
    });
    expect(bundle?.articles).toHaveLength(2);
    expect(lines).toEqual([
      "warning: articles/fields/index.md:7: the image /articles/fields/fields/wheat.jpg is no file, so readers would see a broken picture: put it in the page bundle as articles/fields/fields/wheat.jpg",
      "warning: articles/fields/index.md:9: the image /articles/fields/there.png is no file, so readers would see a broken picture: put it in the page bundle as articles/fields/there.png",
      "warning: articles/single.md:5: the image /articles/wheat.jpg is no file, so readers would see a broken picture: put it in content/static/ and write its path from the root (/wheat.jpg for content/static/wheat.jpg), or make the article a page bundle (articles/single/index.md with the picture beside it)",
    ]);
  });
});

describe("dates", () => {
  it("holds updated to its meaning, and takes another generator's earlier lastmod as no change", async () => {
    const { bundle, lines } = await compile({
      "articles/hugo.md": article("title: Hugo\ndate: 2024-01-02T00:00:00Z\nlastmod: 2024-01-01T00:00:00Z"),
    });
    expect(bundle?.articles.map((a) => [a.published, a.updated])).toEqual([
      [Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 2)],
    ]);
    expect(lines).toEqual([
      "warning: articles/hugo.md:4: lastmod: is earlier than date, so the article counts as unchanged since its date",
    ]);
  });
});

describe("old paths", () => {
  it("refuses an alias that is the home page, another article's address or another article's alias", async () => {
    const { bundle, lines } = await compile({
      "articles/a.md": article(`title: A\n${DATE}\naliases: [/old/path/, /articles/b]`),
      "articles/b.md": article(`title: B\n${DATE}\nredirect_from: /old/path`),
      "articles/c.md": article(`title: C\n${DATE}\naliases: ["/"]`),
    });
    expect(bundle).toBeUndefined();
    expect(lines).toEqual([
      'error: articles/c.md:4: aliases[0]: "/" is the home page, which cannot redirect to an article',
      'error: articles/a.md:4: aliases: "/articles/b" is the address of articles/b.md; an old path cannot take it',
      'error: articles/b.md:4: aliases: "/old/path" is an old path of articles/a.md as well; it can lead to one article only',
    ]);
  });
});

describe("templates", () => {
  it("keeps {% raw %} content as written and drops the markers, also inside code", async () => {
    const { bundle } = await compile({
      "articles/a.md": article(
        `title: A\n${DATE}`,
        "Text {% raw %}{{ kept }}{% endraw %} here.\n\n```liquid\n{% raw %}\n{{ page.title }}\n{% endraw %}\n```",
      ),
    });
    const html = bundle?.articles[0]?.content.join("") ?? "";
    expect(html).toContain("<p>Text {{ kept }} here.</p>");
    expect(html).toContain("<pre><code>\n{{ page.title }}\n\n</code></pre>");
    expect(html).not.toContain("raw");
  });

  it("treats shortcodes named like what every object has as any other unknown shortcode", async () => {
    const { bundle, lines } = await compile({
      "articles/a.md": article(`title: A\n${DATE}`, '{{< toString >}}\n\n{{< constructor __proto__="x" >}}'),
    });
    expect(bundle?.articles).toHaveLength(1);
    expect(lines).toEqual([
      "warning: articles/a.md:5: Hugo shortcode {{< toString >}} has no equivalent here: left out; write what it showed as Markdown",
      "warning: articles/a.md:7: Hugo shortcode {{< constructor >}} has no equivalent here: left out; write what it showed as Markdown",
    ]);
  });

  it("turns Hugo's escaped shortcodes into the text they show", async () => {
    const { bundle, lines } = await compile({
      "articles/a.md": article(`title: A\n${DATE}`, "Write `{{</* youtube id */>}}` to embed."),
    });
    expect(bundle?.articles[0]?.content.join("")).toContain("<code>{{&lt; youtube id &gt;}}</code>");
    expect(lines).toEqual([]);
  });
});
