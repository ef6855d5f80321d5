/**
 * What is not public yet, in the preview and nowhere else. The real runner (as
 * `npm start` starts it) serves a scratch copy of the timeline fixture, whose draft
 * stays a draft and whose scheduled article is moved far into the future: both answer
 * at their URL in the preview, marked, and the home page lists them; the build's
 * warning is on the pages and in the terminal. The preview's feeds, sitemap and OPML
 * are byte for byte what the deployed app serves over a deploy build (`build()`
 * without the preview's option) of the same content, which answers 404 for both
 * articles and whose files never name the draft.
 */
import type { ChildProcess } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DomUtils, parseDocument } from "htmlparser2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { build } from "../../src/compiler/pipeline/build";
import { decodeIndex } from "../../src/model/index-codec";
import { storedPath } from "../../src/model/storage";
import { stopGroup } from "../support/processes";
import { FIXTURES_DIR, ROOT } from "../support/served-fixture";
import { startPreview } from "./start-preview";

const BUILD_DIR = join(ROOT, ".edgefeed/preview-unpublished-test");
const READY_TIMEOUT_MS = 60_000;
/** The scheduled article's new instant, and how the preview names it (site.yaml has no time zone: UTC). */
const SCHEDULED_AT = "2099-03-01T09:00:00Z";
const SCHEDULED_LABEL = "Scheduled for 2099-03-01 09:00 UTC";
const DRAFT_LABEL = "Draft — not published";
const DRAFT_TITLE = "Draft Never Seen";
const DRAFT_BODY = "This draft must never appear.";
/** Every document of the timeline site that lists articles for a reader or a crawler. */
const PUBLISHED = [
  "/rss.xml",
  "/atom.xml",
  "/feed.json",
  "/feeds.opml",
  "/sitemap.xml",
  "/tags/alpha/rss.xml",
  "/tags/alpha/feed.json",
  "/tags/beta/atom.xml",
  "/archive/1/rss.xml",
];

let scratch = "";
let content = "";
let runner: ChildProcess;
let output: () => string;
let baseUrl = "";
let deployed: ReturnType<typeof createApp>;

async function get(path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.text() };
}

/** The deployed app over a deploy build of the same content, asked at the preview's origin. */
async function getDeployed(path: string): Promise<{ status: number; body: string }> {
  const response = await deployed.fetch(new Request(`${baseUrl}${path}`), { SITE_URL: "", ASSETS: undefined as never });
  return { status: response.status, body: await response.text() };
}

/** Polls until `done` holds: the preview shows a save after a quiet period and a build, however busy the machine. */
async function until(done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await done())) {
    if (Date.now() > deadline)
      throw new Error(`not shown within ${READY_TIMEOUT_MS / 1000} s; the runner said:\n${output()}`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

const text = (html: string, test: (element: { attribs: Record<string, string> }) => boolean) => {
  const found = DomUtils.findOne(test, parseDocument(html).children);
  return found ? DomUtils.textContent(found).replace(/\s+/g, " ").trim() : undefined;
};

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "edgefeed-unpublished-"));
  content = join(scratch, "content");
  await cp(join(FIXTURES_DIR, "timeline"), content, { recursive: true });
  const scheduled = join(content, "articles/scheduled.md");
  await writeFile(scheduled, (await readFile(scheduled, "utf8")).replace(/^date: .*$/m, `date: ${SCHEDULED_AT}`));

  const deployDir = join(scratch, "deploy");
  const result = await build({
    contentDir: content,
    moduleOut: join(deployDir, "content.ts"),
    assetsDir: join(deployDir, "public"),
    root: ROOT,
  });
  if (!result.index) throw new Error("the deploy build failed");
  const key = result.index.storageKey;
  deployed = createApp({
    index: decodeIndex(result.index),
    source: { read: async (path) => new Uint8Array(await readFile(join(deployDir, "public", storedPath(key, path)))) },
  });

  await rm(BUILD_DIR, { recursive: true, force: true });
  ({ runner, output, baseUrl } = await startPreview(content, BUILD_DIR));
});

afterAll(async () => {
  if (runner) await stopGroup(runner);
  await rm(scratch, { recursive: true, force: true });
  await rm(BUILD_DIR, { recursive: true, force: true });
});

