/**
 * authors.yaml and the authors articles name, in scratch content directories: every
 * spelling of a declared author resolves to one author with the declared name and
 * url; an undeclared author is published under the slug of their name with one
 * warning; drafts bring nobody in; and each mistake in authors.yaml is an error at
 * its line with the right form.
 */
import { afterEach, describe, expect, it } from "vitest";
import { article, compile, removeScratchContent } from "./scratch-content";

afterEach(removeScratchContent);

const AUTHORS = `- slug: jane-doe
  name: Jane Doe
  url: https://jane.example/
  bio: Writes about ports.
  avatar: https://jane.example/face.png
  aliases: [J. Doe, Janet Doe]
- slug: omar-said
  name: Omar Said
`;

describe("authors.yaml", () => {
  it("resolves a declared author by name, slug or alias in any case, with the declared name and url", async () => {
    const { bundle, lines } = await compile({
      "authors.yaml": AUTHORS,
      "articles/a.md": article("title: A\ndate: 2024-01-01T00:00:00Z\nauthor: JANE DOE"),
      "articles/b.md": article("title: B\ndate: 2024-01-02T00:00:00Z\nauthors: [j. doe, jane-doe]"),
      "articles/c.md": article(
        "title: C\ndate: 2024-01-03T00:00:00Z\nauthors:\n  - name: Janet Doe\n    url: https://elsewhere.example/\n  - Omar Said",
      ),
    });
    expect(lines).toEqual([]);
    const jane = { slug: "jane-doe", name: "Jane Doe", url: "https://jane.example/" };
    expect(bundle?.articles.map((a) => [a.slug, a.authors])).toEqual([
      ["c", [jane, { slug: "omar-said", name: "Omar Said" }]],
      // Two spellings of one author in one article: named once.
      ["b", [jane]],
      ["a", [jane]],
    ]);
    expect(bundle?.authors.map((a) => [a.slug, a.declared, a.articles])).toEqual([
      ["jane-doe", true, [0, 1, 2]],
      ["omar-said", true, [0]],
    ]);
    expect(bundle?.authors[0]).toMatchObject({ bio: "Writes about ports.", avatar: "https://jane.example/face.png" });
    for (const spelling of ["jane doe", "j. doe", "janet doe", "j-doe", "janet-doe"]) {
      expect(bundle?.authorLookup[spelling], spelling).toBe("jane-doe");
    }
  });

  it("publishes an undeclared author under the slug of their name and warns once per author, at the first article", async () => {
    const { bundle, lines } = await compile({
      "authors.yaml": AUTHORS,
      "articles/a.md": article("title: A\ndate: 2024-01-01T00:00:00Z\nauthors: [Ana Lima]"),
      "articles/b.md": article(
        "title: B\ndate: 2024-01-02T00:00:00Z\nauthors:\n  - name: ANA LIMA\n    url: https://ana.example/",
      ),
      "articles/c.md": article("title: C\ndate: 2099-01-02T00:00:00Z\nauthor: Newcomer Nadia"),
      "articles/d.md": article("title: D\ndate: 2024-01-03T00:00:00Z\ndraft: true\nauthor: Only In Draft"),
      "articles/e.md": article("title: E\ndate: 2024-01-04T00:00:00Z\nauthor: Βασίλης"),
    });
    expect(lines).toEqual([
      'warning: articles/a.md:4: authors[0]: author "Ana Lima" is not declared in authors.yaml; published as /authors/ana-lima',
      'warning: articles/c.md:4: author "Newcomer Nadia" is not declared in authors.yaml; published as /authors/newcomer-nadia from 2099-01-02T00:00:00Z, when its first article appears (until then that URL answers 404)',
      expect.stringMatching(
        /^warning: articles\/e\.md:4: author "Βασίλης" is not declared in authors\.yaml; published as \/authors\/author-[0-9a-f]{8}$/,
      ),
    ]);
    // Named alike in every article: as first written, with the first url an article gave.
    const ana = { slug: "ana-lima", name: "Ana Lima", url: "https://ana.example/" };
    expect(bundle?.articles.find((a) => a.slug === "a")?.authors).toEqual([ana]);
    expect(bundle?.articles.find((a) => a.slug === "b")?.authors).toEqual([ana]);
    // Declared authors nobody names, and a draft's author, have no page; undeclared ones come by slug.
    expect(bundle?.authors.map((a) => a.slug)).toEqual([
      "ana-lima",
      expect.stringMatching(/^author-[0-9a-f]{8}$/),
      "newcomer-nadia",
    ]);
    expect(JSON.stringify(bundle)).not.toContain("Only In Draft");
  });

  it("is optional: without it every author is undeclared, and the build still succeeds", async () => {
    const { bundle, lines } = await compile({
      "articles/a.md": article("title: A\ndate: 2024-01-01T00:00:00Z\nauthor: Jane Doe"),
    });
    expect(bundle?.authors.map((a) => [a.slug, a.declared])).toEqual([["jane-doe", false]]);
    expect(lines).toHaveLength(1);
  });

  it("reports each mistake at its line, with did-you-mean and the right form", async () => {
    const { bundle, lines } = await compile({
      "authors.yaml": `- slug: jane-doe
  nmae: Jane Doe
- slug: Bad Slug
  name: Bad
- slug: lee-park
  name: Lee Park
  url: javascript:alert(1)
  twitter: lee
- slug: omar-said
  name: Omar Said
- slug: omar-said
  name: Omar Again
- slug: ana-lima
  name: Ana Lima
  aliases: [Omar Said]
- slug: kim-ro
  name: Kim Ro
  avatar: /img/kim.png
`,
    });
    expect(bundle).toBeUndefined();
    expect(lines).toEqual([
      "error: authors.yaml:1: name: is required: add a line such as name: Jane Doe",
      "error: authors.yaml:2: nmae: unknown field: did you mean `name`?",
      "error: authors.yaml:3: slug: must be lower-case letters, digits and single hyphens ([a-z0-9-]): slug: bad-slug",
      "error: authors.yaml:7: url: must be an absolute http:// or https:// URL, such as url: https://jane.example/",
      "warning: authors.yaml:8: twitter: unknown field, ignored",
      'error: authors.yaml:11: slug: duplicate author slug "omar-said"',
      'error: authors.yaml:15: aliases[0]: "Omar Said" already names author "omar-said"',
      "error: authors.yaml:18: avatar: /img/kim.png names no file: put the file at content/static/img/kim.png (it is served as /img/kim.png), or give an https:// address",
    ]);
  });

  it("must be a list, and a YAML slip is reported at its line", async () => {
    const notAList = await compile({ "authors.yaml": "jane-doe:\n  name: Jane Doe\n" });
    expect(notAList.lines).toEqual([
      "error: authors.yaml:1: must be a list of authors, each like: - { slug: jane-doe, name: Jane Doe, url: https://jane.example/, aliases: [J. Doe] }",
    ]);
    const tabbed = await compile({ "authors.yaml": "- slug: jane-doe\n\tname: Jane Doe\n" });
    expect(tabbed.bundle).toBeUndefined();
    expect(tabbed.lines[0]).toMatch(/^error: authors\.yaml:2: /);
  });
});
