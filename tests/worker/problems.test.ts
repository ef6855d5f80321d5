/**
 * The preview's banner: while content/ has errors, every HTML page (home, tag index,
 * tag page, subscribe pages, article, 404, 410) carries an alert naming each error's
 * file, field and problem, over the last good build; feeds, OPML and assets are
 * byte for byte what they are without errors. Pages are read with htmlparser2.
 */
import { describe, expect, it } from "vitest";
import { createLocalApp } from "../../src/local";
import type { BuildProblem } from "../../src/model/types";
import { LISTED_PROBLEMS } from "../../src/pages/layout";
import { parseHtml, servedBundle } from "./support";

const bundle = servedBundle();
const NOW = Date.parse("2030-01-01T00:00:00Z");
const PROBLEMS: BuildProblem[] = [
  { file: "articles/talks-resume.md", field: "title", message: "is required" },
  { file: "tags.yaml", field: "", message: "malformed YAML (line 4): <tab> is not allowed & neither is this" },
];

function serve(problems: BuildProblem[]) {
  const { app } = createLocalApp(bundle, () => NOW, problems);
  return async (path: string) => {
    const res = await app.request(`https://preview.example${path}`, {}, { SITE_URL: "" });
    return { status: res.status, type: res.headers.get("Content-Type"), body: await res.text() };
  };
}

const PAGES: [string, number][] = [
  ["/", 200],
  ["/tags", 200],
  ["/tags/russia", 200],
  ["/subscribe", 200],
  ["/tags/russia/subscribe", 200],
  [`/articles/${bundle.articles[0]?.slug}`, 200],
  ["/no-such-page", 404],
  ["/tags/no-such-tag", 404],
  ["/tags/daily-briefing", 410],
];
const DOCUMENTS = [
  "/rss.xml",
  "/atom.xml",
  "/feed.json",
  "/tags/russia/rss.xml",
  "/tags/russia/atom.xml",
  "/tags/russia/feed.json",
  "/feeds.opml",
  "/assets/site.css",
  "/assets/site.js",
  "/robots.txt",
];

function alerts(html: ReturnType<typeof parseHtml>) {
  return html.find("*", (element) => html.attr(element, "role") === "alert");
}

describe("with build problems", () => {
  const broken = serve(PROBLEMS);

  it.each(PAGES)("%s shows one alert naming every error's file, field and problem", async (path, status) => {
    const res = await broken(path);
    expect(res.status).toBe(status);
    const html = parseHtml(res.body);
    const [alert, ...others] = alerts(html);
    expect(others).toEqual([]);
    expect(alert, "a role=alert element").toBeDefined();
    // Inside main, so the skip link reaches it and it belongs to a landmark.
    expect(html.find("main")[0]?.children).toContain(alert);
    expect(html.text(alert)).toContain("2 errors in content/");
    const items = html.find("li", (li) => alert !== undefined && isInside(li, alert)).map((li) => html.text(li));
    expect(items).toEqual([
      "articles/talks-resume.md · title: is required",
      "tags.yaml: malformed YAML (line 4): <tab> is not allowed & neither is this",
    ]);
    // The page itself is still there beneath it, with its one h1.
    expect(html.find("h1").length).toBe(1);
  });

  it.each(DOCUMENTS)("%s is exactly what it is without problems", async (path) => {
    const [withProblems, without] = await Promise.all([broken(path), serve([])(path)]);
    expect(withProblems.status).toBe(200);
    expect(withProblems.body).toBe(without.body);
    expect(withProblems.body).not.toContain("talks-resume.md");
  });

  it("lists the first problems and counts the rest, however many there are", async () => {
    const many = Array.from({ length: LISTED_PROBLEMS + 5 }, (_, i) => ({
      file: "tags.yaml",
      field: `[${i}].slug`,
      message: "is not a slug",
    }));
    const html = parseHtml((await serve(many)("/")).body);
    const alert = alerts(html)[0];
    expect(html.text(alert)).toContain(`${LISTED_PROBLEMS + 5} errors in content/`);
    const items = html.find("li", (li) => alert !== undefined && isInside(li, alert)).map((li) => html.text(li));
    expect(items.length).toBe(LISTED_PROBLEMS + 1);
    expect(items.at(-1)).toMatch(/^and 5 more/);
  });
});

describe("without build problems", () => {
  it.each(PAGES)("%s has no alert", async (path) => {
    const res = await serve([])(path);
    expect(alerts(parseHtml(res.body))).toEqual([]);
    expect(res.body).not.toContain("build-problems");
  });
});

function isInside(node: { parent: unknown }, ancestor: unknown): boolean {
  for (let parent = node.parent; parent; parent = (parent as { parent: unknown }).parent) {
    if (parent === ancestor) return true;
  }
  return false;
}