describe("the preview of what is not public yet", () => {
  it("answers a draft's and a scheduled article's page at its URL, marked", async () => {
    const draft = await get("/articles/draft");
    expect(draft.status).toBe(200);
    expect(text(draft.body, (element) => element.attribs.class === "preview-notice")).toBe(DRAFT_LABEL);
    expect(draft.body).toContain(DRAFT_TITLE);
    expect(draft.body).toContain(DRAFT_BODY);

    const scheduled = await get("/articles/scheduled");
    expect(scheduled.status).toBe(200);
    expect(text(scheduled.body, (element) => element.attribs.class === "preview-notice")).toBe(SCHEDULED_LABEL);

    // A published article carries no mark.
    const published = await get("/articles/first");
    expect(published.status).toBe(200);
    expect(text(published.body, (element) => element.attribs.class === "preview-notice")).toBeUndefined();
  });

  it("lists them on the home page, in a section of the preview only", async () => {
    const home = await get("/");
    const section = text(home.body, (element) => element.attribs["aria-labelledby"] === "not-public");
    expect(section).toContain(`${DRAFT_TITLE} (${DRAFT_LABEL})`);
    expect(section).toContain(`Scheduled (${SCHEDULED_LABEL})`);
    const deployedHome = await getDeployed("/");
    expect(deployedHome.body).not.toContain("not-public");
    expect(deployedHome.body).not.toContain(DRAFT_TITLE);
  });

  it("serves the feeds, sitemap and OPML a deploy would publish, byte for byte", async () => {
    for (const path of PUBLISHED) {
      const preview = await get(path);
      const deploy = await getDeployed(path);
      expect(preview.status, path).toBe(deploy.status);
      expect(preview.body, path).toBe(deploy.body);
      expect(preview.body, path).not.toContain(DRAFT_TITLE);
      expect(preview.body, path).not.toMatch(/\/articles\/(?:draft|scheduled)\b/);
    }
    // Where the deployed app stands: neither article is there.
    expect((await getDeployed("/articles/draft")).status).toBe(404);
    expect((await getDeployed("/articles/scheduled")).status).toBe(404);
  });

  it("shows the build's warnings on every page, at their file and line, and prints them", async () => {
    for (const path of ["/", "/tags", "/articles/first", "/articles/draft"]) {
      const status = text((await get(path)).body, (element) => element.attribs.role === "status");
      expect(status, path).toMatch(
        /^1 warning in content\/\..*articles\/scheduled\.md:4 · tags\[1\]: tag "Embargoed Topic"/,
      );
    }
    expect(output()).toContain('warning: articles/scheduled.md:4: tags[1]: tag "Embargoed Topic" is not declared');
  });

  it("prints a line per phase of the build when its output is not a terminal", () => {
    expect(output()).toMatch(/^edgefeed: reading and rendering article files \(5\)$/m);
    expect(output()).toMatch(/^edgefeed: writing the index$/m);
  });

  it("shows a saved article's body on its page at once, and in the feeds once the build has it", async () => {
    const sentence = `A sentence saved at ${Date.now()}.`;
    const file = join(content, "articles/third.md");
    await writeFile(file, `${await readFile(file, "utf8")}\n${sentence}\n`);
    await until(async () => (await get("/articles/third")).body.includes(sentence));
    await until(async () => (await get("/rss.xml")).body.includes(sentence));
    expect(output()).toContain("edgefeed: /articles/third shows your edit; the feeds and lists follow with the build");
    // The deployed app over the deploy build, which has not seen the save, is unchanged: the preview built its own.
    expect((await getDeployed("/rss.xml")).body).not.toContain(sentence);
  });

  it("writes no draft into the build a deploy would take", async () => {
    // The index module, the problems module and the assets; the build cache beside them is the publisher's own.
    const files = await readdir(BUILD_DIR, { recursive: true, withFileTypes: true });
    const deployable = files.filter(
      (file) => file.isFile() && !join(file.parentPath, file.name).startsWith(join(BUILD_DIR, "cache")),
    );
    expect(deployable.map((file) => file.name)).toContain("content.ts");
    for (const entry of deployable) {
      const bytes = await readFile(join(entry.parentPath, entry.name), "latin1");
      expect(bytes, entry.name).not.toContain(DRAFT_TITLE);
      expect(bytes, entry.name).not.toContain(DRAFT_BODY);
    }
  });
});
