/**
 * The build as `npm run build` runs it: cached per file, in threads, writing only what
 * changed. Whatever path it takes, its output must be byte for byte the output of a
 * cold, single-threaded build of the same content.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { build, type BuildOptions } from "../../src/compiler/pipeline/build";
import { type CompileOptions, compileContent } from "../../src/compiler/pipeline/compile";
import { formatDiagnostic } from "../../src/compiler/diagnostics";
import { writeAssets } from "../../src/compiler/emit/emit";
import { decodePackHeader } from "../../src/model/packs";
import { COMMAND_TIMEOUT } from "../support/command-timeout";
import { changes, fingerprint } from "../support/publisher-build-guard";
import { article, contentDir, removeScratchContent } from "./scratch-content";

const ROOT = join(import.meta.dirname, "../..");
const FIXTURE = join(ROOT, "tests/fixtures/timeline");
const NOW = Date.UTC(2024, 5, 1);
const scratch: string[] = [];

afterAll(() =>
  Promise.all([...scratch.map((dir) => rm(dir, { recursive: true, force: true })), removeScratchContent()]),
);

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-build-"));
  scratch.push(dir);
  return dir;
}

/**
 * Every file a build wrote (index module and assets), path → text. Each build directory
 * has its own storage key, so the key is taken out of paths and the index module:
 * builds compare by what they store, not by where.
 */
async function output(dir: string): Promise<Record<string, string>> {
  const key = (await readFile(join(dir, "public.key"), "utf8")).trim();
  const unkeyed = (text: string) => text.replaceAll(`_records/${key}/`, "_records/").replaceAll(key, "KEY");
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[unkeyed(relative(dir, path))] = unkeyed(await readFile(path, "utf8"));
  }
  // The manifest records how files were made (sizes, times), not what the site serves.
  delete files["public/_records/manifest.json"];
  delete files["public.key"];
  return files;
}

async function run(content: string, out: string, extra: Partial<BuildOptions> = {}) {
  const result = await build({
    contentDir: content,
    moduleOut: join(out, "content.ts"),
    assetsDir: join(out, "public"),
    now: NOW,
    root: ROOT,
    ...extra,
  });
  if (!result.content) throw new Error(result.diagnostics.map(formatDiagnostic).join("\n"));
  return result;
}

/** A cold, in-memory, single-threaded build of `content`: the reference output. */
async function reference(content: string): Promise<Record<string, string>> {
  const out = await tempDir();
  await run(content, out);
  return output(out);
}

describe("an incremental build", () => {
  it("reads nothing again when nothing changed, and writes only what an edit touched", async () => {
    const content = await tempDir();
    await cp(FIXTURE, content, { recursive: true });
    const out = await tempDir();
    const cacheDir = join(out, "cache");
    const first = await run(content, join(out, "site"), { cacheDir });
    expect(first.assets?.written).toBeGreaterThan(0);

    const again = await run(content, join(out, "site"), { cacheDir });
    expect(again.assets?.written).toBe(0);
    expect(await output(join(out, "site"))).toEqual(await reference(content));

    // Edit one article: only its packs (the site's and its tag's) are written again.
    const file = join(content, "articles/second.md");
    await writeFile(file, (await readFile(file, "utf8")).replace(/\n*$/, "\n\nOne more sentence.\n"));
    const edited = await run(content, join(out, "site"), { cacheDir });
    expect(edited.assets?.written).toBeGreaterThan(0);
    expect(edited.assets?.written).toBeLessThan(first.assets?.written ?? 0);
    const site = await output(join(out, "site"));
    expect(site).toEqual(await reference(content));
    expect(Object.values(site).join("")).toContain("One more sentence.");

    // Delete it: its record goes from every pack, and packs no longer made are removed.
    await rm(file);
    await run(content, join(out, "site"), { cacheDir });
    expect(await output(join(out, "site"))).toEqual(await reference(content));
  });

  it("keeps every file's work when site.yaml changes, and starts afresh when its time zone does", async () => {
    const content = await tempDir();
    await cp(FIXTURE, content, { recursive: true });
    const out = await tempDir();
    const cacheDir = join(out, "cache");
    await run(content, join(out, "site"), { cacheDir });
    const siteFile = join(content, "site.yaml");
    await writeFile(siteFile, (await readFile(siteFile, "utf8")).replace(/^title: .*$/m, "title: Renamed Site"));
    const renamed = await run(content, join(out, "site"), { cacheDir });
    expect(renamed.files).toEqual({ cached: 5, rendered: 0 });
    const site = await output(join(out, "site"));
    expect(site).toEqual(await reference(content));
    expect(site["content.ts"]).toContain("Renamed Site");

    // Dates written without an offset are read in the time zone: every file is read again.
    await writeFile(siteFile, `${await readFile(siteFile, "utf8")}timezone: Asia/Tokyo\n`);
    const zoned = await run(content, join(out, "site"), { cacheDir });
    expect(zoned.files).toEqual({ cached: 0, rendered: 5 });
    expect(await output(join(out, "site"))).toEqual(await reference(content));
  });
});

