/**
 * A feed names its older pages, and its server answers with redirects: both could send
 * the importer anywhere, the publisher's own network included. Two loopback servers on
 * two ports are two origins: the feed's own, and another that must see no request
 * unless the publisher passes --follow-other-origins.
 */
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { importInto, snapshot, tempDir, writtenRecords } from "./support";

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

type Answer = { body: string } | { redirect: string };

interface Origin {
  url: string;
  requests: string[];
}

/** A server on its own loopback port answering each path as `answers` say (404 otherwise). */
async function origin(answers: (origin: string) => Record<string, Answer>): Promise<Origin> {
  const requests: string[] = [];
  let table: Record<string, Answer> = {};
  const server = createServer((request, response) => {
    const path = request.url ?? "/";
    requests.push(path);
    const answer = table[path];
    if (!answer) response.writeHead(404).end();
    else if ("redirect" in answer) response.writeHead(302, { location: answer.redirect }).end();
    else response.writeHead(200, { "content-type": "application/xml" }).end(answer.body);
  });
  servers.push(server);
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  table = answers(url);
  return { url, requests };
}

/** An RSS page with one item, and an RFC 5005 link to older items when `older` is given. */
function rssPage(n: number, older?: string): string {
  const link = older ? `<atom:link rel="prev-archive" href="${older}"/>` : "";
  return `<?xml version="1.0"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
  <title>Page ${n}</title><link>https://old.example/</link>${link}
  <item><guid>https://old.example/?p=${n}</guid><title>Post ${n}</title>
    <pubDate>Thu, 01 Jun 2023 07:15:00 +0000</pubDate><description>Text ${n}.</description></item>
</channel></rss>`;
}

/** Another origin that would hand over something worth stealing, and an item to import. */
function elsewhere(): Promise<Origin> {
  return origin(() => ({
    "/admin/metadata.json": { body: rssPage(99) },
    "/feed.xml": { body: rssPage(98) },
  }));
}

async function titles(dir: string): Promise<unknown[]> {
  return (await writtenRecords(dir)).map((record) => record.fields.title).sort();
}

/** Imports `own`'s /feed.xml: `other` must see no request, and only the first page's item is kept. */
async function importOnlyFirstPage(own: Origin, other: Origin): Promise<string[]> {
  const dir = await tempDir();
  const report = await importInto(dir, `${own.url}/feed.xml`);
  expect(report.errors).toEqual([]);
  expect(other.requests).toEqual([]);
  expect(await titles(dir)).toEqual(["Post 1"]);
  return report.lines;
}

describe("the older pages of a URL import", () => {
  it("are not requested on another origin; the import keeps what it read and says how to follow them", async () => {
    const other = await elsewhere();
    const own = await origin(() => ({ "/feed.xml": { body: rssPage(1, `${other.url}/admin/metadata.json`) } }));
    expect(await importOnlyFirstPage(own, other)).toContain(
      `note: ${own.url}/feed.xml: links to older items at ${other.url}/admin/metadata.json, on another origin than ${own.url}: not followed (--follow-other-origins follows it)`,
    );
  });

  it("are followed anywhere with --follow-other-origins", async () => {
    const other = await elsewhere();
    const own = await origin(() => ({ "/feed.xml": { body: rssPage(1, `${other.url}/feed.xml`) } }));
    const dir = await tempDir();
    const report = await importInto(dir, `${own.url}/feed.xml`, { followOtherOrigins: true });
    expect(report.errors).toEqual([]);
    expect(other.requests).toEqual(["/feed.xml"]);
    expect(await titles(dir)).toEqual(["Post 1", "Post 98"]);
  });

  it("are followed on the feed's own origin, through a redirect that stays on it", async () => {
    const own = await origin((url) => ({
      "/feed.xml": { body: rssPage(1, "/archive/old") },
      "/archive/old": { redirect: `${url}/archive/2.xml` },
      "/archive/2.xml": { body: rssPage(2) },
    }));
    const dir = await tempDir();
    const report = await importInto(dir, `${own.url}/feed.xml`);
    expect(report.errors).toEqual([]);
    expect(own.requests).toEqual(["/feed.xml", "/archive/old", "/archive/2.xml"]);
    expect(await titles(dir)).toEqual(["Post 1", "Post 2"]);
  });

  it("are not read through a same-origin link that redirects to another origin", async () => {
    const other = await elsewhere();
    const own = await origin(() => ({
      "/feed.xml": { body: rssPage(1, "/archive/2.xml") },
      "/archive/2.xml": { redirect: `${other.url}/admin/metadata.json` },
    }));
    expect(await importOnlyFirstPage(own, other)).toContain(
      `note: ${own.url}/archive/2.xml: redirects to ${other.url}/admin/metadata.json, on another origin than ${own.url}: not followed (--follow-other-origins follows it) (the older page ${own.url}/feed.xml links to it)`,
    );
  });

  it("are never read from an address that is not http(s)", async () => {
    const own = await origin(() => ({
      "/feed.xml": { body: rssPage(1, "data:application/json,%7B%7D") },
    }));
    const dir = await tempDir();
    const report = await importInto(dir, `${own.url}/feed.xml`, { followOtherOrigins: true });
    expect(report.errors).toEqual([]);
    expect(report.lines).toContain(
      `note: ${own.url}/feed.xml: links to older items at data:application/json,%7B%7D, not an http(s) address: not followed`,
    );
  });
});

describe("the URL a publisher gives", () => {
  it("is an error, with nothing written, when it redirects to another origin", async () => {
    const other = await elsewhere();
    const own = await origin(() => ({ "/feed": { redirect: `${other.url}/feed.xml` } }));
    const dir = await tempDir();
    const report = await importInto(dir, `${own.url}/feed`);
    expect(other.requests).toEqual([]);
    expect(report.errors).toEqual([
      `${own.url}/feed: redirects to ${other.url}/feed.xml, on another origin than ${own.url}: not followed (--follow-other-origins follows it); or import ${other.url}/feed.xml itself`,
    ]);
    expect((await snapshot(dir)).size).toBe(0);
  });

  it("may redirect to another origin with --follow-other-origins", async () => {
    const other = await elsewhere();
    const own = await origin(() => ({ "/feed": { redirect: `${other.url}/feed.xml` } }));
    const dir = await tempDir();
    const report = await importInto(dir, `${own.url}/feed`, { followOtherOrigins: true });
    expect(report.errors).toEqual([]);
    expect(await titles(dir)).toEqual(["Post 98"]);
  });
});
