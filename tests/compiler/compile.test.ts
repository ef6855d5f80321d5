/**
 * The compiler against records written for each test in a temporary content
 * directory: what a good archive becomes, and the error each kind of bad record gets.
 */
import { execFile } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { compileBundle } from "../../src/compiler/pipeline/compile";
import { formatDiagnostic } from "../../src/compiler/diagnostics";
import { COMMAND_TIMEOUT } from "../support/command-timeout";
import { runWithHeldOutput } from "../support/held-output";
import { article, compile, contentDir, removeScratchContent } from "./scratch-content";

afterEach(removeScratchContent);

describe("a valid archive", () => {
  it("sorts articles newest first, resolves every tag spelling to one slug and keeps drafts out", async () => {
    const { bundle, lines } = await compile({
      "articles/old.md": article("title: Old\ndate: 2024-01-01T00:00:00Z\ntags: [Sergey Lavrov, RUSSIA]"),
      "articles/new.md": article("title: New\ndate: 2024-02-01T00:00:00+01:00\ntags: [lavrov, sergei-lavrov]"),
      "articles/wip.md": article("title: WIP\ndate: 2024-03-01T00:00:00Z\ndraft: true\ntags: [Only In Draft]"),
    });
    expect(lines).toEqual([]);
    expect(bundle?.articles.map((a) => a.slug)).toEqual(["new", "old"]);
    expect(bundle?.articles[0]?.tags).toEqual(["sergei-lavrov"]);
    expect(bundle?.articles[1]?.tags).toEqual(["sergei-lavrov", "russia"]);
    expect(bundle?.articles[0]?.id).toBe("tag:test.example,2026-01-01:new");
    expect(bundle?.tags.map((t) => t.slug)).toEqual(["sergei-lavrov", "russia"]);
    expect(bundle?.tagLookup["sergey lavrov"]).toBe("sergei-lavrov");
    expect(JSON.stringify(bundle)).not.toContain("WIP");
  });

  it("publishes an undeclared tag under a derived slug and warns about it", async () => {
    const { bundle, lines } = await compile({
      "articles/a.md": article("title: A\ndate: 2024-01-01T00:00:00Z\ntags: [Geneva Talks, Санкции]"),
    });
    expect(bundle?.tags.map((t) => [t.slug, t.declared])).toContainEqual(["geneva-talks", false]);
    expect(bundle?.tags.find((t) => t.name === "Санкции")?.slug).toMatch(/^tag-[0-9a-f]{8}$/);
    expect(lines).toContain(
      'warning: articles/a.md:4: tags[0]: tag "Geneva Talks" is not declared in tags.yaml; published as /tags/geneva-talks',
    );
  });

  it("keeps a pinned id that is already a URI, and wraps other pinned ids in a tag: URI for Atom", async () => {
    const { bundle } = await compile({
      "articles/a.md": article("title: A\ndate: 2024-01-01T00:00:00Z\nid: https://old.example/posts/1"),
      "articles/b.md": article("title: B\ndate: 2024-01-02T00:00:00Z\nid: post-42"),
    });
    expect(bundle?.articles.map((a) => [a.id, a.guid])).toEqual([
      ["tag:test.example,2026-01-01:post-42", "post-42"],
      ["https://old.example/posts/1", undefined],
    ]);
  });

  it("derives a summary from the first paragraph when the record has none", async () => {
    const long = "word ".repeat(200);
    const { bundle } = await compile({
      "articles/a.md": article("title: A\ndate: 2024-01-01T00:00:00Z", `${long}\n\nSecond.`),
    });
    const summary = bundle?.articles[0]?.summary ?? "";
    expect(summary.length).toBeLessThanOrEqual(300);
    expect(summary.endsWith("…")).toBe(true);
  });

  it("reads Hugo-style page bundles (articles/<slug>/index.md)", async () => {
    const { bundle } = await compile({ "articles/bundled/index.md": article("title: A\ndate: 2024-01-01T00:00:00Z") });
    expect(bundle?.articles[0]?.slug).toBe("bundled");
  });
});