describe("the build cache", () => {
  it("keeps the fields of many builds in one file, and keeps a failed build's work for the next", async () => {
    const content = await tempDir();
    await cp(FIXTURE, content, { recursive: true });
    const out = await tempDir();
    const cacheDir = join(out, "cache");
    const segments = async () => readdir(join(cacheDir, "fields"));
    const first = await run(content, join(out, "site"), { cacheDir });
    expect(await segments()).toHaveLength(1);

    // One-article edits: each build's few fields and the small earlier segment fold into one.
    const file = join(content, "articles/second.md");
    const original = await readFile(file, "utf8");
    for (const words of ["One.", "Two.", "Three."]) {
      await writeFile(file, original.replace(/\n*$/, `\n\n${words}\n`));
      const edited = await run(content, join(out, "site"), { cacheDir });
      expect(edited.files).toEqual({
        cached: (first.files?.cached ?? 0) + (first.files?.rendered ?? 0) - 1,
        rendered: 1,
      });
      expect(await segments()).toHaveLength(1);
    }
    expect(await output(join(out, "site"))).toEqual(await reference(content));

    // A build that fails still remembers the files it read: after the fix only that file is read again.
    const other = join(content, "articles/first.md");
    const good = await readFile(other, "utf8");
    await writeFile(other, good.replace(/^title: .*$/m, "title: [unclosed"));
    const failed = await build({
      contentDir: content,
      moduleOut: join(out, "site/content.ts"),
      assetsDir: join(out, "site/public"),
      now: NOW,
      root: ROOT,
      cacheDir,
    });
    expect(failed.content).toBeUndefined();
    await writeFile(other, good);
    const fixed = await run(content, join(out, "site"), { cacheDir });
    expect(fixed.files?.rendered).toBe(1);
    expect(await output(join(out, "site"))).toEqual(await reference(content));
  });
});

describe("the build cache's manifest", () => {
  it("keeps the lines of files that did not change, and a rebuild from it reads only what changed", async () => {
    const content = await tempDir();
    await cp(FIXTURE, content, { recursive: true });
    const out = await tempDir();
    const cacheDir = join(out, "cache");
    const lines = async () => (await readFile(join(cacheDir, "files.jsonl"), "utf8")).split("\n").filter(Boolean);
    const first = await run(content, join(out, "site"), { cacheDir });
    const total = (first.files?.cached ?? 0) + (first.files?.rendered ?? 0);
    expect(await lines()).toHaveLength(total + 1);

    // An edit: its line is made anew (and the small segment's lines, whose fields moved).
    const file = join(content, "articles/second.md");
    await writeFile(file, (await readFile(file, "utf8")).replace(/\n*$/, "\n\nOne more sentence.\n"));
    await run(content, join(out, "site"), { cacheDir });
    const edited = await lines();
    expect(edited).toHaveLength(total + 1);
    expect(edited.filter((line) => line.includes("One more sentence"))).toEqual([]);
    expect((await run(content, join(out, "site"), { cacheDir })).files).toEqual({ cached: total, rendered: 0 });

    // A file removed, nothing read: the others' lines are the very lines before (in the order files are listed).
    await rm(join(content, "articles/first.md"));
    const removed = await run(content, join(out, "site"), { cacheDir });
    expect(removed.files).toEqual({ cached: total - 1, rendered: 0 });
    expect((await lines()).sort()).toEqual(edited.filter((line) => !line.startsWith('["articles/first.md"')).sort());
    expect((await run(content, join(out, "site"), { cacheDir })).files).toEqual({ cached: total - 1, rendered: 0 });
    expect(await output(join(out, "site"))).toEqual(await reference(content));
  });
});

