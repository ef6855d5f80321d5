/**
 * A suggested form is right only if, put in place, the file builds and means what was
 * meant. Over a table of publishers' mistakes: each broken file is built, its errors
 * come at their lines in the publisher's words, each right form the messages end with
 * is put in place as a publisher would (the form instead of the line, or of the lines
 * a value ran over), and the mended files build without an error and say what the
 * publisher meant.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compileBundle } from "../../src/compiler/pipeline/compile";
import { type Diagnostic, formatDiagnostic } from "../../src/compiler/diagnostics";
import type { ContentBundle } from "../../src/model/types";
import { article, contentDir, removeScratchContent, SITE } from "./scratch-content";

afterEach(removeScratchContent);

const DATE = "date: 2024-01-02T10:00:00Z";
const NOW = Date.UTC(2025, 0, 1);

interface Mistake {
  name: string;
  files: Record<string, string>;
  /** The errors, as the build prints them, in line order. */
  errors: string[];
  /** What the mended files must mean. */
  meant(bundle: ContentBundle): void;
}

const first = (bundle: ContentBundle) => bundle.articles[0];

const MISTAKES: Mistake[] = [
  {
    name: "a title with a colon",
    files: { "articles/a.md": article(`title: Talks: day two\n${DATE}`) },
    errors: ['error: articles/a.md:2: title: put the title in quotes: title: "Talks: day two"'],
    meant: (bundle) => expect(first(bundle)?.title).toBe("Talks: day two"),
  },
  {
    name: "a list of tags never closed",
    files: { "articles/a.md": article(`title: A\n${DATE}\ntags: [ news, notes`) },
    errors: [
      "error: articles/a.md:4: tags: the list that opens with [ never closes: end it with ]: tags: [ news, notes ]",
    ],
    meant: (bundle) => expect(first(bundle)?.tags).toEqual(["news", "notes"]),
  },
  {
    name: "a list closed twice, above another field",
    files: { "articles/a.md": article(`title: A\ntags: [news, notes]]\n${DATE}`) },
    errors: ["error: articles/a.md:3: tags: one ] too many closes this list: tags: [news, notes]"],
    meant: (bundle) => expect(first(bundle)?.tags).toEqual(["news", "notes"]),
  },
  {
    name: "a source mapping never closed",
    files: {
      "articles/a.md": article(`title: A\nsource: { name: Example Times, url: https://example.com/story\n${DATE}`),
    },
    errors: [
      "error: articles/a.md:3: source: the mapping that opens with { never closes: end it with }: source: { name: Example Times, url: https://example.com/story }",
    ],
    meant: (bundle) =>
      expect(first(bundle)?.source).toEqual({ name: "Example Times", url: "https://example.com/story" }),
  },
  {
    name: "a summary continued on indented lines, one with a colon",
    files: {
      "articles/a.md": article(
        `title: A\n${DATE}\nsummary: The talks went on\n  until late: nobody left\n  before midnight.\ntags: [news]`,
      ),
    },
    errors: [
      'error: articles/a.md:4: summary goes on over lines 5–6, where YAML takes the ": " for a new field: write it on one line, in quotes: summary: "The talks went on until late: nobody left before midnight."',
    ],
    meant: (bundle) => {
      expect(first(bundle)?.summary).toBe("The talks went on until late: nobody left before midnight.");
      expect(first(bundle)?.tags).toEqual(["news"]);
    },
  },
  {
    name: "a field of tags.yaml indented too far",
    files: {
      "tags.yaml": "- slug: news\n  name: News\n- slug: ferries\n   name: Ferries and boats\n",
      "articles/a.md": article(`title: A\n${DATE}\ntags: [ferries]`),
    },
    errors: [
      "error: tags.yaml:4: name: is indented further than slug above it, so YAML cannot read it as a field beside slug: line it up with slug, 2 spaces in: name: Ferries and boats",
    ],
    meant: (bundle) => expect(bundle.tags.find((tag) => tag.slug === "ferries")?.name).toBe("Ferries and boats"),
  },
  {
    name: "a field of tags.yaml not indented far enough",
    files: {
      "tags.yaml": "- slug: ferries\n name: Ferries\n",
      "articles/a.md": article(`title: A\n${DATE}\ntags: [ferries]`),
    },
    errors: [
      "error: tags.yaml:2: name: is indented less than slug above it, so YAML cannot read it as a field beside slug: line it up with slug, 2 spaces in: name: Ferries",
    ],
    meant: (bundle) =>
      expect(bundle.tags.map((tag) => [tag.slug, tag.name, tag.declared])).toEqual([["ferries", "Ferries", true]]),
  },
  {
    name: "a front-matter field indented by a space",
    files: { "articles/a.md": article(`title: A\n ${DATE}\ntags: [news]`) },
    errors: [
      "error: articles/a.md:3: date: is indented further than title above it, so YAML cannot read it as a field beside title: line it up with title, at the beginning of the line: date: 2024-01-02T10:00:00Z",
    ],
    meant: (bundle) => expect(first(bundle)?.published).toBe(Date.UTC(2024, 0, 2, 10)),
  },
  {
    name: "tabs for indentation",
    files: {
      "tags.yaml": "- slug: ferries\n\tname: Ferries\n",
      "articles/a.md": article(`title: A\n${DATE}\ntags:\n\t- ferries\n\t- news`),
    },
    errors: [
      "error: tags.yaml:2: name: a tab indents this line; YAML is indented with spaces only: indent it with 2 spaces: name: Ferries",
      "error: articles/a.md:5: a tab indents this line; YAML is indented with spaces only: indent it with 2 spaces: - ferries",
      "error: articles/a.md:6: a tab indents this line; YAML is indented with spaces only: indent it with 2 spaces: - news",
    ],
    meant: (bundle) => {
      expect(first(bundle)?.tags).toEqual(["ferries", "news"]);
      expect(bundle.tags.find((tag) => tag.slug === "ferries")?.name).toBe("Ferries");
    },
  },
  {
    name: "quotes: one never closed, one inside, one before more text",
    files: {
      "articles/a.md": article(`title: "Ferries resume\n${DATE}`),
      "articles/b.md": article(`title: 'It's here'\n${DATE}`),
      "articles/c.md": article(`title: "Frozen" conflicts\n${DATE}`),
    },
    errors: [
      'error: articles/a.md:2: title: the " that opens this value never closes: end the value with ": title: "Ferries resume"',
      "error: articles/b.md:2: title: the ' inside the value ends it early: quote the whole value the other way: title: \"It's here\"",
      'error: articles/c.md:2: title: the " inside the value ends it early: quote the whole value the other way: title: \'"Frozen" conflicts\'',
    ],
    meant: (bundle) =>
      expect(bundle.articles.map((a) => [a.slug, a.title]).sort()).toEqual([
        ["a", "Ferries resume"],
        ["b", "It's here"],
        ["c", '"Frozen" conflicts'],
      ]),
  },
  {
    name: "no space after a colon, and a value YAML reserves",
    files: {
      "articles/a.md": article(`title:Ferries resume\n${DATE}`),
      "articles/b.md": article(`title: @harbour on ferries\n${DATE}`),
    },
    errors: [
      "error: articles/a.md:2: title: a space must follow the colon after title: title: Ferries resume",
      'error: articles/b.md:2: title: put the title in quotes: title: "@harbour on ferries"',
    ],
    meant: (bundle) =>
      expect(bundle.articles.map((a) => a.title).sort()).toEqual(["@harbour on ferries", "Ferries resume"]),
  },
  {
    name: "yes for true, and tags in one string",
    files: { "articles/a.md": article(`title: A\n${DATE}\ndraft: yes\ntags: news, Grain Corridor`) },
    errors: [
      "error: articles/a.md:4: draft is true or false: draft: true",
      "error: articles/a.md:5: tags is a list: tags: [news, Grain Corridor]",
    ],
    meant: (bundle) => expect(bundle.articles).toEqual([]),
  },
  {
    name: "site.yaml: a quoted number, a number for text, a capital letter, a day with slashes",
    files: {
      "site.yaml": `${SITE}feed_size: "10"\nestablished: 2026/02/01\nfeed_content: Summary\n`
        .replace("copyright: © Test", "copyright: 2024")
        .replace("domain: test.example", "domain: Test.Example"),
      "articles/a.md": article(`title: A\n${DATE}`),
    },
    errors: [
      "error: site.yaml:4: domain: must be a lower-case domain name such as news.example.org: domain: test.example",
      'error: site.yaml:6: copyright: must be text: copyright: "2024"',
      "error: site.yaml:7: feed_size: must be a number, written without quotes: feed_size: 10",
      "error: site.yaml:8: established: must be a date YYYY-MM-DD: established: 2026-02-01",
      "error: site.yaml:9: feed_content: must be full (the whole article in feeds) or summary: feed_content: summary",
    ],
    meant: (bundle) => {
      const { domain, copyright, feedSize, established, feedContent } = bundle.site;
      expect({ domain, copyright, feedSize, established, feedContent }).toEqual({
        domain: "test.example",
        copyright: "2024",
        feedSize: 10,
        established: "2026-02-01",
        feedContent: "summary",
      });
    },
  },
  {
    name: "site.yaml: every syntax error at once, then the fields' own problems",
    files: {
      "site.yaml": `title: Notes: from the field\ndescription: D\nlanguage: en\ndomain: test.example\nauthors: [Desk\nfeed_size: "5"\n`,
      "articles/a.md": article(`title: A\n${DATE}`),
    },
    errors: [
      'error: site.yaml:1: title: put the title in quotes: title: "Notes: from the field"',
      "error: site.yaml:5: authors: the list that opens with [ never closes: end it with ]: authors: [Desk]",
      "error: site.yaml:6: feed_size: must be a number, written without quotes: feed_size: 5",
    ],
    meant: (bundle) => {
      expect(bundle.site.title).toBe("Notes: from the field");
      expect(bundle.site.authors).toEqual([{ name: "Desk" }]);
      expect(bundle.site.feedSize).toBe(5);
    },
  },
  {
    name: "tags.yaml and authors.yaml: a number for a name, one alias for a list, a name for a slug",
    files: {
      "tags.yaml":
        "- slug: Grain Corridor\n  name: Grain corridor\n  aliases: Black Sea grain\n- slug: y2024\n  name: 2024\n",
      "authors.yaml": "- slug: jane-doe\n  name: Jane Doe\n  aliases: J. Doe\n",
      "articles/a.md": article(`title: A\n${DATE}\ntags: [black sea grain, "2024"]\nauthor: J. Doe`),
    },
    errors: [
      "error: tags.yaml:1: slug: must be lower-case letters, digits and single hyphens ([a-z0-9-]): slug: grain-corridor",
      "error: tags.yaml:3: aliases: must be a list: aliases: [Black Sea grain]",
      'error: tags.yaml:5: name: must be text: name: "2024"',
      "error: authors.yaml:3: aliases: must be a list: aliases: [J. Doe]",
    ],
    meant: (bundle) => {
      expect(first(bundle)?.tags).toEqual(["grain-corridor", "y2024"]);
      expect(bundle.tags.map((tag) => tag.name)).toEqual(["Grain corridor", "2024"]);
      expect(first(bundle)?.authors.map((author) => author.slug)).toEqual(["jane-doe"]);
    },
  },
];

