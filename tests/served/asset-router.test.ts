/**
 * What an attacker with only a URL sees, through the real asset router: a build served
 * by `wrangler dev` with the production `[assets]` configuration (run_worker_first,
 * html_handling), which answers static files without running the worker and decodes,
 * folds and redirects paths its own way. The Workers test pool does not put that router
 * in front of SELF, hence wrangler dev. Requests go out over raw HTTP, so each spelling
 * reaches the server exactly as written.
 *
 * The site is built at a clock before one bundle's instant and served at the real clock,
 * after it: one article's files were held back at build time and are now visible; another
 * article is scheduled for 2099, and only it uses the tag `acme-acquisition` and the
 * author `hidden-hand`. No spelling of any path may tell an object that exists (a pack,
 * the manifest, a held file) from one that does not.
 */
import { request } from "node:http";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/compiler/pipeline/build";
import { formatDiagnostic } from "../../src/compiler/diagnostics";
import { article, contentDir, removeScratchContent } from "../compiler/scratch-content";
import { ROOT } from "../support/served-fixture";
import { type DevServer, serveWithWranglerDev } from "../support/wrangler-dev";

const BUILT_AT = Date.UTC(2024, 1, 15);
const SERVE_TIMEOUT_MS = 120_000;

const CONTENT = {
  "static/about.txt": "about this site",
  "articles/open/index.md": article("title: Open\ndate: 2024-01-01T00:00:00Z\ntags: [russia]\nimage: map.png"),
  "articles/open/map.png": "the map",
  "articles/released/index.md": article(
    "title: Released\ndate: 2024-03-01T09:00:00Z\nimage: cover.png\nattachments:\n  - url: press.txt\n    type: text/plain",
    "![Cover](cover.png)",
  ),
  "articles/released/cover.png": "the released cover",
  "articles/released/press.txt": "the released press release",
  "articles/embargoed/index.md": article(
    [
      "title: Acme to be acquired",
      "date: 2099-01-01T00:00:00Z",
      "tags: [Acme Acquisition]",
      "authors: [Hidden Hand]",
      "image: cover.png",
      "attachments:",
      "  - url: press-release.txt",
      "    type: text/plain",
    ].join("\n"),
    "![Cover](cover.png)",
  ),
  "articles/embargoed/cover.png": "the embargoed cover",
  "articles/embargoed/press-release.txt": "the embargoed press release",
  "articles/unfinished/index.md": article("title: Unfinished\ndate: 2024-01-01T00:00:00Z\ndraft: true"),
  "articles/unfinished/secret.txt": "the draft's secret",
};

let server: DevServer | undefined;
let out = "";
let base = "";

beforeAll(async () => {
  const content = await contentDir(CONTENT);
  out = await mkdtemp(join(tmpdir(), "edgefeed-router-"));
  const result = await build({
    contentDir: content,
    moduleOut: join(out, "content.ts"),
    assetsDir: join(out, "public"),
    now: BUILT_AT,
  });
  if (!result.content) throw new Error(result.diagnostics.map(formatDiagnostic).join("\n"));
  // The production entry over this build's index, as src/worker.ts is over the publisher's.
  const entry = join(out, "entry.ts");
  await writeFile(
    entry,
    [
      `import { createWorker } from ${JSON.stringify(join(ROOT, "src/entry.ts"))};`,
      `import { index } from "./content";`,
      "export default createWorker(index);",
      "",
    ].join("\n"),
  );
  server = await serveWithWranglerDev(entry, join(out, "public"));
  base = server.baseUrl;
}, SERVE_TIMEOUT_MS);

afterAll(async () => {
  await server?.stop();
  await removeScratchContent();
  if (out) await rm(out, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `path` exactly as written (no client-side normalising), and reads the whole answer. */
function send(path: string, method = "GET", headers: Record<string, string> = {}): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((done, fail) => {
    const req = request({ host: hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        // The Date header tells the time, not what exists.
        const headers = Object.entries(res.headers).filter(([name]) => name !== "date");
        done({
          status: res.statusCode ?? 0,
          headers: Object.fromEntries(headers.map(([name, value]) => [name, String(value)])),
          body: Buffer.concat(chunks).toString("utf8"),
        });
      });
      res.on("error", fail);
    });
    req.on("error", fail);
    req.end();
  });
}

