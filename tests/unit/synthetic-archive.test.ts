/**
 * The benches' synthetic archive: its text depends on the seed and the article alone,
 * so a larger archive begins with the smaller one, and another seed is another archive.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeSyntheticArchive } from "../../scripts/synthetic-archive";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function archive(articles: number, seed: number): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-synthetic-"));
  dirs.push(dir);
  const { contentDir } = await writeSyntheticArchive({ articles, tags: 7, dir, seed, hugo: false });
  const files: Record<string, string> = {};
  for (const name of await readdir(join(contentDir, "articles"))) {
    files[name] = await readFile(join(contentDir, "articles", name), "utf8");
  }
  return files;
}

describe("the synthetic archive", () => {
  it("gives each article the same text whatever the archive's size, and other text for another seed", async () => {
    const small = await archive(5, 7);
    const large = await archive(12, 7);
    const other = await archive(5, 8);
    expect(Object.keys(large)).toHaveLength(12);
    for (const [name, text] of Object.entries(small)) expect(large[name]).toBe(text);
    for (const [name, text] of Object.entries(small)) expect(other[name]).not.toBe(text);
    // Articles differ from one another, and each has a body of some kilobytes.
    expect(new Set(Object.values(large)).size).toBe(12);
    for (const text of Object.values(large)) expect(text.length).toBeGreaterThan(3_000);
  });
});
