/**
 * Posts from other generators dropped in unchanged (tests/fixtures/dropin): Hugo in
 * YAML, TOML and JSON, Jekyll with its file-name dates, Liquid and redirect_from,
 * Astro, Eleventy, a page bundle, shortcodes, drafts and a scheduled post. Each must
 * be published with its generator's meaning: the same instants, tags, summaries,
 * authors, pictures and old URLs, and no template syntax left for a reader.
 */
import { join, resolve } from "node:path";
import { DomUtils, parseDocument } from "htmlparser2";
import { beforeAll, describe, expect, it } from "vitest";
import { compileBundle } from "../../src/compiler/pipeline/compile";
import { formatDiagnostic } from "../../src/compiler/diagnostics";
import type { Article, ContentBundle } from "../../src/model/types";

const FIXTURE = resolve(import.meta.dirname, "../fixtures/dropin");
/** The build's clock: after every post of the fixture but the scheduled one. */
const NOW = Date.UTC(2026, 0, 1);

let result: Awaited<ReturnType<typeof compileBundle>>;
let bundle: ContentBundle;

beforeAll(async () => {
  result = await compileBundle(FIXTURE, { now: NOW });
  if (!result.bundle) throw new Error(result.diagnostics.map(formatDiagnostic).join("\n"));
  bundle = result.bundle;
});

function article(slug: string): Article {
  const found = bundle.articles.find((a) => a.slug === slug);
  if (!found) throw new Error(`no article ${slug}; have ${bundle.articles.map((a) => a.slug).join(", ")}`);
  return found;
}

const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** The HTML a reader gets, with root-relative links completed on an example origin. */
function html(slug: string) {
  return parseDocument(article(slug).content.join("https://grain.example"));
}