describe("bad records stop the build with every error at once", () => {
  it("names the file, the field and the problem for each kind of bad record", async () => {
    const { bundle, lines } = await compile({
      "articles/no-title.md": article("date: 2024-01-01T00:00:00Z"),
      "articles/bad-date.md": article("title: Bad date\ndate: yesterday"),
      "articles/feb-30.md": article("title: No such day\ndate: 2024-02-30T10:00:00Z"),
      "articles/bad-yaml.md": article('title: "unterminated\ndate: 2024-01-01T00:00:00Z'),
      "articles/wrong-type.md": article("title: Wrong type\ndate: 2024-01-01T00:00:00Z\ntags: 5\ndraft: maybe"),
      "articles/js-source.md": article(
        "title: Source\ndate: 2024-01-01T00:00:00Z\nsource:\n  name: X\n  url: javascript:alert(1)",
      ),
      "articles/same.md": article("title: Same\ndate: 2024-01-01T00:00:00Z"),
      "articles/same/index.md": article("title: Same again\ndate: 2024-01-02T00:00:00Z"),
      "articles/one.md": article("title: One\ndate: 2024-01-01T00:00:00Z\nid: shared"),
      "articles/two.md": article("title: Two\ndate: 2024-01-01T05:00:00Z\nid: shared"),
      "articles/backwards.md": article("title: Backwards\ndate: 2024-01-02T00:00:00Z\nupdated: 2024-01-01T00:00:00Z"),
      "articles/updated-later.md": article(
        "title: Updated later\ndate: 2024-01-02T00:00:00Z\nupdated: 2999-01-01T00:00:00Z",
      ),
      "articles/no-front-matter.md": "Just text.\n",
    });
    expect(bundle).toBeUndefined();
    const errors = lines.filter((line) => line.startsWith("error:"));
    const expectations: [string, RegExp][] = [
      ["articles/no-title.md:1: title", /is required/],
      ["articles/bad-date.md:3: date", /not an ISO 8601 timestamp/],
      ["articles/feb-30.md:3: date", /day that does not exist/],
      ["articles/bad-yaml.md:2", /the " that opens this value never closes/],
      ["articles/wrong-type.md:4: tags", /tags is a list/],
      ["articles/wrong-type.md:5: draft", /draft is true or false/],
      ["articles/js-source.md:6: source.url", /absolute http/],
      ["articles/same/index.md:1", /duplicate slug "same"/],
      ["articles/two.md:4: id", /duplicate id "tag:test.example,2026-01-01:shared"/],
      ["articles/backwards.md:4: updated", /earlier than date/],
      ["articles/updated-later.md:4: updated", /is in the future/],
      ["articles/no-front-matter.md:1", /no front matter/],
    ];
    for (const [where, message] of expectations) {
      // A message that starts with its field's name ("tags is a list") is not prefixed with it again.
      const [location, field = ""] = where.split(": ");
      const line = errors.find(
        (e) => e.startsWith(`error: ${where}: `) || (field !== "" && e.startsWith(`error: ${location}: ${field} `)),
      );
      expect(line, `an error for ${where}`).toBeDefined();
      expect(line).toMatch(message);
    }
  });

  it("reports a broken site.yaml and tag vocabulary field by field", async () => {
    const { bundle, lines } = await compile({
      "site.yaml": "title: ''\nlanguage: not a language\ndomain: Example\nauthors: []\ncopyright: x\nfeed_size: -1\n",
      "tags.yaml":
        "- slug: Bad Slug\n  name: Bad\n- slug: ok\n  name: OK\n  aliases: [Bad]\n- slug: ok\n  name: Again\n",
    });
    expect(bundle).toBeUndefined();
    for (const field of ["title", "description", "language", "domain", "authors", "feed_size"]) {
      expect(
        lines.some((l) => new RegExp(`^error: site\\.yaml:\\d+: ${field}: `).test(l)),
        field,
      ).toBe(true);
    }
    expect(lines.some((l) => l.startsWith("error: tags.yaml:1: slug: "))).toBe(true);
    expect(lines).toContain('error: tags.yaml:6: slug: duplicate tag slug "ok"');
  });

  it("warns about unknown fields instead of failing, so posts from other generators drop in", async () => {
    const { bundle, lines } = await compile({
      "articles/hugo.md": article("title: From Hugo\ndate: 2024-01-01T00:00:00Z\nlayout: post\ncategories: [russia]"),
    });
    expect(bundle).toBeDefined();
    expect(bundle?.articles[0]?.tags).toEqual(["russia"]);
    expect(lines).toEqual(["warning: articles/hugo.md:4: layout: unknown field, ignored"]);
  });
});

describe("npm run build / check", { timeout: COMMAND_TIMEOUT }, () => {
  const run = promisify(execFile);
  const root = resolve(import.meta.dirname, "../..");
  const cli = (args: string[]) =>
    run(join(root, "node_modules/.bin/tsx"), [join(root, "src/compiler/commands/cli.ts"), ...args], { cwd: root }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  /** Where a build writes, all inside `dir`: never the publisher's .edgefeed/ or src/generated/. */
  const outputs = (dir: string) => [
    "--out",
    join(dir, "out/content.ts"),
    "--assets",
    join(dir, "out/public"),
    "--cache",
    join(dir, "out/cache"),
  ];

  it("exits 1 on a bad record and leaves the previous module untouched", async () => {
    const good = await contentDir({ "articles/a.md": article("title: A\ndate: 2024-01-01T00:00:00Z") });
    const out = join(good, "out/content.ts");
    expect((await cli(["--content", good, ...outputs(good)])).code).toBe(0);
    const before = await readFile(out, "utf8");

    const bad = await contentDir({ "articles/a.md": article("date: 2024-01-01T00:00:00Z") });
    const result = await cli(["--content", bad, ...outputs(good)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: articles/a.md:1: title is required");
    expect(result.stderr).toContain("nothing was built");
    expect(await readFile(out, "utf8")).toBe(before);
  });

  it("--check validates without writing anything", async () => {
    const good = await contentDir({ "articles/a.md": article("title: A\ndate: 2024-01-01T00:00:00Z") });
    const result = await cli(["--check", "--content", good, ...outputs(good)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("is valid: 1 article(s)");
    await expect(stat(join(good, "out"))).rejects.toThrow();
  });

  it("delivers every warning and the summary to a reader that comes late", async () => {
    // Thousands of lines, far more than a pipe holds: the last ones wait for the reader.
    const articles = 3_000;
    const files = Object.fromEntries(
      Array.from({ length: articles }, (_, i) => [
        `articles/a${i}.md`,
        article(`title: A${i}\ndate: 2024-01-01T00:00:00Z\ntags: [undeclared-tag-${i}]`),
      ]),
    );
    const dir = await contentDir(files);
    const result = await runWithHeldOutput("src/compiler/commands/cli.ts", [
      "--check",
      "--content",
      dir,
      ...outputs(dir),
    ]);
    expect(result.code).toBe(0);
    const lines = result.stderr.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(articles);
    expect(new Set(lines.map((line) => /undeclared-tag-(\d+)/.exec(line)?.[1])).size).toBe(articles);
    expect(result.stdout).toMatch(/is valid: 3000 article\(s\) published.*, 3000 warning\(s\)\n$/);
  });

  it("compiles the demo fixture (the content/ the project shipped) with no errors and no warnings", async () => {
    const result = await compileBundle(join(root, "tests/fixtures/demo"));
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(result.bundle?.articles.length).toBeGreaterThanOrEqual(5);
    for (const a of result.bundle?.articles ?? []) expect(a.published).toBeLessThan(Date.now());
  });
});

describe("the tag lifecycle in tags.yaml", () => {
  const LIFECYCLE = `- slug: diplomacy
  name: Diplomacy
- slug: talks
  merged_into: dialogue
  aliases: [Peace talks]
- slug: dialogue
  merged_into: diplomacy
  name: Dialogue
- slug: briefing
  name: Daily briefing
  retired: The briefing ended.
- slug: old-desk
  name: Old desk
  retired: true
`;

  it("points merged tags (through chains) at the survivor and keeps retired tags out of every article", async () => {
    const { bundle, lines } = await compile({
      "tags.yaml": LIFECYCLE,
      "articles/a.md": article("title: A\ndate: 2024-01-01T00:00:00Z\ntags: [Peace talks, Daily briefing, Dialogue]"),
      "articles/b.md": article("title: B\ndate: 2024-01-02T00:00:00Z\ntags: [briefing, old-desk]"),
    });
    expect(lines).toEqual([]);
    expect(bundle?.tags.map((t) => t.slug)).toEqual(["diplomacy"]);
    expect(bundle?.articles.map((a) => [a.slug, a.tags])).toEqual([
      ["b", []],
      ["a", ["diplomacy"]],
    ]);
    expect(bundle?.merged).toEqual({ talks: "diplomacy", dialogue: "diplomacy" });
    expect(bundle?.retired).toEqual([
      { slug: "briefing", name: "Daily briefing", reason: "The briefing ended." },
      { slug: "old-desk", name: "Old desk", reason: "This tag is no longer kept up to date." },
    ]);
    for (const spelling of ["talks", "peace talks", "dialogue"]) expect(bundle?.tagLookup[spelling]).toBe("diplomacy");
    expect(bundle?.tagLookup["daily briefing"]).toBe("briefing");
  });

  it("rejects merges that go nowhere, loop, end at a retired tag or also retire", async () => {
    const { bundle, lines } = await compile({
      "tags.yaml": `- slug: live
  name: Live
- slug: gone
  name: Gone
  retired: true
- slug: a
  merged_into: b
- slug: b
  merged_into: a
- slug: c
  merged_into: nowhere
- slug: d
  merged_into: gone
- slug: e
  merged_into: live
  retired: true
- slug: f
  description: no name and no merge
- slug: live
  merged_into: gone
`,
    });
    expect(bundle).toBeUndefined();
    expect(lines).toEqual([
      'error: tags.yaml:7: merged_into: "b" leads back to "a"; merges must end at a live tag',
      'error: tags.yaml:9: merged_into: "a" leads back to "b"; merges must end at a live tag',
      'error: tags.yaml:11: merged_into: "nowhere" is not a tag declared in tags.yaml',
      'error: tags.yaml:13: merged_into: "gone" is retired; merge into a live tag',
      "error: tags.yaml:16: retired: a tag is either retired or merged_into another, not both",
      "error: tags.yaml:17: name is required: add the name readers see, e.g. name: F",
      'error: tags.yaml:19: slug: duplicate tag slug "live"',
    ]);
  });
});