describe("a build of content that did not change", () => {
  it("rewrites no file: modules, assets, manifest and cache keep their bytes and times", async () => {
    // wrangler dev reruns the build hook when anything under src/ changes: a build that
    // rewrote its unchanged modules would start itself again forever.
    const content = await tempDir();
    await cp(FIXTURE, content, { recursive: true });
    const out = await tempDir();
    const options = { cacheDir: join(out, "cache") };
    await run(content, join(out, "site"), options);
    const before = await fingerprint(out, ["."]);
    expect([...before.keys()]).toEqual(
      expect.arrayContaining(["site/content.ts", "site/problems.ts", "cache/files.jsonl"]),
    );

    await run(content, join(out, "site"), options);
    expect(changes(before, await fingerprint(out, ["."]))).toEqual([]);

    // An edit is written: the fingerprint sees what a build changes.
    const file = join(content, "articles/second.md");
    await writeFile(file, (await readFile(file, "utf8")).replace(/^title: .*$/m, "title: Second, retitled"));
    await run(content, join(out, "site"), options);
    const edited = changes(before, await fingerprint(out, ["."])).map((line) => line.replace(/:.*/, ""));
    expect(edited).toContain("cache/files.jsonl");
    expect(edited.filter((path) => path.startsWith("site/public/_records/"))).not.toEqual([]);
  });
});

describe("a check (npm run check)", () => {
  it("takes a warm build's cache as the build does and leaves the cache exactly as it was", async () => {
    const content = await tempDir();
    await cp(FIXTURE, content, { recursive: true });
    const out = await tempDir();
    const cacheDir = join(out, "cache");
    const first = await run(content, join(out, "site"), { cacheDir });
    const articleFiles = (first.files?.cached ?? 0) + (first.files?.rendered ?? 0);
    const cacheBefore = await fingerprint(cacheDir, ["."]);
    const check = (options: Partial<CompileOptions> = {}) =>
      compileContent(content, { now: NOW, root: ROOT, cacheDir, readOnlyCache: true, ...options });

    const unchanged = await check();
    expect(unchanged.content).toBeDefined();
    expect(unchanged.files).toEqual({ cached: articleFiles, rendered: 0 });

    // An edited file is read again, and kept nowhere: the next check reads it again too.
    const file = join(content, "articles/second.md");
    await writeFile(file, (await readFile(file, "utf8")).replace(/\n*$/, "\n\nOne more sentence.\n"));
    for (let i = 0; i < 2; i++) expect((await check()).files).toEqual({ cached: articleFiles - 1, rendered: 1 });
    // A check that fails writes nothing either.
    await writeFile(file, "---\ndate: 2024-01-01T00:00:00Z\n---\nNo title.\n");
    expect((await check()).content).toBeUndefined();
    expect(changes(cacheBefore, await fingerprint(cacheDir, ["."]))).toEqual([]);
  });
});

describe("records that depend on other files", () => {
  it("are written again when authors.yaml, or a file an article attaches, changes while the article does not", async () => {
    const content = await tempDir();
    await cp(join(ROOT, "tests/fixtures/authors"), content, { recursive: true });
    const out = await tempDir();
    const cacheDir = join(out, "cache");
    await run(content, join(out, "site"), { cacheDir });

    const authorsFile = join(content, "authors.yaml");
    const moved = "https://mara-quill.example/moved/";
    await writeFile(authorsFile, (await readFile(authorsFile, "utf8")).replace("https://mara-quill.example/", moved));
    const renamed = await run(content, join(out, "site"), { cacheDir });
    expect(renamed.assets?.written).toBeGreaterThan(0);
    let site = await output(join(out, "site"));
    expect(site).toEqual(await reference(content));
    expect(site["public/_records/authors/mara-quill/0.json"]).toContain(moved);

    // The attachment's length is the file's size: a longer file is a changed record.
    await writeFile(join(content, "static/audio/pilots.mp3"), new Uint8Array(5000));
    await run(content, join(out, "site"), { cacheDir });
    site = await output(join(out, "site"));
    expect(site).toEqual(await reference(content));
    expect(site["public/_records/site/0.json"]).toContain('"length":5000');
  });
});