describe("drop-in posts", () => {
  it("gives each post its generator's instant, in the site's time zone when no offset is written", () => {
    const instants = Object.fromEntries(bundle.articles.map((a) => [a.slug, [iso(a.published), iso(a.updated)]]));
    expect(instants).toEqual({
      // Hugo, no offset: 10:00 in Berlin (CEST) is 08:00 UTC; lastmod likewise.
      "hugo-yaml-corridor-reopens": ["2023-05-04T08:00:00.000Z", "2023-05-05T06:30:00.000Z"],
      // TOML: a native offset date; a local date-only lastmod is midnight in Berlin.
      "inspection-backlog": ["2023-07-14T07:30:00.000Z", "2023-07-14T22:00:00.000Z"],
      // Jekyll: no date in the front matter, so the file name's day, at midnight in Berlin.
      "farmers-wait": ["2023-05-31T22:00:00.000Z", "2023-06-02T08:00:00.000Z"],
      // Jekyll's own `2023-06-03 18:00:00 +0300`.
      "coordination-notes": ["2023-06-03T15:00:00.000Z", "2023-06-03T15:00:00.000Z"],
      // Astro's template writes `Jul 08 2023`.
      "astro-port-capacity": ["2023-07-07T22:00:00.000Z", "2023-07-09T22:00:00.000Z"],
      // Eleventy, date only.
      "shipping-insurers-return": ["2023-07-31T22:00:00.000Z", "2023-07-31T22:00:00.000Z"],
      "grain-corridor-photos": ["2023-09-05T11:00:00.000Z", "2023-09-05T11:00:00.000Z"],
      "hugo-shortcodes-briefing": ["2023-10-02T08:00:00.000Z", "2023-10-02T08:00:00.000Z"],
      "hugo-json-tonnage": ["2023-10-20T09:00:00.000Z", "2023-10-20T09:00:00.000Z"],
      "weekly-notes": ["2023-10-27T15:00:00.000Z", "2023-10-27T15:00:00.000Z"],
      recap: ["2023-07-22T09:00:00.000Z", "2023-07-22T09:00:00.000Z"],
      // Hugo's publishDate is when it appears, whatever `date` says.
      "hugo-scheduled-extension": ["2099-03-01T08:00:00.000Z", "2099-03-01T08:00:00.000Z"],
    });
  });

  it("reads the generators' names for tags (categories, Jekyll's space-separated strings) and resolves them", () => {
    expect(article("hugo-yaml-corridor-reopens").tags).toEqual(["grain-corridor", "ukraine", "shipping", "news"]);
    expect(article("inspection-backlog").tags).toEqual(["grain-corridor", "turkey", "analysis"]);
    expect(article("farmers-wait").tags).toEqual(["ukraine", "news", "analysis"]);
    expect(article("coordination-notes").tags).toEqual(["shipping", "turkey"]);
    expect(article("shipping-insurers-return").tags).toEqual(["posts", "shipping"]);
    expect(article("hugo-json-tonnage").tags).toEqual(["grain-corridor", "shipping"]);
  });

  it("takes the summary from summary, description or excerpt, else before <!--more-->, else the first paragraph with text", () => {
    expect(article("hugo-yaml-corridor-reopens").summary).toBe(
      "The first convoy in three weeks left Odesa under the renewed Black Sea Grain Initiative.",
    );
    expect(article("farmers-wait").summary).toBe(
      "Silos are full across southern Ukraine while the corridor stays shut.",
    );
    expect(article("hugo-json-tonnage").summary).toBe("The corridor has now carried more than 30 million tonnes.");
    expect(article("inspection-backlog").summary).toBe(
      "Ships waited a record eleven days for inspection off Istanbul in July. Inspectors blamed staffing; shipowners blamed politics.",
    );
    expect(article("grain-corridor-photos").summary).toBe("The route, as the coordination centre mapped it:");
  });

  it("reads authors written as a string, a mapping with a url, or a list", () => {
    const olena = { slug: "olena-marchenko", name: "Olena Marchenko" };
    expect(article("hugo-yaml-corridor-reopens").authors).toEqual([olena]);
    expect(article("farmers-wait").authors).toEqual([
      { slug: "jane-roe", name: "Jane Roe", url: "https://jane-roe.example/" },
    ]);
    expect(article("inspection-backlog").authors).toEqual([olena, { slug: "deniz-kaya", name: "Deniz Kaya" }]);
  });

  it("finds the picture under every generator's name for it", () => {
    expect(article("hugo-yaml-corridor-reopens").image).toBe("/img/hugo-cover.png"); // images[0]
    expect(article("inspection-backlog").image).toBe("/img/hugo-cover.png"); // [cover] image
    expect(article("farmers-wait").image).toBe("/img/hugo-cover.png"); // featured_image
    expect(article("astro-port-capacity").image).toBe("/img/hugo-cover.png"); // heroImage
    expect(article("grain-corridor-photos").image).toBe("/articles/grain-corridor-photos/wheat.png"); // bundle file
    expect(article("weekly-notes").image).toBeUndefined();
  });

  it("keeps old URLs as root-relative aliases without trailing slashes", () => {
    expect(article("hugo-yaml-corridor-reopens").aliases).toEqual([
      "/posts/corridor-reopens",
      "/2023/05/04/corridor-reopens.html",
    ]);
    expect(article("farmers-wait").aliases).toEqual(["/2023/06/01/farmers-wait.html", "/news/farmers-wait"]);
    // Eleventy's permalink was where readers knew the post.
    expect(article("shipping-insurers-return").aliases).toEqual(["/blog/shipping-insurers-return"]);
    expect(article("astro-port-capacity").aliases).toBeUndefined();
  });

  it("names articles by slug, url or permalink, else by file name without a Jekyll date, in any case of .md or .markdown", () => {
    expect(bundle.articles.map((a) => a.slug).sort()).toEqual([
      "astro-port-capacity",
      "coordination-notes",
      "farmers-wait",
      "grain-corridor-photos",
      "hugo-json-tonnage",
      "hugo-scheduled-extension",
      "hugo-shortcodes-briefing",
      "hugo-yaml-corridor-reopens",
      "inspection-backlog",
      "recap",
      "shipping-insurers-return",
      "weekly-notes",
    ]);
    expect(article("farmers-wait").id).toBe("tag:grain-desk.example,2026-01-01:farmers-wait");
  });

  it("publishes neither draft: true nor Jekyll's published: false, and their tags do not come into being", () => {
    expect(result.drafts).toBe(2);
    const everything = JSON.stringify(bundle);
    expect(everything).not.toContain("Unfinished");
    expect(everything).not.toContain("next extension");
    expect(bundle.tags.map((t) => t.slug)).not.toContain("unpublished-only-tag");
  });

  it("gives the site defaults for what site.yaml leaves out", () => {
    expect(bundle.site.authors).toEqual([{ name: "Grain Desk" }]);
    expect(bundle.site.copyright).toBe("");
    expect(bundle.site.icon).toBe("/icon.png");
    expect(bundle.site.logo).toBe("/img/logo.png");
  });
});

