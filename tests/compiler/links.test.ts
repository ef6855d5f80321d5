/**
 * Symbolic links in content/, as a content pull request can bring them: a link that
 * leads out of content/ (to the repository's .git/config, say) is an error naming the
 * link, and nothing it leads to is read or published; a link to a folder never crashes
 * the build; a link to a file inside content/ is followed.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { build } from "../../src/compiler/pipeline/build";
import { formatDiagnostic } from "../../src/compiler/diagnostics";
import { article, SITE, TAGS } from "./scratch-content";

const SECRET = "url = https://x-access-token:ghs_SECRET0123456789@github.com/acme/site.git";
const NOW = Date.UTC(2024, 5, 1);
const DATE = "date: 2024-01-01T00:00:00Z";
const scratch: string[] = [];

afterEach(() => Promise.all(scratch.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

/**
 * A checkout as CI has it: `.git/config` holding a token beside `content/`, which
 * holds `files` (text, or `{ link }` for a symbolic link written as given).
 */
async function checkout(files: Record<string, string | { link: string }>): Promise<string> {
  const repo = await mkdtemp(join(tmpdir(), "edgefeed-links-"));
  scratch.push(repo);
  const all: Record<string, string | { link: string }> = {
    ".git/config": `[remote "origin"]\n\t${SECRET}\n`,
    "content/site.yaml": SITE,
    "content/tags.yaml": TAGS,
  };
  for (const [name, data] of Object.entries({ ...all, ...files })) {
    const path = join(repo, name);
    await mkdir(dirname(path), { recursive: true });
    if (typeof data === "string") await writeFile(path, data);
    else await symlink(data.link, path);
  }
  return repo;
}

/** Builds `repo/content` into `repo/out`; the diagnostics as printed, and every byte written. */
async function buildCheckout(repo: string) {
  const out = join(repo, "out");
  const result = await build({
    contentDir: join(repo, "content"),
    moduleOut: join(out, "content.ts"),
    assetsDir: join(out, "public"),
    now: NOW,
  });
  const written: Record<string, string> = {};
  const entries = await readdir(out, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isFile())
      written[join(entry.parentPath, entry.name)] = await readFile(join(entry.parentPath, entry.name), "utf8");
  }
  return { result, lines: result.diagnostics.map(formatDiagnostic), written };
}

const LEAVES = (target: string) =>
  `is a link to ${target}, which is outside content/: only what is inside content/ is published; put a copy of the file here instead of a link`;

describe("a link that leaves content/", () => {
  it("is an error naming the link, wherever it is, and nothing it leads to is published", async () => {
    const repo = await checkout({
      "content/static/site-config.txt": { link: "../../.git/config" },
      "content/static/deep/config": { link: "../../../.git/config" },
      "content/articles/post/index.md": article(`title: Post\n${DATE}`),
      "content/articles/post/notes.txt": { link: "../../../.git/config" },
      "content/articles/config.md": { link: "../../.git/config" },
      "content/static/git": { link: "../../.git" },
    });
    const { result, lines, written } = await buildCheckout(repo);
    expect(result.content).toBeUndefined();
    expect(lines).toEqual([
      `error: articles/config.md: ${LEAVES("../../.git/config")}`,
      `error: articles/post/notes.txt: ${LEAVES("../../../.git/config")}`,
      `error: static/deep/config: ${LEAVES("../../../.git/config")}`,
      `error: static/git: ${LEAVES("../../.git")}`,
      `error: static/site-config.txt: ${LEAVES("../../.git/config")}`,
    ]);
    expect(Object.values(written).join("\n")).not.toContain("ghs_SECRET");
  });

  it("is an error for site.yaml, tags.yaml and authors.yaml too, and such a file is not read", async () => {
    const repo = await checkout({
      "outside.yaml": `title: ${SECRET}\n`,
      "content/site.yaml": { link: "../outside.yaml" },
      "content/authors.yaml": { link: "../.git/config" },
    });
    const { result, lines, written } = await buildCheckout(repo);
    expect(result.content).toBeUndefined();
    expect(lines).toEqual([
      `error: authors.yaml: ${LEAVES("../.git/config")}`,
      `error: site.yaml: ${LEAVES("../outside.yaml")}`,
    ]);
    expect(lines.join("\n")).not.toContain("ghs_SECRET");
    expect(written).toEqual({});
  });

  it("is an error when an absolute link leads out, even through content/ itself", async () => {
    const repo = await checkout({ "content/articles/post/index.md": article(`title: Post\n${DATE}`) });
    await symlink(join(repo, ".git/config"), join(repo, "content/static-config"));
    await mkdir(join(repo, "content/static"));
    await symlink(join(repo, ".git/config"), join(repo, "content/static/config.txt"));
    const { result, lines } = await buildCheckout(repo);
    expect(result.content).toBeUndefined();
    expect(lines).toContain(`error: static/config.txt: ${LEAVES(join(repo, ".git/config"))}`);
    expect(lines).toContain(`error: static-config: ${LEAVES(join(repo, ".git/config"))}`);
  });
});

describe("a link to a folder", () => {
  it("never crashes the build: it is named in a warning, and nothing in it is published", async () => {
    const repo = await checkout({
      "content/static/img/a.png": "png",
      "content/static/pictures": { link: "img" },
      "content/articles/post/index.md": article(`title: Post\n${DATE}`),
      "content/articles/post/shared": { link: "../../static/img" },
    });
    const { result, lines, written } = await buildCheckout(repo);
    expect(result.content).toBeDefined();
    const folder =
      "is a link to a folder: links to folders are not followed, so nothing in it is published; move the folder here, or link its files one by one";
    expect(lines).toEqual([`warning: articles/post/shared: ${folder}`, `warning: static/pictures: ${folder}`]);
    const paths = Object.keys(written).map((path) => path.slice(join(repo, "out/public").length));
    expect(paths).toContain("/img/a.png");
    expect(paths.filter((path) => path.includes("pictures") || path.includes("shared"))).toEqual([]);
  });
});

describe("a link to a file inside content/", () => {
  it("is followed: the file it leads to is published at the link's path", async () => {
    const repo = await checkout({
      "content/static/img/a.png": "the picture",
      "content/static/logo.png": { link: "img/a.png" },
      "content/articles/post/index.md": article(`title: Post\n${DATE}`, "![A](cover.png)"),
      "content/articles/post/cover.png": { link: "../../static/img/a.png" },
      "content/broken": { link: "nowhere" },
    });
    const { result, lines, written } = await buildCheckout(repo);
    expect(result.content).toBeDefined();
    expect(lines).toEqual([
      "warning: broken: is not read: Edgefeed reads site.yaml, tags.yaml, authors.yaml, articles/ and static/",
    ]);
    const publicDir = join(repo, "out/public");
    expect(written[join(publicDir, "logo.png")]).toBe("the picture");
    expect(written[join(publicDir, "articles/post/cover.png")]).toBe("the picture");
  });
});
