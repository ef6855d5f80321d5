/**
 * `npm run new`: the file it writes is an article the build accepts, dated in the
 * site's time zone with that zone's offset, and it never overwrites a file.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { compileBundle } from "../../src/compiler/pipeline/compile";
import { createArticle } from "../../src/compiler/commands/new-article";
import { contentDir, removeScratchContent } from "./scratch-content";

afterEach(removeScratchContent);

const SITE = "title: T\ndescription: D\nlanguage: en\ndomain: t.example\ntimezone: Asia/Kolkata\n";
/** 2026-03-05 09:00:00.700 UTC, which is 14:30 in Kolkata (UTC+05:30 all year). */
const NOW = Date.UTC(2026, 2, 5, 9, 0, 0, 700);

describe("npm run new", () => {
  it("writes an article the build publishes, dated in the site's time zone with its offset", async () => {
    const dir = await contentDir({ "site.yaml": SITE });
    const result = await createArticle({
      contentDir: dir,
      title: 'Grain: the "deal" #2',
      tags: ["Grain Corridor", "russia"],
      now: NOW,
    });
    const path = join(dir, "articles/grain-the-deal-2.md");
    expect(result).toEqual({ path, siteErrors: [] });
    expect(await readFile(path, "utf8")).toMatch(/^date: 2026-03-05T14:30:00\+05:30$/m);

    const { bundle, diagnostics } = await compileBundle(dir, { now: NOW });
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(bundle?.articles.map((a) => [a.title, a.tags, a.published])).toEqual([
      ['Grain: the "deal" #2', ["grain-corridor", "russia"], Date.UTC(2026, 2, 5, 9, 0, 0)],
    ]);
  });

  it("never overwrites an existing article, whatever its form", async () => {
    const existing = "---\ntitle: Mine\ndate: 2024-01-01T00:00:00Z\n---\nKeep me.\n";
    const dir = await contentDir({ "site.yaml": SITE, "articles/talks/index.md": existing });
    const result = await createArticle({ contentDir: dir, title: "Talks", tags: [], now: NOW });
    expect(result).toEqual({
      error: `${join(dir, "articles/talks/index.md")} already exists; edit it, or choose another title`,
      siteErrors: [],
    });
    expect(await readFile(join(dir, "articles/talks/index.md"), "utf8")).toBe(existing);
  });

  it("runs as npm run new: prints the path it wrote, or explains itself", async () => {
    const root = resolve(import.meta.dirname, "../..");
    const run = (args: string[]) =>
      promisify(execFile)(join(root, "node_modules/.bin/tsx"), [
        join(root, "src/compiler/commands/new.ts"),
        ...args,
      ]).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const dir = await contentDir({ "site.yaml": SITE });
    const written = await run(["First", "article", "--tags", "a, b", "--content", dir]);
    expect(written.code).toBe(0);
    expect(written.stdout.trim()).toBe(join(dir, "articles/first-article.md"));
    expect(await readFile(join(dir, "articles/first-article.md"), "utf8")).toContain("tags: [ a, b ]");
    const again = await run(["First article", "--content", dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");
  });
});