describe("page bundles", () => {
  it("lists the bundle's files and points relative references in the body under the article", () => {
    const parsed = html("grain-corridor-photos");
    const images = DomUtils.findAll((n) => n.name === "img", parsed.children).map((n) => n.attribs.src);
    expect(images).toEqual([
      "https://grain.example/articles/grain-corridor-photos/wheat.png",
      "https://grain.example/articles/grain-corridor-photos/port-map.png",
    ]);
    const links = DomUtils.findAll((n) => n.name === "a", parsed.children).map((n) => n.attribs.href);
    expect(links).toEqual(["https://grain.example/articles/grain-corridor-photos/inspection-report.pdf"]);
  });
});

describe("template syntax", () => {
  it("never reaches a reader: no {{ or {% in any article's text or attributes", () => {
    for (const a of bundle.articles) {
      const parsed = parseDocument(a.content.join("https://grain.example"));
      const attributes = DomUtils.findAll(() => true, parsed.children).flatMap((n) => Object.values(n.attribs));
      for (const text of [DomUtils.textContent(parsed.children), ...attributes]) {
        expect(text, a.slug).not.toMatch(/\{\{|\{%|%\}|\}\}/);
      }
    }
  });

  it("renders Hugo's figure, youtube, vimeo, ref, relref and highlight, and keeps a paired shortcode's content", () => {
    const parsed = html("hugo-shortcodes-briefing");
    const figure = DomUtils.findOne((n) => n.name === "figure", parsed.children);
    expect(figure && DomUtils.findOne((n) => n.name === "img", [figure])?.attribs).toMatchObject({
      src: "https://grain.example/img/hugo-cover.png",
      alt: "Bulk carrier at anchor",
    });
    expect(figure && DomUtils.textContent(figure)).toBe("A bulk carrier: Waiting at anchor off Istanbul");
    const links = DomUtils.findAll((n) => n.name === "a", parsed.children).map((n) => [
      n.attribs.href,
      DomUtils.textContent(n),
    ]);
    expect(links).toEqual([
      ["https://www.youtube.com/watch?v=w7Ft2ymGmfc", "The corridor explained (video on YouTube)"],
      ["https://vimeo.com/146022717", "Video on Vimeo"],
      ["https://grain.example/articles/hugo-yaml-corridor-reopens", "the corridor reopened"],
      ["https://grain.example/articles/inspection-backlog", "inspections slowed"],
    ]);
    const code = DomUtils.findOne((n) => n.name === "code", parsed.children);
    expect(code && DomUtils.textContent(code)).toBe("tonnes = sum(ship.cargo for ship in convoy)\n");
    expect(DomUtils.textContent(parsed.children)).toContain("Figures are from the Joint Coordination Centre.");
  });

  it("renders Liquid's site.baseurl, relative_url, post_url and highlight", () => {
    const parsed = html("coordination-notes");
    const image = DomUtils.findOne((n) => n.name === "img", parsed.children);
    expect(image?.attribs.src).toBe("https://grain.example/img/hugo-cover.png");
    const links = DomUtils.findAll((n) => n.name === "a", parsed.children).map((n) => n.attribs.href);
    expect(links).toEqual(["https://grain.example/articles/farmers-wait", "https://grain.example/img/logo.png"]);
    const code = DomUtils.findOne((n) => n.name === "code", parsed.children);
    expect(code && DomUtils.textContent(code)).toBe("ships.each { |ship| inspect(ship) }\n");
  });
});

