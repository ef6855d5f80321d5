/**
 * Which SITE_URL a deploy would publish (src/compiler/commands/deploy-target.ts), read
 * from wrangler deploy's own arguments and configuration, and the refusal of an empty one.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { deployedSiteUrl, readDeployArguments, siteUrlProblem } from "../../src/compiler/commands/deploy-target";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("wrangler deploy's arguments", () => {
  it("give --var SITE_URL (in every spelling wrangler takes), --env, --config and --dry-run", () => {
    expect(readDeployArguments(["--dry-run", "--outdir", "dist"], {})).toEqual({ dryRun: true });
    expect(readDeployArguments(["--var", "A:1", "SITE_URL:https://a.example/x", "--env", "prod"], {})).toEqual({
      dryRun: false,
      siteUrl: "https://a.example/x",
      env: "prod",
    });
    expect(readDeployArguments(["--var=SITE_URL:https://b.example", "-c", "other.toml"], {})).toEqual({
      dryRun: false,
      siteUrl: "https://b.example",
      config: "other.toml",
    });
    expect(readDeployArguments(["--var", "OTHER:https://c.example"], { CLOUDFLARE_ENV: "staging" })).toEqual({
      dryRun: false,
      env: "staging",
    });
  });
});

describe("the SITE_URL a deploy publishes", () => {
  it("is --var's, else the [vars] of the environment named, else the top level's", async () => {
    dir = await mkdtemp(join(tmpdir(), "edgefeed-deploy-"));
    await writeFile(
      join(dir, "wrangler.toml"),
      'name = "t"\nmain = "w.ts"\n[vars]\nSITE_URL = "https://top.example"\n[env.prod.vars]\nSITE_URL = "https://prod.example"\n[env.bare]\n',
    );
    expect(await deployedSiteUrl(dir, { dryRun: false })).toBe("https://top.example");
    expect(await deployedSiteUrl(dir, { dryRun: false, env: "prod" })).toBe("https://prod.example");
    // wrangler does not inherit [vars] into an environment.
    expect(await deployedSiteUrl(dir, { dryRun: false, env: "bare" })).toBe("");
    expect(await deployedSiteUrl(dir, { dryRun: false, siteUrl: "https://flag.example" })).toBe("https://flag.example");
  });

  it("may not be empty or anything but a web address, and the refusal says where to set it", () => {
    expect(siteUrlProblem("https://fieldnotes.example.org", {})).toBeUndefined();
    const empty = siteUrlProblem(" ", {});
    expect(empty).toMatch(/^SITE_URL is empty/);
    expect(empty).toContain('wrangler.toml, under [vars]: SITE_URL = "https://');
    expect(empty).toContain("npm run deploy -- --var SITE_URL:https://");
    expect(siteUrlProblem("", { env: "prod" })).toContain("under [env.prod.vars]");
    expect(siteUrlProblem("fieldnotes.example.org", {})).toMatch(/^SITE_URL "fieldnotes.example.org" is no address/);
    expect(siteUrlProblem("ftp://fieldnotes.example.org", {})).toMatch(/is no web address/);
  });
});
