/**
 * The one test about the publisher's own content/: it must compile without errors, because
 * with any error `npm run build` publishes nothing. Warnings (an undeclared tag, an unknown
 * field) are printed for the publisher to read but allowed. Every other test runs on
 * fixtures under tests/fixtures/, so adding, scheduling or retagging articles never breaks
 * them.
 *
 * It runs `npm run check` itself, the command a publisher runs: it reads the build's
 * cache (which the `npm run build` at the start of `npm test` has just brought up to
 * date) and writes nothing. Its time grows with the archive, and a valid archive of any
 * size must pass, so the test has no time limit of its own: the check's own time is it.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { resolve } from "node:path";
import { expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

/** `npm run check`, as package.json runs it, with its output. */
async function check(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/compiler/commands/cli.ts", "--check"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, "close")) as [number | null];
  return { code, stdout, stderr };
}

it("content/ compiles without errors (warnings are printed, not failed)", { timeout: 0 }, async () => {
  const { code, stdout, stderr } = await check();
  const lines = stderr.split("\n").filter((line) => line !== "");
  const warnings = lines.filter((line) => line.startsWith("warning: "));
  if (warnings.length > 0) console.warn(`content/ has ${warnings.length} warning(s):\n${warnings.join("\n")}`);
  expect(
    lines.filter((line) => !line.startsWith("warning: ")),
    "errors in content/ (nothing would be built)",
  ).toEqual([]);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^edgefeed: content\/ is valid: /);
});
