/**
 * The guard every test run ends with (tests/support/publisher-build-guard.ts): it must
 * see a file of the publisher's build written, rewritten or removed, and nothing else.
 */
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { changes, fingerprint } from "../support/publisher-build-guard";

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

it("names each file of the publisher's build a run created, rewrote or removed, and ignores other folders", async () => {
  root = await mkdtemp(join(tmpdir(), "edgefeed-guard-"));
  await mkdir(join(root, ".edgefeed/cache/fields"), { recursive: true });
  await mkdir(join(root, "src/generated"), { recursive: true });
  await writeFile(join(root, ".edgefeed/cache/files.jsonl"), "13 MB of cache\n");
  await writeFile(join(root, ".edgefeed/cache/fields/a.bin"), "fields");
  await writeFile(join(root, "src/generated/content.ts"), "export const index = {};\n");
  const before = await fingerprint(root);
  expect(changes(before, await fingerprint(root))).toEqual([]);

  await writeFile(join(root, ".edgefeed/cache/files.jsonl"), "[]\n");
  await rm(join(root, ".edgefeed/cache/fields/a.bin"));
  await writeFile(join(root, "src/generated/content.ts"), "export const index = {};\n");
  const past = new Date(Date.UTC(2020, 0, 1));
  await utimes(join(root, "src/generated/content.ts"), past, past);
  await mkdir(join(root, ".edgefeed/public"), { recursive: true });
  await writeFile(join(root, ".edgefeed/public/rss.xml"), "<rss/>");
  await mkdir(join(root, ".edgefeed/test"), { recursive: true });
  await writeFile(join(root, ".edgefeed/test/content.ts"), "a test's own build");

  expect(changes(before, await fingerprint(root)).map((line) => line.replace(/ \(.*/, ""))).toEqual([
    ".edgefeed/cache/fields/a.bin: removed",
    ".edgefeed/cache/files.jsonl: rewritten",
    ".edgefeed/public/rss.xml: created",
    "src/generated/content.ts: rewritten",
  ]);
});
