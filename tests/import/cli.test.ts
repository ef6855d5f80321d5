/**
 * `npm run import` as a publisher runs it: the exit code, the lines on stdout, the
 * errors on stderr, and the usage text for a wrong command line.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { COMMAND_TIMEOUT } from "../support/command-timeout";
import { runWithHeldOutput } from "../support/held-output";
import { fixture, snapshot, tempDir } from "./support";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(join(root, "node_modules/.bin/tsx"), [join(root, "src/import/cli.ts"), ...args], { cwd: root }).then(
    (result) => ({ code: 0, ...result }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

// Each test starts a Node process with tsx, which takes seconds on a busy machine.
describe("npm run import", { timeout: COMMAND_TIMEOUT }, () => {
  it("prints a line per item and the summary, and exits 0", async () => {
    const dir = await tempDir();
    const result = await cli([fixture("jekyll-feed.xml"), "--content", dir]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split("\n")).toEqual([
      `created ${join(dir, "articles/maps-and-birds.md")}`,
      `created ${join(dir, "articles/hello-world.md")}`,
      `import: 2 created, 0 overwritten, 0 unchanged, 0 skipped from ${fixture("jekyll-feed.xml")} (Atom)`,
    ]);
  });

  it("exits 1 with the error on stderr and writes nothing for a truncated file", async () => {
    const dir = await tempDir();
    const result = await cli([fixture("truncated.xml"), "--content", dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*truncated\.xml: line \d+: not well-formed XML: unclosed tag: item/m);
    expect(result.stderr).toMatch(/import: 1 error\(s\) in .*truncated\.xml; nothing was written/);
    expect((await snapshot(dir)).size).toBe(0);
  });

  it("delivers every line and the summary to a reader that comes late", async () => {
    // Far more lines than a pipe holds: the last ones wait for the reader.
    const count = 3_000;
    const items = Array.from({ length: count }, (_, i) => ({
      id: `https://old.example/?p=${i}`,
      url: `https://old.example/posts/an-imported-post-with-a-rather-long-name-${i}/`,
      title: `Post ${i}`,
      content_html: `<p>Text ${i}</p>`,
      date_published: "2023-06-01T07:15:00Z",
    }));
    const dir = await tempDir();
    const source = join(dir, "many.json");
    await writeFile(source, JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: "Many", items }));
    const result = await runWithHeldOutput("src/import/cli.ts", [source, "--dry-run", "--content", join(dir, "c")]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.filter((line) => line.startsWith("would create "))).toHaveLength(count);
    expect(lines.at(-1)).toBe(
      `dry run, nothing written: ${count} to create, 0 to overwrite, 0 unchanged, 0 skipped from ${source} (JSON Feed)`,
    );
  });

  it.each([[[]], [["a.xml", "--timeout", "soon"]]])("exits 2 with the usage for %j", async (args) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("usage: npm run import -- <file|url>");
  });
});
