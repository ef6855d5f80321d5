/**
 * A build that runs out of memory ends with one line that says so, how many articles it
 * was given and what to try (src/compiler/pipeline/guarded-run.ts), not V8's report.
 * The heap is made tiny (`--memory 16`) so that the demo fixture is too much for it.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { heapFor, heapLimitOf, outOfMemoryLine } from "../../src/compiler/pipeline/guarded-run";

const root = resolve(import.meta.dirname, "../..");
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function runBuild(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const flags = ["--max-old-space-size=1024", "--import", "tsx", "src/compiler/commands/cli.ts"];
  return new Promise((done) => {
    execFile(process.execPath, [...flags, ...args], { cwd: root }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

describe("a build that runs out of memory", () => {
  it("says so in one line with the article count and what to try, and exits 1", async () => {
    const out = await mkdtemp(join(tmpdir(), "edgefeed-oom-"));
    dirs.push(out);
    const result = await runBuild([
      "--content",
      "tests/fixtures/demo",
      "--out",
      join(out, "content.ts"),
      "--assets",
      join(out, "public"),
      "--cache",
      join(out, "cache"),
      "--threads",
      "1",
      "--memory",
      "16",
    ]);
    expect(result.code).toBe(1);
    const lines = result.stderr.split("\n").filter((line) => line !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^edgefeed: the build ran out of memory on 5 article\(s\) in tests\/fixtures\/demo /);
    expect(lines[0]).toContain("a heap limit of 16 MiB");
    expect(lines[0]).toContain("npm run build -- --memory 1024");
    expect(result.stderr).not.toMatch(/FATAL ERROR|Last few GCs|JavaScript heap/);
  }, 60_000);

  it("refuses a --memory that is no amount", async () => {
    const result = await runBuild(["--check", "--content", "tests/fixtures/demo", "--memory", "lots"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--memory must be a whole number of MiB, at least 16: got lots");
  }, 60_000);
});

describe("the heap limit and the advice", () => {
  it("gives a large archive a larger heap than the command's, and never a smaller one", async () => {
    // The demo's five articles, each made to need 200 MiB: 1,000 MiB, rounded up to 1,024.
    const perArticle = 200 * 1024 * 1024;
    expect(await heapFor("tests/fixtures/demo", 256, perArticle)).toBe(1024);
    expect(await heapFor("tests/fixtures/demo", 2048, perArticle)).toBe(2048);
    expect(await heapFor("tests/fixtures/demo", 1024)).toBe(1024);
    expect(await heapFor("tests/fixtures/demo", undefined, perArticle)).toBeUndefined();
  });

  it("takes the last --max-old-space-size, as V8 does", () => {
    expect(heapLimitOf(["--max-old-space-size=1024", "--import", "tsx", "--max-old-space-size=4096"])).toBe(4096);
    expect(heapLimitOf(["--import", "tsx"])).toBeUndefined();
  });

  it("suggests twice the limit, in whole GiB", () => {
    expect(outOfMemoryLine(300_000, "content", 1024)).toContain(
      "on 300,000 article(s) in content (a heap limit of 1024 MiB)",
    );
    expect(outOfMemoryLine(300_000, "content", 1024)).toContain("--memory 2048");
    expect(outOfMemoryLine(undefined, "content", 3000)).toContain("--memory 6144");
  });
});
