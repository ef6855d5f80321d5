/**
 * Fuzzing the article reader with fast-check: random bytes, truncated and mutated
 * copies of the drop-in fixtures, and front matter of every format with random
 * fields. Whatever the text, reading never throws, every diagnostic names the file,
 * and an article that is not read comes with at least one error saying why.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { readArticle } from "../../src/compiler/render/article";
import { Diagnostics } from "../../src/compiler/diagnostics";
import { readSiteText } from "../../src/compiler/read/site";

const FIXTURE = resolve(import.meta.dirname, "../fixtures/dropin");
const CONTEXT = { timeZone: "Europe/Berlin", bundleFiles: ["wheat.png"] };

let fixtures: string[] = [];

beforeAll(async () => {
  const entries = await readdir(join(FIXTURE, "articles"), { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && /\.(md|markdown)$/i.test(e.name));
  fixtures = await Promise.all(files.map((e) => readFile(join(e.parentPath, e.name), "utf8")));
  expect(fixtures.length, relative(process.cwd(), FIXTURE)).toBeGreaterThanOrEqual(10);
});

/** The reader's promise, for any text under any of the names an article can have. */
function readsSafely(file: string, text: string): void {
  const reading = readArticle(file, text, CONTEXT);
  for (const diagnostic of reading.diagnostics) {
    expect(diagnostic.file).toBe(file);
    // The reader's last-resort catch means something threw: that is a bug to fix, not an answer.
    expect(diagnostic.message).not.toMatch(/^could not be read/);
  }
  if (!reading.article) expect(reading.diagnostics.some((d) => d.severity === "error")).toBe(true);
  else expect(reading.article.file).toBe(file);
}

const fileName = fc.constantFrom("articles/a.md", "articles/2023-06-01-b.markdown", "articles/c/index.md");

describe("the front-matter reader under fuzzing", () => {
  it("survives random bytes", () => {
    fc.assert(
      fc.property(fileName, fc.uint8Array({ maxLength: 600 }), (file, bytes) => {
        readsSafely(file, new TextDecoder().decode(bytes));
      }),
      { numRuns: 300 * Number(process.env.FUZZ_SCALE ?? 1) },
    );
  });

  it("survives every fixture cut short anywhere", () => {
    fc.assert(
      fc.property(fileName, fc.nat(), fc.noBias(fc.double({ min: 0, max: 1, noNaN: true })), (file, pick, cut) => {
        const text = fixtures[pick % fixtures.length] as string;
        readsSafely(file, text.slice(0, Math.floor(text.length * cut)));
      }),
      { numRuns: 300 * Number(process.env.FUZZ_SCALE ?? 1) },
    );
  });

  it("survives fixtures with characters inserted, deleted and replaced", () => {
    const edit = fc.record({
      // Unbiased, so edits land all over the file rather than mostly at its first byte.
      at: fc.noBias(fc.double({ min: 0, max: 1, noNaN: true })),
      remove: fc.nat({ max: 4 }),
      insert: fc.oneof(
        fc.constantFrom(":", '"', "'", "\t", "\n", "-", "[", "{", "}", "+++", "---", "{{<", "{%", "#"),
        fc.string({ maxLength: 4 }),
      ),
    });
    fc.assert(
      fc.property(fileName, fc.nat(), fc.array(edit, { minLength: 1, maxLength: 6 }), (file, pick, edits) => {
        let text = fixtures[pick % fixtures.length] as string;
        for (const { at, remove, insert } of edits) {
          const index = Math.floor(text.length * at);
          text = text.slice(0, index) + insert + text.slice(index + remove);
        }
        readsSafely(file, text);
      }),
      { numRuns: 400 * Number(process.env.FUZZ_SCALE ?? 1) },
    );
  });

  it("survives front matter of each format with random keys and values", () => {
    const value = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
    );
    const key = fc.oneof(
      fc.constantFrom(
        "title",
        "date",
        "tags",
        "image",
        "cover",
        "aliases",
        "draft",
        "author",
        "slug",
        "url",
        "Draft",
        "tag",
      ),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(
        fileName,
        fc.dictionary(key, value, { maxKeys: 8 }),
        fc.string({ maxLength: 80 }),
        (file, fields, body) => {
          readsSafely(file, `${JSON.stringify(fields, null, 2)}\n${body}`);
          const yaml = Object.entries(fields)
            .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
            .join("\n");
          readsSafely(file, `---\n${yaml}\n---\n${body}`);
          const toml = Object.entries(fields)
            .map(([k, v]) => `${JSON.stringify(k)} = ${JSON.stringify(v)}`)
            .join("\n");
          readsSafely(file, `+++\n${toml}\n+++\n${body}`);
        },
      ),
      { numRuns: 200 * Number(process.env.FUZZ_SCALE ?? 1) },
    );
  });

  it("survives bodies made of template fragments, including names every object has", () => {
    const fragment = fc.oneof(
      fc.constantFrom(
        "{{<",
        "{{%",
        ">}}",
        "%}}",
        "{%",
        "%}",
        "{{",
        "}}",
        "{{</*",
        "*/>}}",
        "/",
        "`",
        "```\n",
        "\n",
        '"',
        " ",
      ),
      fc.constantFrom("figure", "highlight", "youtube", "vimeo", "ref", "raw", "endraw", "comment", "post_url"),
      fc.constantFrom("toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"),
      fc.constantFrom('src="x.png"', "id=abc", 'title="T"', "lang=go", "site.baseurl", "| relative_url"),
      fc.string({ maxLength: 5 }),
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (parts) => {
        readsSafely("articles/a.md", `---\ntitle: T\ndate: 2024-01-01\n---\n${parts.join("")}`);
      }),
      { numRuns: 300 * Number(process.env.FUZZ_SCALE ?? 1) },
    );
  });

  it("reads site.yaml text of any shape into diagnostics naming site.yaml", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const diagnostics = new Diagnostics();
        const reading = readSiteText(text, diagnostics);
        for (const diagnostic of diagnostics.list) expect(diagnostic.file).toBe("site.yaml");
        if (!reading.config) expect(diagnostics.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 * Number(process.env.FUZZ_SCALE ?? 1) },
    );
  });
});