/** Puts each right form in place, as a publisher would: the form instead of the line (or lines) it mends. */
function mend(text: string, fixes: Diagnostic["fix"][]): string {
  const lines = text.split("\n");
  for (const fix of fixes.sort((a, b) => (b?.line ?? 0) - (a?.line ?? 0))) {
    if (!fix) continue;
    const head = (lines[fix.line - 1] ?? "").slice(0, fix.column);
    lines.splice(fix.line - 1, fix.lines, head + fix.text);
  }
  return lines.join("\n");
}

describe("a suggested form, put in place", () => {
  it.each(MISTAKES)("builds and means what was meant: $name", async ({ files, errors, meant }) => {
    const dir = await contentDir(files);
    const broken = await compileBundle(dir, { now: NOW });
    const found = broken.diagnostics.filter((d) => d.severity === "error");
    expect(found.map(formatDiagnostic)).toEqual(errors);
    for (const diagnostic of found) {
      // The form shown is the form put in place.
      expect(diagnostic.fix, formatDiagnostic(diagnostic)).toBeDefined();
      expect(diagnostic.message.endsWith(diagnostic.fix?.text.trimStart() ?? "?")).toBe(true);
    }
    for (const file of new Set(found.map((d) => d.file))) {
      const path = join(dir, file);
      const fixes = found.filter((d) => d.file === file).map((d) => d.fix);
      await writeFile(path, mend(await readFile(path, "utf8"), fixes));
    }
    const mended = await compileBundle(dir, { now: NOW });
    expect(mended.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic)).toEqual([]);
    meant(mended.bundle as ContentBundle);
  });
});

