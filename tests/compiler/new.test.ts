/**
 * `npm run new`: the file it writes is an article the build accepts, dated in the
 * site's time zone with that zone's offset (now, or the future instant it is scheduled
 * for), with its authors, as a draft or a page bundle when asked; it never overwrites
 * a file, and the build warns while the placeholder body is still there.
 */
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { compileBundle } from "../../src/compiler/pipeline/compile";
import { formatDiagnostic } from "../../src/compiler/diagnostics";
import { createArticle } from "../../src/compiler/commands/new-article";
import { COMMAND_TIMEOUT } from "../support/command-timeout";
import { contentDir, removeScratchContent } from "./scratch-content";

afterEach(removeScratchContent);

const SITE = "title: T\ndescription: D\nlanguage: en\ndomain: t.example\ntimezone: Asia/Kolkata\n";
/** 2026-03-05 09:00:00.700 UTC, which is 14:30 in Kolkata (UTC+05:30 all year). */
const NOW = Date.UTC(2026, 2, 5, 9, 0, 0, 700);

const ROOT = resolve(import.meta.dirname, "../..");

/** `npm run new -- …args` as a process: its exit code and output. */
const run = (args: string[]) =>
  promisify(execFile)(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, "src/compiler/commands/new.ts"), ...args]).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

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

  it("writes its authors, a draft, a scheduled date and a page bundle, and the build reads each as meant", async () => {
    const dir = await contentDir({ "site.yaml": SITE, "authors.yaml": "- slug: jane-doe\n  name: Jane Doe\n" });
    const scheduled = await createArticle({
      contentDir: dir,
      title: "Ferry talks",
      tags: [],
      authors: ["jane-doe", "Sam Roe"],
      date: "2026-03-06T09:15",
      bundle: true,
      now: NOW,
    });
    const path = join(dir, "articles/ferry-talks/index.md");
    expect(scheduled).toEqual({ path, siteErrors: [] });
    const text = await readFile(path, "utf8");
    expect(text).toMatch(/^date: 2026-03-06T09:15:00\+05:30$/m);
    expect(text).toMatch(/^authors: \[ jane-doe, Sam Roe \]$/m);
    const draft = await createArticle({ contentDir: dir, title: "Unfinished", tags: [], draft: true, now: NOW });
    expect(draft).toEqual({ path: join(dir, "articles/unfinished.md"), siteErrors: [] });

    const { bundle, drafts, diagnostics } = await compileBundle(dir, { now: NOW });
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(drafts).toBe(1);
    expect(bundle?.articles.map((a) => [a.slug, a.published, a.authors.map((author) => author.slug)])).toEqual([
      ["ferry-talks", Date.UTC(2026, 2, 6, 3, 45), ["jane-doe", "sam-roe"]],
    ]);
  });

  it("schedules only for a readable, future date, saying how to write one", async () => {
    const dir = await contentDir({ "site.yaml": SITE });
    const past = await createArticle({ contentDir: dir, title: "Late", tags: [], date: "2026-03-05", now: NOW });
    expect(past).toEqual({
      error:
        "--date: 2026-03-05T00:00:00+05:30 has already passed; --date schedules an article for later, such as " +
        "2026-12-03T09:00 (read in Asia/Kolkata, site.yaml's timezone) or 2026-12-03T09:00:00+01:00 (leave it out to date the article now)",
      usage: true,
      siteErrors: [],
    });
    const unreadable = await createArticle({ contentDir: dir, title: "Late", tags: [], date: "next friday", now: NOW });
    expect(unreadable).toMatchObject({
      error: expect.stringMatching(
        /^--date: "next friday" is not .*; write it as 2026-12-03T09:00 \(read in Asia\/Kolkata/,
      ),
      usage: true,
    });
    expect(await readdir(dir)).not.toContain("articles");
  });

  it("leaves a body the build warns about until it is written, except in a draft", async () => {
    const dir = await contentDir({ "site.yaml": SITE });
    await createArticle({ contentDir: dir, title: "Not yet", tags: [], now: NOW });
    await createArticle({ contentDir: dir, title: "Later", tags: [], draft: true, now: NOW });
    const { diagnostics } = await compileBundle(dir, { now: NOW });
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "warning: articles/not-yet.md:6: still has the placeholder text npm run new wrote: replace it with the article, or mark the article draft: true until it is written",
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

  it(
    "runs as npm run new: prints the path it wrote, or explains itself",
    async () => {
      const dir = await contentDir({ "site.yaml": SITE });
      const written = await run(["First", "article", "--tags", "a, b", "--content", dir]);
      expect(written.code).toBe(0);
      expect(written.stdout.trim()).toBe(join(dir, "articles/first-article.md"));
      expect(await readFile(join(dir, "articles/first-article.md"), "utf8")).toContain("tags: [ a, b ]");
      const again = await run(["First article", "--content", dir]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain("already exists");
    },
    COMMAND_TIMEOUT,
  );

  it(
    "answers --help with its usage, and a wrong command line with the mistake and the usage, never a stack",
    async () => {
      const help = await run(["--help"]);
      expect(help).toMatchObject({ code: 0, stderr: "" });
      expect(help.stdout).toMatch(/^usage: npm run new -- "Title of the article" \[options\]\n/);
      for (const option of ["--tags", "--author", "--date", "--draft", "--bundle", "--content"]) {
        expect(help.stdout).toContain(`  ${option} `);
      }
      const dir = await contentDir({ "site.yaml": SITE });
      for (const args of [
        ["Title", "--tag", "a"],
        ["Title", "--date", "yesterday"],
      ]) {
        const wrong = await run([...args, "--content", dir]);
        expect(wrong.code, args.join(" ")).toBe(2);
        expect(wrong.stderr).toMatch(/^new: .+\nusage: npm run new/);
        expect(wrong.stderr).not.toMatch(/^\s+at /m);
      }
    },
    COMMAND_TIMEOUT,
  );
});