describe("what the build says about the fixture", () => {
  it("warns once per unknown field with a count, at each dropped template tag's line, and when a scheduled-only tag appears", () => {
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      "warning: articles/2023-06-03-coordination-notes.md:8: Liquid tag {% include %} has no equivalent here: left out; write what it showed as Markdown",
      "warning: articles/2023-06-03-coordination-notes.md:19: Liquid output {{ page.author }} has no equivalent here: left out; write the text itself",
      "warning: articles/hugo-shortcodes-briefing.md:22: Hugo shortcode {{< tweet >}} has no equivalent here: left out; write what it showed as Markdown",
      "warning: articles/hugo-shortcodes-briefing.md:24: Hugo shortcode {{% notice %}} has no equivalent here: its tags are left out and its content kept",
      "warning: articles/2023-06-01-farmers-wait.md:2: layout: unknown field, ignored (in 5 files: this one and 4 more)",
      'warning: articles/2023-06-01-farmers-wait.md:6: author "Jane Roe" is not declared in authors.yaml; published as /authors/jane-roe',
      "warning: articles/2023-06-01-farmers-wait.md:15: comments: unknown field, ignored (in 2 files: this one and 1 more)",
      "warning: articles/hugo-yaml-corridor-reopens.md:15: weight: unknown field, ignored",
      "warning: articles/hugo-yaml-corridor-reopens.md:16: toc: unknown field, ignored",
      'warning: articles/eleventy-shipping-insurance.md:5: tags[0]: tag "posts" is not declared in tags.yaml; published as /tags/posts',
      'warning: articles/hugo-scheduled-extension.md:5: tags[0]: tag "Embargoed Topic" is not declared in tags.yaml; published as /tags/embargoed-topic from 2099-03-01T08:00:00Z, when its first article appears (until then that URL answers 404)',
      // No authors.yaml: each author is reported once, at their first article.
      'warning: articles/hugo-toml-inspections.md:8: authors[0]: author "Olena Marchenko" is not declared in authors.yaml; published as /authors/olena-marchenko',
      'warning: articles/hugo-toml-inspections.md:8: authors[1]: author "Deniz Kaya" is not declared in authors.yaml; published as /authors/deniz-kaya',
    ]);
  });

  it("says nothing about when a tag appears once its article is visible", async () => {
    const later = await compileBundle(FIXTURE, { now: Date.UTC(2099, 2, 1, 8) });
    expect(later.diagnostics.map(formatDiagnostic)).toContain(
      'warning: articles/hugo-scheduled-extension.md:5: tags[0]: tag "Embargoed Topic" is not declared in tags.yaml; published as /tags/embargoed-topic',
    );
  });

  it("reads the same archive the same way whatever the machine's time zone", async () => {
    // The fixture's site.yaml names Europe/Berlin; the process zone must play no part.
    const zone = process.env.TZ;
    process.env.TZ = "Pacific/Kiritimati";
    try {
      const again = await compileBundle(join(FIXTURE), { now: NOW });
      expect(again.bundle?.articles.map((a) => [a.slug, a.published])).toEqual(
        bundle.articles.map((a) => [a.slug, a.published]),
      );
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