/** Every character but the slashes percent-encoded. */
function fullyEncoded(path: string): string {
  return path.replace(/[^/]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** Ways of writing a path that a server, a router or a URL parser might take for it. */
const SPELLINGS: [string, (path: string) => string][] = [
  ["as is", (p) => p],
  ["a leading double slash", (p) => `/${p}`],
  ["every slash doubled", (p) => p.replaceAll("/", "//")],
  ["underscore escaped", (p) => p.replaceAll("_", "%5F")],
  ["underscore escaped in lower case", (p) => p.replaceAll("_", "%5f")],
  ["every character escaped", fullyEncoded],
  ["slashes escaped", (p) => `/${p.slice(1).replaceAll("/", "%2F")}`],
  ["slashes as backslashes", (p) => p.replaceAll("/", "\\")],
  ["a dot segment", (p) => `/.${p}`],
  ["an escaped dot segment", (p) => `/%2e${p}`],
  ["a parent segment", (p) => `/x/..${p}`],
  ["an escaped parent segment", (p) => `/x/%2e%2e${p}`],
  ["upper case", (p) => p.toUpperCase()],
  ["a trailing slash", (p) => `${p}/`],
  ["index.html after it", (p) => `${p}/index.html`],
  [".html after it", (p) => `${p}.html`],
  ["no extension", (p) => p.replace(/\.[a-z]+$/, "")],
  ["dots escaped", (p) => p.replaceAll(".", "%2E")],
  ["a query", (p) => `${p}?download=1`],
];

/** An object that exists beside one that does not, in the same place. */
const PAIRS: [string, string][] = [
  ["/_records/site/0.json", "/_records/site/9.json"],
  ["/_records/tags/acme-acquisition/0.json", "/_records/tags/no-such-tag/0.json"],
  ["/_records/authors/hidden-hand/0.json", "/_records/authors/no-one-here/0.json"],
  ["/_records/manifest.json", "/_records/inventory.json"],
  ["/_records/files/embargoed/press-release.txt", "/_records/files/embargoed/no-such-file.txt"],
  ["/articles/embargoed/press-release.txt", "/articles/embargoed/no-such-file.txt"],
  ["/articles/embargoed/cover.png", "/articles/embargoed/other.png"],
  ["/articles/unfinished/secret.txt", "/articles/unfinished/hidden.txt"],
];

/** Where two strings differ: the part of each between their common start and end. */
function difference(a: string, b: string): [string, string] {
  let start = 0;
  while (start < a.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a.at(-1 - end) === b.at(-1 - end)) end++;
  return [a.slice(start, a.length - end), b.slice(start, b.length - end)];
}

/**
 * The answer to the missing object's path, as it would read for the existing one's: a
 * redirect's Location repeats the path it was asked for, which tells the asker nothing.
 */
function asIfFor(answer: Answer, renames: [existing: string, missing: string][]): Answer {
  const location = answer.headers.location;
  if (location === undefined) return answer;
  const rewritten = renames.reduce((text, [existing, missing]) => text.replaceAll(missing, existing), location);
  return { ...answer, headers: { ...answer.headers, location: rewritten } };
}

describe("probing for what exists", () => {
  it.each(PAIRS)("%s answers as %s does, however it is spelt, to GET and HEAD", async (existing, missing) => {
    for (const [name, spell] of SPELLINGS) {
      // The names that differ, as spelt and as they are: a Location may give either.
      const [spelt, plain] = [difference(spell(existing), spell(missing)), difference(existing, missing)];
      for (const method of ["GET", "HEAD"]) {
        const [found, notFound] = await Promise.all([send(spell(existing), method), send(spell(missing), method)]);
        const label = `${method} ${spell(existing)} (${name})`;
        expect(found, label).toEqual(asIfFor(notFound, [spelt, plain]));
        expect(found.status, label).not.toBe(200);
      }
    }
  });
});

describe("a bundle held back at build time, once its article is visible", () => {
  it("is served at its usual URL, with a media type and validators like a public file's", async () => {
    const press = await send("/articles/released/press.txt");
    expect(press.status).toBe(200);
    expect(press.body).toBe("the released press release");
    expect(press.headers["content-type"]).toMatch(/^text\/plain/);
    const cover = await send("/articles/released/cover.png");
    expect(cover.body).toBe("the released cover");
    expect(cover.headers["content-type"]).toBe("image/png");

    const map = await send("/articles/open/map.png");
    expect(map.body).toBe("the map");
    const names = (answer: Answer) => ["content-type", "etag", "cache-control"].map((name) => name in answer.headers);
    expect(names(cover)).toEqual(names(map));
    expect(names(cover)).toEqual([true, true, true]);

    const again = await send("/articles/released/cover.png", "GET", { "If-None-Match": cover.headers.etag ?? "" });
    expect(again.status).toBe(304);
    expect(again.body).toBe("");
    const head = await send("/articles/released/cover.png", "HEAD");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
  });

  it("is named by the feeds and pages, which never name the scheduled article's files", async () => {
    const feed = await send("/feed.json");
    expect(feed.body).toContain(`${base}/articles/released/cover.png`);
    expect(feed.body).toContain(`${base}/articles/released/press.txt`);
    for (const path of ["/feed.json", "/rss.xml", "/atom.xml", "/", "/sitemap.xml", "/feeds.opml", "/tags"]) {
      const text = (await send(path)).body;
      expect(text, path).not.toMatch(/embargoed|acme|hidden-hand/i);
    }
  });
});
