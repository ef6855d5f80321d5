/**
 * The one test about the publisher's own content/: it must compile without errors, because
 * with any error `npm run build` publishes nothing. Warnings (an undeclared tag, an unknown
 * field) are printed for the publisher to read but allowed. Every other test runs on
 * fixtures under tests/fixtures/, so adding, scheduling or retagging articles never breaks
 * them.
 */
import { join, resolve } from "node:path";
import { expect, it } from "vitest";
import { compileBundle } from "../../src/compiler/pipeline/compile";
import { formatDiagnostic } from "../../src/compiler/diagnostics";

const CONTENT_DIR = join(resolve(import.meta.dirname, "../.."), "content");

it("content/ compiles without errors (warnings are printed, not failed)", async () => {
  const { bundle, diagnostics } = await compileBundle(CONTENT_DIR);
  const lines = (severity: string) => diagnostics.filter((d) => d.severity === severity).map(formatDiagnostic);
  const warnings = lines("warning");
  if (warnings.length > 0) console.warn(`content/ has ${warnings.length} warning(s):\n${warnings.join("\n")}`);
  expect(lines("error"), "errors in content/ (nothing would be built)").toEqual([]);
  expect(bundle).toBeDefined();
});