describe("a build in threads", () => {
  it(
    "writes exactly what an in-process build writes",
    async () => {
      const content = await tempDir();
      await cp(FIXTURE, content, { recursive: true });
      // Enough articles for the build to start threads.
      await mkdir(join(content, "articles/many"), { recursive: true });
      await Promise.all(
        Array.from({ length: 450 }, (_, i) =>
          writeFile(
            join(content, `articles/many-${i}.md`),
            `---\ntitle: "Many ${i}: a *title*"\ndate: 2023-0${1 + (i % 9)}-1${i % 10}T0${i % 10}:00:00Z\ntags: [alpha, "Topic ${i % 7}"]\n---\n\nBody ${i} with [a link](../first) and **words**.\n`,
          ),
        ),
      );
      await rm(join(content, "articles/many"), { recursive: true });
      const out = await tempDir();
      await run(content, out, { threads: 2, cacheDir: join(out, "cache") });
      const threaded = await output(out);
      const inThreads = Object.fromEntries(Object.entries(threaded).filter(([path]) => !path.startsWith("cache/")));
      expect(inThreads).toEqual(await reference(content));
    },
    COMMAND_TIMEOUT,
  );
});

describe("a build that keeps few records in memory", () => {
  it("reads the others back from the cache and writes exactly what a build that kept them all writes", async () => {
    const content = await tempDir();
    await cp(FIXTURE, content, { recursive: true });
    const out = await tempDir();
    // Room for one record's fields at the most: nearly every record is read back from the cache's segment.
    await run(content, out, { cacheDir: join(out, "cache"), recordsHeld: 3_000 });
    const built = await output(out);
    const site = Object.fromEntries(Object.entries(built).filter(([path]) => !path.startsWith("cache/")));
    expect(site).toEqual(await reference(content));
  }, 60_000);
});

describe("site files", () => {
  it("copies content/static/ to the root and page-bundle files under their article, and removes what goes", async () => {
    const content = await tempDir();
    await cp(join(ROOT, "tests/fixtures/dropin"), content, { recursive: true });
    const out = await tempDir();
    const now = Date.UTC(2024, 0, 1);
    await run(content, out, { now, cacheDir: join(out, "cache") });
    const served = async (path: string) => readFile(join(out, "public", path));
    expect(await served("icon.png")).toEqual(await readFile(join(content, "static/icon.png")));
    expect(await served("img/logo.png")).toEqual(await readFile(join(content, "static/img/logo.png")));
    expect(await served("articles/grain-corridor-photos/wheat.png")).toEqual(
      await readFile(join(content, "articles/grain-corridor-photos/wheat.png")),
    );
    expect(await served("articles/grain-corridor-photos/inspection-report.pdf")).toBeInstanceOf(Buffer);

    await rm(join(content, "articles/grain-corridor-photos/port-map.png"));
    await run(content, out, { now, cacheDir: join(out, "cache") });
    await expect(served("articles/grain-corridor-photos/port-map.png")).rejects.toThrow(/ENOENT/);
    expect(await served("articles/grain-corridor-photos/wheat.png")).toBeInstanceOf(Buffer);
  });
});

describe("a static file on the site's own path", () => {
  it("fails the build, naming the file: it would hide the feed or page", async () => {
    const content = await tempDir();
    await cp(FIXTURE, content, { recursive: true });
    await mkdir(join(content, "static/tags"), { recursive: true });
    await writeFile(join(content, "static/rss.xml"), "<rss/>");
    await writeFile(join(content, "static/tags/alpha"), "x");
    await writeFile(join(content, "static/fine.txt"), "x");
    const out = await tempDir();
    const result = await build({
      contentDir: content,
      moduleOut: join(out, "content.ts"),
      assetsDir: join(out, "public"),
      now: NOW,
    });
    expect(result.content).toBeUndefined();
    const errors = result.diagnostics.filter((d) => d.severity === "error").map((d) => d.file);
    expect(errors.sort()).toEqual(["static/rss.xml", "static/tags/alpha"]);
  });
});

