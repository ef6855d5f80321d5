/**
 * The preview's local stats token (src/preview/local-d1.ts): a fresh clone gets one
 * written to .dev.vars, so /stats opens locally with no step; a token already in
 * .dev.vars or in the environment is used as it is.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localDevArguments } from "../../src/preview/local-d1";
import { tokenFromDevVars } from "../../src/stats/terminal";

let root = "";

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "edgefeed-local-token-"));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("the local stats token", () => {
  it("is made once in a new .dev.vars, then read from it", async () => {
    const first = await localDevArguments(root, {});
    expect(first.token.source).toBe("new .dev.vars");
    expect(first.args).toEqual(["--persist-to", join(root, ".wrangler/state"), "--env-file", join(root, ".dev.vars")]);
    const written = await readFile(join(root, ".dev.vars"), "utf8");
    const token = tokenFromDevVars(written);
    expect(token).toMatch(/^[0-9a-f]{48}$/);

    const second = await localDevArguments(root, {});
    expect(second.token.source).toBe(".dev.vars");
    expect(await readFile(join(root, ".dev.vars"), "utf8")).toBe(written);
  });

  it("keeps the other variables of .dev.vars and adds the token on a line of its own", async () => {
    await writeFile(join(root, ".dev.vars"), "SITE_URL=http://localhost:8787");
    await localDevArguments(root, {});
    const lines = (await readFile(join(root, ".dev.vars"), "utf8")).split("\n");
    expect(lines[0]).toBe("SITE_URL=http://localhost:8787");
    expect(lines[1]).toMatch(/^STATS_TOKEN=[0-9a-f]{48}$/);
  });

  it("takes STATS_TOKEN from the environment over the file, and writes nothing", async () => {
    const { args, token } = await localDevArguments(root, { STATS_TOKEN: "from-the-shell" });
    expect(token.source).toBe("environment");
    expect(args).toContain("STATS_TOKEN:from-the-shell");
    // No .dev.vars to hand wrangler dev: naming a missing one would stop it.
    expect(args).not.toContain("--env-file");
    await expect(readFile(join(root, ".dev.vars"), "utf8")).rejects.toThrow();
  });
});
