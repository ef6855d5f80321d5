/**
 * Content directories written for one test in the system's temporary folder: a
 * valid site.yaml and tags.yaml unless a test replaces them (or leaves one out with
 * null), plus the files the test names. `removeScratchContent` deletes them all.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { compileBundle, type CompileOptions } from "../../src/compiler/pipeline/compile";
import { formatDiagnostic } from "../../src/compiler/diagnostics";

export const SITE = `title: Test Site
description: A test.
language: en
domain: test.example
authors: [Desk]
copyright: © Test
`;

export const TAGS = `- slug: sergei-lavrov
  name: Sergei Lavrov
  aliases: [Sergey Lavrov, Lavrov]
- slug: russia
  name: Russia
`;

/** An article file: YAML front matter from `fields`, then the body. */
export function article(fields: string, body = "Body text."): string {
  return `---\n${fields.trim()}\n---\n${body}\n`;
}

const dirs: string[] = [];

export async function contentDir(files: Record<string, string | Uint8Array | null>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-"));
  dirs.push(dir);
  const all = { "site.yaml": SITE, "tags.yaml": TAGS, ...files };
  for (const [name, data] of Object.entries(all)) {
    if (data === null) continue;
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), data);
  }
  return dir;
}

/** Compiles a scratch directory; `lines` are the diagnostics as the build prints them. */
export async function compile(files: Record<string, string | Uint8Array | null>, options: CompileOptions = {}) {
  const result = await compileBundle(await contentDir(files), options);
  return { ...result, lines: result.diagnostics.map(formatDiagnostic) };
}

export async function removeScratchContent(): Promise<void> {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
