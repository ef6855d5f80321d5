/**
 * Runs in Node before the Workers tests: compiles every fixture under tests/fixtures/
 * (tests receive them through `inject("bundles")`) and writes the served fixture into the
 * module the real Worker entry imports, restoring that module on teardown.
 *
 * Why the fixture goes into the worker's own module rather than through `createApp`: the
 * tests that call `SELF.fetch` exist to test src/worker.ts itself (which bundle it serves,
 * on the real clock, from the same build output a deploy uploads). Feeding them through
 * `createApp` would leave that entry untested, and the entry is what changes whenever the
 * shape of the build output does. So this file is the one place that turns a fixture into
 * what the worker loads, and tests/worker/support.ts the one place tests learn which bundle
 * that is.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { compileContent } from "../../src/compiler/compile";
import { formatDiagnostic } from "../../src/compiler/diagnostics";
import { writeBundleModule } from "../../src/compiler/emit";
import type { ContentBundle } from "../../src/model/types";
import { FIXTURES_DIR, GENERATED_MODULE, keepGeneratedModule, SERVED_FIXTURE } from "./served-fixture";

async function compileOrThrow(dir: string): Promise<ContentBundle> {
  const result = await compileContent(dir);
  if (!result.bundle) {
    throw new Error(`cannot compile ${dir}:\n${result.diagnostics.map(formatDiagnostic).join("\n")}`);
  }
  return result.bundle;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const bundles: Record<string, ContentBundle> = {};
  for (const entry of await readdir(FIXTURES_DIR, { withFileTypes: true })) {
    if (entry.isDirectory()) bundles[entry.name] = await compileOrThrow(join(FIXTURES_DIR, entry.name));
  }
  const served = bundles[SERVED_FIXTURE];
  if (!served) throw new Error(`no fixture ${SERVED_FIXTURE} under ${FIXTURES_DIR}`);
  const restore = await keepGeneratedModule();
  await writeBundleModule(GENERATED_MODULE, served);
  project.provide("bundles", bundles);
  project.provide("servedFixture", SERVED_FIXTURE);
  return restore;
}
