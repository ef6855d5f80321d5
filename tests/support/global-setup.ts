/**
 * Runs in Node before the Workers tests: compiles content/ into the worker's bundle
 * (so `vitest` alone tests current content) and the fixture archives under
 * tests/fixtures/ (the folders with a site.yaml; others hold import sources), which
 * tests receive through `inject("bundles")`.
 */
import { access, readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { compileContent } from "../../src/compiler/compile";
import { formatDiagnostic } from "../../src/compiler/diagnostics";
import { writeBundleModule } from "../../src/compiler/emit";
import type { ContentBundle } from "../../src/model/types";

async function compileOrThrow(dir: string): Promise<ContentBundle> {
  const result = await compileContent(dir);
  if (!result.bundle) {
    throw new Error(`cannot compile ${dir}:\n${result.diagnostics.map(formatDiagnostic).join("\n")}`);
  }
  return result.bundle;
}

async function isArchive(dir: string): Promise<boolean> {
  try {
    await access(join(dir, "site.yaml"));
    return true;
  } catch {
    return false;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const root = resolve(import.meta.dirname, "../..");
  await writeBundleModule(join(root, "src/generated/content.ts"), await compileOrThrow(join(root, "content")));
  const fixturesDir = join(root, "tests/fixtures");
  const bundles: Record<string, ContentBundle> = {};
  for (const entry of await readdir(fixturesDir, { withFileTypes: true })) {
    const dir = join(fixturesDir, entry.name);
    if (entry.isDirectory() && (await isArchive(dir))) bundles[entry.name] = await compileOrThrow(dir);
  }
  project.provide("bundles", bundles);
}