describe("a scheduled article's page bundle", () => {
  const PICTURE = "the embargoed picture";
  const RELEASE = "the embargoed press release";
  const SCHEDULED = article(
    [
      "title: Acme to be acquired",
      "date: 2099-01-01T00:00:00Z",
      "image: cover.png",
      "attachments:",
      "  - url: press-release.txt",
      "    type: text/plain",
    ].join("\n"),
    "![Cover](cover.png) See [the release](press-release.txt).",
  );

  /** Every file of a build's assets outside its private storage, path → text. */
  async function publicFiles(assetsDir: string, key: string): Promise<Record<string, string>> {
    const files: Record<string, string> = {};
    for (const entry of await readdir(assetsDir, { recursive: true, withFileTypes: true })) {
      const path = join(entry.parentPath, entry.name);
      if (entry.isFile() && !path.startsWith(join(assetsDir, "_records", key))) {
        files[relative(assetsDir, path)] = await readFile(path, "utf8");
      }
    }
    return files;
  }

  it("is held back in private storage, under a key kept for the next build; a draft's files go nowhere", async () => {
    const content = await contentDir({
      "articles/embargoed/index.md": SCHEDULED,
      "articles/embargoed/cover.png": PICTURE,
      "articles/embargoed/press-release.txt": RELEASE,
      "articles/embargoed/docs/terms.txt": "the terms",
      "articles/open/index.md": article("title: Open\ndate: 2024-01-01T00:00:00Z", "![Map](map.png)"),
      "articles/open/map.png": "the map",
      "articles/unfinished/index.md": article("title: Unfinished\ndate: 2024-01-01T00:00:00Z\ndraft: true"),
      "articles/unfinished/secret.txt": "the draft's secret",
    });
    const out = await tempDir();
    const assetsDir = join(out, "public");
    const first = await run(content, out);
    const key = first.assets?.storageKey ?? "";
    expect(Object.keys(await publicFiles(assetsDir, key))).toEqual(["articles/open/map.png"]);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect((await readFile(join(out, "public.key"), "utf8")).trim()).toBe(key);
    expect(await readFile(join(out, "content.ts"), "utf8")).toContain(`"storageKey":"${key}"`);
    const held = join(assetsDir, "_records", key, "files/embargoed");
    expect(await readFile(join(held, "cover.png"), "utf8")).toBe(PICTURE);
    expect(await readFile(join(held, "press-release.txt"), "utf8")).toBe(RELEASE);
    expect(await readFile(join(held, "docs/terms.txt"), "utf8")).toBe("the terms");
    const everything = await output(out);
    expect(Object.values(everything).join("\n")).not.toContain("the draft's secret");
    // The feeds measure a held file as they measure a public one.
    expect(everything["public/_records/site/0.json"]).toContain(`"length":${RELEASE.length}`);

    // The same key, so nothing is written again; built after the instant, the files are public.
    expect((await run(content, out)).assets).toMatchObject({ storageKey: key, written: 0 });
    await run(content, out, { now: Date.UTC(2099, 0, 2) });
    expect(Object.keys(await publicFiles(assetsDir, key)).sort()).toEqual([
      "articles/embargoed/cover.png",
      "articles/embargoed/docs/terms.txt",
      "articles/embargoed/press-release.txt",
      "articles/open/map.png",
    ]);
    await expect(readdir(held)).rejects.toThrow(/ENOENT/);
  });

  it("leaves nothing behind of assets an older build wrote: public copies of held files, unkeyed packs", async () => {
    const content = await contentDir({
      "articles/embargoed/index.md": SCHEDULED,
      "articles/embargoed/cover.png": PICTURE,
      "articles/embargoed/press-release.txt": RELEASE,
    });
    const out = await tempDir();
    const assetsDir = join(out, "public");
    const old = {
      "articles/embargoed/press-release.txt": RELEASE,
      "articles/embargoed/cover.png": PICTURE,
      "articles/gone/photo.png": "an old picture",
      "_records/site/0.json": "[]",
      "_records/tags/acme-acquisition/0.json": "[]",
      "_records/manifest.json": "{}",
      "_records/0123456789abcdef0123456789abcdef/site/0.json": "[]",
    };
    for (const [path, text] of Object.entries(old)) {
      await mkdir(dirname(join(assetsDir, path)), { recursive: true });
      await writeFile(join(assetsDir, path), text);
    }
    const { assets } = await run(content, out);
    expect(await publicFiles(assetsDir, assets?.storageKey ?? "")).toEqual({});
    expect(await readdir(join(assetsDir, "_records"))).toEqual([assets?.storageKey]);
  });
});

