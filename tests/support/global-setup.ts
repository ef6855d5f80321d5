/**
 * Runs in Node before the Workers tests: compiles every fixture under tests/fixtures/
 * (tests receive them through `inject("bundles")`) and builds the served fixture the
 * way a deploy would (index module and record packs, into `.edgefeed/test/`). Only the
 * folders with a site.yaml are archives; others (tests/fixtures/import/) hold import sources.
 *
 * Why `SELF.fetch` tests get a real build rather than `createApp`: they exist to test the
 * Worker entry itself (src/entry.ts: the index it decodes, the records it reads through
 * the ASSETS binding, the hot path, the real clock). So served-fixture.ts is the one place
 * that turns a fixture into what the worker loads, and tests/worker/support.ts the one
 * place tests learn which bundle that is.
 */
import { access, readdir } from "node:fs/promises";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { compileBundle } from "../../src/compiler/pipeline/compile";
import { formatDiagnostic } from "../../src/compiler/diagnostics";
import type { ContentBundle } from "../../src/model/types";
import { buildServedFixture } from "./build-served-fixture";
import { FIXTURES_DIR, SERVED_FIXTURE } from "./served-fixture";

async function compileOrThrow(dir: string): Promise<ContentBundle> {
  const result = await compileBundle(dir);
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
  const bundles: Record<string, ContentBundle> = {};
  for (const entry of await readdir(FIXTURES_DIR, { withFileTypes: true })) {
    const dir = join(FIXTURES_DIR, entry.name);
    if (entry.isDirectory() && (await isArchive(dir))) bundles[entry.name] = await compileOrThrow(dir);
  }
  if (!bundles[SERVED_FIXTURE]) throw new Error(`no fixture ${SERVED_FIXTURE} under ${FIXTURES_DIR}`);
  project.provide("servedIndex", await buildServedFixture());
  project.provide("bundles", bundles);
  project.provide("servedFixture", SERVED_FIXTURE);
}
