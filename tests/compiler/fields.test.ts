/**
 * The table of known fields: the near-miss rule that turns a typo into an error, and
 * docs/content.md, which must list every field and every other name of it that the
 * table knows (and nothing the table does not).
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ARTICLE_FIELDS, ARTICLE_FIELD_NAMES, nearMiss, SITE_FIELDS } from "../../src/compiler/read/fields";

describe("near misses", () => {
  it.each([
    ["Draft", "draft"],
    ["TITLE", "title"],
    ["tag", "tags"],
    ["sumary", "summary"],
    ["titel", "title"],
    ["lastmodd", "lastmod"],
    ["redirect-from", "redirect_from"],
    ["hero_image", "heroImage"],
  ])("takes %s for %s", (key, meant) => {
    expect(nearMiss(key, ARTICLE_FIELD_NAMES)).toBe(meant);
  });

  it.each(["math", "link", "name", "layout", "weight", "toc", "keywords", "series", "img"])(
    "leaves %s alone",
    (key) => {
      expect(nearMiss(key, ARTICLE_FIELD_NAMES)).toBeUndefined();
    },
  );
});

describe("docs/content.md", () => {
  /** Each row's field, and the other names its second column gives, from the first table under `heading`. */
  async function tableRows(heading: string): Promise<[string, string[]][]> {
    const text = await readFile(resolve(import.meta.dirname, "../../docs/content.md"), "utf8");
    const section = (text.split(/^## /m).find((part) => part.startsWith(heading)) ?? "").split(/^### /m)[0] ?? "";
    return section
      .split("\n")
      .filter((line) => /^\| `/.test(line))
      .map((line) => {
        const [, first = "", second = ""] = line.split(/(?<!\\)\|/);
        const name = /`([^`]+)`/.exec(first)?.[1] ?? "";
        // Another name is written `name` (Generator).
        const others = [...second.matchAll(/`([^`]+)` \(/g)].map((m) => m[1] as string);
        return [name, others];
      });
  }

  it("documents every article field with exactly the names the reader knows", async () => {
    const rows = await tableRows("Article fields");
    expect(rows).toEqual(ARTICLE_FIELDS.map((spec) => [spec.name, spec.synonyms.map((s) => s.name)]));
  });

  it("documents every site.yaml field", async () => {
    const rows = await tableRows("site.yaml");
    expect(rows.map(([name]) => name)).toEqual([...SITE_FIELDS]);
  });
});
