/**
 * The one fixture the real Worker entry serves in tests, and the module it is built into.
 * The worker tests (through `SELF`) and the browser tests (through `wrangler dev`) both serve
 * it instead of content/, so that a publisher's own articles never change what they assert;
 * only tests/compiler/content.test.ts looks at content/. Both global setups put the
 * generated module back as they found it, so that after a test run it is again what
 * `npm run build` made from content/.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export const FIXTURES_DIR = join(ROOT, "tests/fixtures");
export const SERVED_FIXTURE = "demo";
export const SERVED_FIXTURE_DIR = join(FIXTURES_DIR, SERVED_FIXTURE);
/** What src/worker.ts imports; `npm run build` writes it, and the tests overwrite it for their run. */
export const GENERATED_MODULE = join(ROOT, "src/generated/content.ts");

/** Remembers the generated module as it is now (or that there is none); the returned function restores it. */
export async function keepGeneratedModule(): Promise<() => Promise<void>> {
  const before = await readFile(GENERATED_MODULE, "utf8").catch(() => undefined);
  return async () => {
    if (before === undefined) await rm(GENERATED_MODULE, { force: true });
    else await writeFile(GENERATED_MODULE, before);
  };
}
