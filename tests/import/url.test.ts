/**
 * Importing from a URL, against a node:http server on 127.0.0.1 that serves the
 * fixture pages: RFC 5005 `prev-archive` and JSON Feed `next_url` are followed to
 * the oldest page, a loop ends the walk, and an unreachable server, an HTTP error or
 * a missing archive page is an error naming the URL, with nothing written.
 */
import { readFile } from "node:fs/promises";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FIXTURES, bodyUrls, bodyText, importInto, recordById, snapshot, tempDir, writtenRecords } from "./support";

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

interface Site {
  origin: string;
  requests: string[];
}

/**
 * Serves tests/fixtures/import/archive/; `overrides` answer some paths with a status, with
 * silence, or with another file (for a path with a query, as paged feeds use).
 */
async function serveArchive(overrides: Record<string, number | "hang" | { file: string }> = {}): Promise<Site> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const path = request.url ?? "/";
    requests.push(path);
    const override = overrides[path];
    if (override === "hang") return;
    if (typeof override === "number") {
      response.writeHead(override).end();
      return;
    }
    readFile(join(FIXTURES, "archive", override?.file ?? path)).then(
      (body) => response.writeHead(200, { "content-type": "application/xml" }).end(body),
      () => response.writeHead(404).end("not found"),
    );
  });
  servers.push(server);
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe("an Atom feed with archive pages", () => {
  it("follows prev-archive to the oldest page and imports every entry once, the newest version first", async () => {
    const site = await serveArchive();
    const dir = await tempDir();
    const report = await importInto(dir, `${site.origin}/feed.xml`);
    expect(report.errors).toEqual([]);
    expect(site.requests).toEqual(["/feed.xml", "/archive/2.xml", "/archive/1.xml"]);
    const records = await writtenRecords(dir);
    expect(records.map((r) => r.fields.id).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `tag:archive.example,2020:${n}`));
    expect(report.lines).toContainEqual(
      expect.stringMatching(
        /^skipped: .*\/archive\/2\.xml: line \d+: entry 1 "Fourth" repeats the id of .*\/feed\.xml: line \d+: entry 2/,
      ),
    );
    expect(report.lines.at(-1)).toMatch(
      /^import: 5 created, .* 1 skipped from http:\/\/127\.0\.0\.1:\d+\/feed\.xml \(Atom, 3 pages\)$/,
    );

    const fourth = await recordById(dir, "tag:archive.example,2020:4");
    expect(fourth.fields.title).toBe("Fourth (revised)");
    expect(bodyText(fourth.body)).toBe("Four, as revised.");
    const fifth = await recordById(dir, "tag:archive.example,2020:5");
    expect(fifth.fields.authors).toEqual(["Archivist"]);
    expect(bodyUrls(fifth.body).links).toEqual(["https://archive.example/posts/fourth/"]);
    expect(bodyText(fifth.body)).toBe("Five, newest. Fourth.");
  });

  it("stops with an error, writing nothing, when the history is longer than --max-pages", async () => {
    const site = await serveArchive();
    const dir = await tempDir();
    const report = await importInto(dir, `${site.origin}/feed.xml`, { maxPages: 2 });
    expect(report.errors).toEqual([
      `${site.origin}/archive/2.xml: links to more than 2 pages; nothing was imported (raise --max-pages to read them all)`,
    ]);
    expect((await snapshot(dir)).size).toBe(0);
  });

  it("names a missing archive page and the page that links to it, and writes nothing", async () => {
    const site = await serveArchive({ "/archive/1.xml": 500 });
    const dir = await tempDir();
    const report = await importInto(dir, `${site.origin}/feed.xml`);
    expect(report.errors).toEqual([
      `${site.origin}/archive/1.xml: answered HTTP 500 Internal Server Error (the older page ${site.origin}/archive/2.xml links to)`,
    ]);
    expect((await snapshot(dir)).size).toBe(0);
  });
});

describe("a paged Atom feed (Blogger)", () => {
  it("follows RFC 5005 next links when there is no prev-archive", async () => {
    const site = await serveArchive({ "/paged.xml?start-index=2&max-results=1": { file: "paged-older.xml" } });
    const dir = await tempDir();
    const report = await importInto(dir, `${site.origin}/paged.xml`);
    expect(report.errors).toEqual([]);
    expect(site.requests).toEqual(["/paged.xml", "/paged.xml?start-index=2&max-results=1"]);
    const records = await writtenRecords(dir);
    expect(records.map((r) => [r.file, r.fields.id, r.fields.tags])).toEqual([
      ["articles/beans-are-up.md", "tag:blogger.com,1999:blog-4242.post-2", ["Garden"]],
      ["articles/sowing-beans.md", "tag:blogger.com,1999:blog-4242.post-1", ["Garden"]],
    ]);
    expect((await recordById(dir, "tag:blogger.com,1999:blog-4242.post-1")).fields.authors).toEqual(["Blogger Person"]);
  });
});

describe("a JSON Feed with next_url", () => {
  it("follows next_url, and ends the walk at a page already read", async () => {
    const site = await serveArchive();
    const dir = await tempDir();
    const report = await importInto(dir, `${site.origin}/feed.json`);
    expect(report.errors).toEqual([]);
    expect(site.requests).toEqual(["/feed.json", "/feed-older.json"]);
    expect((await writtenRecords(dir)).map((r) => r.fields.title).sort()).toEqual(["J one", "J two"]);
    expect(report.lines).toContain(
      `note: ${site.origin}/feed-older.json: links back to ${site.origin}/feed.json, which was already read; stopped there`,
    );
  });
});

describe("a URL that gives no feed", () => {
  it("names an HTTP error", async () => {
    const site = await serveArchive();
    const report = await importInto(await tempDir(), `${site.origin}/missing.xml`);
    expect(report.errors).toEqual([`${site.origin}/missing.xml: answered HTTP 404 Not Found`]);
  });

  it("names a server that cannot be reached", async () => {
    const site = await serveArchive();
    await new Promise((done) => servers.pop()?.close(done));
    const report = await importInto(await tempDir(), `${site.origin}/feed.xml`);
    expect(report.errors).toEqual([`${site.origin}/feed.xml: cannot be reached (ECONNREFUSED)`]);
  });

  it("names a server that never answers, once the timeout has passed", async () => {
    const site = await serveArchive({ "/feed.xml": "hang" });
    const dir = await tempDir();
    const report = await importInto(dir, `${site.origin}/feed.xml`, { timeoutMs: 300 });
    expect(report.errors).toEqual([`${site.origin}/feed.xml: no answer in time`]);
    expect((await snapshot(dir)).size).toBe(0);
  });
});