describe("every message a publisher can meet from a schema", () => {
  it("is in the publisher's words, at the field's line, with a form to follow", async () => {
    const wrong = [null, 0, 3.5, "", "x y", [1], { a: 1 }, true];
    const yamlOf = (value: unknown) => JSON.stringify(value);
    const site = [
      ["title", "description", "language", "domain", "established", "authors", "copyright", "feed_size"],
      ["icon", "logo", "hub", "timezone", "feed_content"],
    ].flat();
    const messages: Diagnostic[] = [];
    for (const value of wrong) {
      const { diagnostics } = await compileBundle(
        await contentDir({
          "site.yaml": site.map((field) => `${field}: ${yamlOf(value)}`).join("\n"),
          "tags.yaml": `- ${["slug", "name", "description", "aliases", "retired", "merged_into"].map((field) => `${field}: ${yamlOf(value)}`).join("\n  ")}\n`,
          "authors.yaml": `- ${["slug", "name", "url", "bio", "avatar", "aliases"].map((field) => `${field}: ${yamlOf(value)}`).join("\n  ")}\n`,
          "articles/a.md": article(
            `title: A\n${DATE}\nsource: { name: ${yamlOf(value)}, url: ${yamlOf(value)} }\nauthors: [{ name: A, url: ${yamlOf(value)} }]\n` +
              `id: ${yamlOf(value)}\nattachments: [{ url: /a.mp3, type: ${yamlOf(value)}, length: ${yamlOf(value)}, title: ${yamlOf(value)}, duration: ${yamlOf(value)} }]`,
          ),
        }),
        { now: NOW },
      );
      for (const diagnostic of diagnostics.filter((d) => d.severity === "error")) {
        expect(diagnostic.line, formatDiagnostic(diagnostic)).toBeGreaterThan(0);
        messages.push(diagnostic);
      }
    }
    expect(messages.length).toBeGreaterThan(100);
    for (const { message } of messages) {
      expect(message).not.toMatch(/Invalid (input|option|string)|expected \w+, received|Too (small|big)|>=|<=/);
    }
    // Each says what the field must be, and shows the field written right.
    const formless = messages.filter(({ message }) => !/such as \S|e\.g\. \S|[:(] ?[a-z_]+: \S/.test(message));
    expect(formless.map(formatDiagnostic)).toEqual([]);
  });
});

describe("where a publisher is told, and in what order", () => {
  it("names an empty required field at its own line, with a form to follow", async () => {
    const dir = await contentDir({ "articles/a.md": "---\ntitle: A\n\ndate:\ntags: [news]\n---\nBody.\n" });
    const { diagnostics } = await compileBundle(dir, { now: NOW });
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "error: articles/a.md:4: date is empty: fill it in, such as date: 2024-01-02T15:04:05+01:00",
    ]);
  });

  it("lists a file's problems in the order of its lines, whichever check found them, all in one run", async () => {
    const dir = await contentDir({
      "articles/a.md": article(
        `title: A\nsummary: x: y\ndraft: maybe\ntitle: B\nauthors: [{ name: Jane, url: ftp://x }]\n${DATE}`,
      ),
    });
    const { diagnostics } = await compileBundle(dir, { now: NOW });
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'error: articles/a.md:3: summary: put the summary in quotes: summary: "x: y"',
      "error: articles/a.md:4: draft is true or false: draft: true",
      "error: articles/a.md:5: title is written here and on line 2: delete the line you do not mean",
      "error: articles/a.md:6: authors[0].url: must be an absolute http:// or https:// URL, such as url: https://jane.example/",
    ]);
  });
});