describe("the assets of a build made by another version of the build", () => {
  it("are all written again, even those whose content did not change", async () => {
    const assets = await mkdtemp(join(tmpdir(), "edgefeed-layout-"));
    try {
      const packs = ["/_records/site/0.json", "/_records/site/1.json"].map((path) => ({
        path,
        signature: `members of ${path}`,
        chunks: () => Promise.resolve([new TextEncoder().encode(path)]),
      }));
      expect((await writeAssets(assets, packs, [], "version one")).written).toBe(2);
      expect((await writeAssets(assets, packs, [], "version one")).written).toBe(0);
      expect((await writeAssets(assets, packs, [], "version two")).written).toBe(2);
    } finally {
      await rm(assets, { recursive: true, force: true });
    }
  });
});

describe("a preview build (keepUnpublished)", () => {
  /** Before tests/fixtures/timeline/articles/scheduled.md's instant (2024-03-01T09:00:00Z). */
  const BEFORE_SCHEDULED = Date.UTC(2024, 1, 15);

  it("writes exactly what a deploy build writes, and holds drafts and scheduled articles only in memory", async () => {
    const content = await tempDir();
    await cp(FIXTURE, content, { recursive: true });
    const deployDir = await tempDir();
    const previewDir = await tempDir();
    const deploy = await run(content, deployDir, { now: BEFORE_SCHEDULED });
    const preview = await run(content, previewDir, { now: BEFORE_SCHEDULED, keepUnpublished: true });
    expect(deploy.unpublished).toBeUndefined();
    expect(deploy.unpublishedPack).toBeUndefined();

    const written = await output(previewDir);
    expect(written).toEqual(await output(deployDir));
    // Nothing a deploy uploads or bundles names the draft.
    const everything = Object.values(written).join("\n");
    expect(everything).not.toContain("Draft Never Seen");
    expect(everything).not.toContain("This draft must never appear");

    expect(preview.unpublished?.map(({ file, slug, status, when }) => ({ file, slug, status, when }))).toEqual([
      { file: "articles/draft.md", slug: "draft", status: "draft", when: "" },
      { file: "articles/scheduled.md", slug: "scheduled", status: "scheduled", when: "2024-03-01 09:00 UTC" },
    ]);
    const pack = preview.unpublishedPack ?? new Uint8Array();
    const records = decodePackHeader(pack).records as { title: string; tags: string[] }[];
    expect(records.map((record) => record.title)).toEqual(["Draft Never Seen", "Scheduled"]);
    // A draft's undeclared tag is looked up, never made: only the declared one stays.
    expect(records[0]?.tags).toEqual(["alpha"]);
    expect(Buffer.from(pack).toString("latin1")).toContain("This draft must never appear");
  });

  it("says when a scheduled article appears on the site's clock, in its time zone", async () => {
    const content = await tempDir();
    await cp(FIXTURE, content, { recursive: true });
    const siteFile = join(content, "site.yaml");
    await writeFile(siteFile, `${await readFile(siteFile, "utf8")}timezone: Asia/Tokyo\n`);
    const preview = await run(content, await tempDir(), { now: BEFORE_SCHEDULED, keepUnpublished: true });
    expect(preview.unpublished?.find((article) => article.status === "scheduled")?.when).toBe(
      "2024-03-01 18:00 Asia/Tokyo",
    );
  });
});
