/**
 * Running an import again: the same source changes no byte and creates nothing; a file
 * the publisher edited is left alone unless --force; --dry-run writes nothing; and the
 * same item always lands in the same file, even next to hand-written articles.
 */
import { readFile, rename, stat, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, importInto, snapshot, tempDir, writtenRecords, ALL_SOURCES } from "./support";

async function importAll(dir: string, options = {}) {
  const reports = [];
  for (const name of ALL_SOURCES) reports.push(await importInto(dir, fixture(name), options));
  return reports;
}

async function modificationTimes(dir: string): Promise<number[]> {
  const files = [...(await snapshot(dir)).keys()].sort();
  return Promise.all(files.map(async (file) => (await stat(join(dir, file))).mtimeMs));
}

describe("importing again", () => {
  it("reports every item unchanged and changes no byte and no file time", async () => {
    const dir = await tempDir();
    await importAll(dir);
    const before = await snapshot(dir);
    const timesBefore = await modificationTimes(dir);
    expect(before.size).toBe(13);

    const again = await importAll(dir);
    for (const report of again) {
      const itemLines = report.lines.filter((line) => !line.startsWith("note:") && !line.startsWith("import:"));
      expect(itemLines.length).toBeGreaterThan(0);
      expect(itemLines.every((line) => line.startsWith("unchanged "))).toBe(true);
      expect(report.lines.at(-1)).toMatch(/^import: 0 created, 0 overwritten, \d+ unchanged, 0 skipped/);
    }
    expect(await snapshot(dir)).toEqual(before);
    expect(await modificationTimes(dir)).toEqual(timesBefore);
  });

  it("never overwrites a file that differs, unless --force, which restores the imported text", async () => {
    const dir = await tempDir();
    await importInto(dir, fixture("wordpress-rss.xml"));
    const file = join(dir, "articles/ferry-timetable.md");
    const imported = await readFile(file, "utf8");
    await writeFile(file, `${imported}\nA line the publisher added.\n`);

    const kept = await importInto(dir, fixture("wordpress-rss.xml"));
    expect(kept.lines).toContain(`skipped: ${file} exists and differs; --force overwrites`);
    expect(kept.lines.at(-1)).toMatch(/0 created, 0 overwritten, 2 unchanged, 1 skipped/);
    expect(await readFile(file, "utf8")).toContain("A line the publisher added.");

    const forced = await importInto(dir, fixture("wordpress-rss.xml"), { force: true });
    expect(forced.lines).toContain(`overwritten ${file}`);
    expect(await readFile(file, "utf8")).toBe(imported);
  });

  it("--dry-run says what it would do and writes nothing", async () => {
    const dir = await tempDir();
    const fresh = await importInto(dir, fixture("jekyll-feed.xml"), { dryRun: true });
    expect(fresh.lines).toEqual([
      `would create ${join(dir, "articles/maps-and-birds.md")}`,
      `would create ${join(dir, "articles/hello-world.md")}`,
      expect.stringMatching(/^dry run, nothing written: 2 to create, 0 to overwrite, 0 unchanged, 0 skipped from /),
    ]);
    expect((await snapshot(dir)).size).toBe(0);

    await importInto(dir, fixture("jekyll-feed.xml"));
    const edited = join(dir, "articles/hello-world.md");
    await writeFile(edited, (await readFile(edited, "utf8")).replace("First post.", "My first post."));
    const before = await snapshot(dir);
    const forced = await importInto(dir, fixture("jekyll-feed.xml"), { dryRun: true, force: true });
    expect(forced.lines.slice(0, 2)).toEqual([
      `unchanged ${join(dir, "articles/maps-and-birds.md")}`,
      `would overwrite ${join(dir, "articles/hello-world.md")}`,
    ]);
    expect(await snapshot(dir)).toEqual(before);
  });

  it("gives a new item a free name beside a hand-written article, and finds a renamed record by its id", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "articles"), { recursive: true });
    const handWritten = "---\ntitle: Our own pier story\ndate: 2023-01-01T00:00:00Z\n---\nWritten here.\n";
    await writeFile(join(dir, "articles/tides-and-the-new-pier.md"), handWritten);

    const first = await importInto(dir, fixture("wordpress-rss.xml"));
    expect(first.lines[0]).toBe(`created ${join(dir, "articles/tides-and-the-new-pier-2.md")}`);
    expect(await readFile(join(dir, "articles/tides-and-the-new-pier.md"), "utf8")).toBe(handWritten);

    await rename(join(dir, "articles/ferry-timetable.md"), join(dir, "articles/summer-ferries.md"));
    const second = await importInto(dir, fixture("wordpress-rss.xml"));
    expect(second.lines.slice(0, 3)).toEqual([
      `unchanged ${join(dir, "articles/tides-and-the-new-pier-2.md")}`,
      `unchanged ${join(dir, "articles/summer-ferries.md")}`,
      `unchanged ${join(dir, "articles/short-note.md")}`,
    ]);
    const files = (await writtenRecords(dir)).map((record) => record.file);
    expect(files).not.toContain("articles/ferry-timetable.md");
  });
});
