/**
 * `npm run deploy` and wrangler.toml's `[build]` hook, run for real in a scratch copy of
 * the project (its own content/, src/generated/ and .edgefeed/), offline: a dry run
 * builds once and prints each warning once; an empty SITE_URL stops a deploy, whether
 * through npm run deploy or a bare `wrangler deploy`, before anything is built.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { cp, mkdir, mkdtemp, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMAND_TIMEOUT } from "../support/command-timeout";
import { article, SITE } from "./scratch-content";

const ROOT = resolve(import.meta.dirname, "../..");
let project: string;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "edgefeed-deploy-"));
  for (const file of ["package.json", "tsconfig.json", "wrangler.toml"])
    await cp(join(ROOT, file), join(project, file));
  await cp(join(ROOT, "src"), join(project, "src"), {
    recursive: true,
    filter: (source) => !source.startsWith(join(ROOT, "src/generated")),
  });
  await symlink(join(ROOT, "node_modules"), join(project, "node_modules"), "dir");
  await mkdir(join(project, "content/articles"), { recursive: true });
  await writeFile(join(project, "content/site.yaml"), SITE);
  // Two warnings: an undeclared tag and a field no generator knows.
  await writeFile(
    join(project, "content/articles/a.md"),
    article("title: A\ndate: 2024-01-01T00:00:00Z\ntags: [Undeclared Topic]\nmood: sunny"),
  );
}, COMMAND_TIMEOUT);

afterAll(() => rm(project, { recursive: true, force: true }));

/** A command in the scratch project, offline, with everything it printed on either stream. */
async function run(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, args, {
    cwd: project,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const [code] = (await once(child, "close")) as [number | null];
  return { code, output };
}

const deploy = (...args: string[]) => run(["--import", "tsx", "src/compiler/commands/deploy.ts", ...args]);
const built = () =>
  stat(join(project, "src/generated/content.ts")).then(
    () => true,
    () => false,
  );

describe("npm run deploy", { timeout: COMMAND_TIMEOUT }, () => {
  it("refuses an empty SITE_URL before building, saying how to set it", async () => {
    const result = await deploy();
    expect(result.code).toBe(1);
    expect(result.output).toContain("error: npm run deploy refused: SITE_URL is empty");
    expect(result.output).toContain('under [vars]: SITE_URL = "https://');
    expect(result.output).toContain("--var SITE_URL:https://");
    expect(await built()).toBe(false);
  });

  it("a bare wrangler deploy refuses it too, in its build hook, before building", async () => {
    const result = await run([join("node_modules", "wrangler", "bin", "wrangler.js"), "deploy"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("error: wrangler deploy refused: SITE_URL is empty");
    expect(await built()).toBe(false);
  });

  it("--help says what it does and how to set SITE_URL", async () => {
    const result = await deploy("--help");
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/^usage: npm run deploy -- \[wrangler deploy options\]\n/);
    expect(result.output).toContain("--var SITE_URL:");
  });

  it("a dry run builds once and prints each warning once", async () => {
    const outdir = join(project, "dist");
    const result = await deploy("--dry-run", "--outdir", outdir, "--var", "SITE_URL:https://t.example");
    expect(result.code, result.output).toBe(0);
    const lines = result.output.split("\n");
    const tagWarning = lines.filter((line) => line.includes('tag "Undeclared Topic" is not declared'));
    const fieldWarning = lines.filter((line) => line.includes("mood: unknown field"));
    expect([tagWarning.length, fieldWarning.length], result.output).toEqual([1, 1]);
    expect(lines.filter((line) => line.startsWith("edgefeed: built "))).toHaveLength(1);
    expect(result.output).toContain("npm run deploy has just built content/; not building it again");
    expect(result.output).toContain("--dry-run: exiting now.");
    expect(await built()).toBe(true);
  });
});
