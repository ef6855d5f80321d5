/**
 * Ids survive corrections: a content directory is built, corrected the way a newsroom
 * corrects (a date, the site's time zone, a title, tags, a body, a rename that keeps
 * the old path in `aliases`), and built again; every item keeps its id in RSS, Atom and
 * JSON Feed. And an id kept from an older site that is no URI reaches RSS and JSON Feed
 * readers exactly as it was.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FeedIds, feedIdsOf } from "../support/feed-ids";
import { article, contentDir, removeScratchContent, SITE } from "./scratch-content";

afterEach(removeScratchContent);

const NOW = Date.UTC(2027, 0, 1);
const OTHER = article("title: Another story\ndate: 2026-11-20T08:00:00Z\ntags: [Russia]");

/** The ids of every format, order aside: a correction may move an item, never change its id. */
function idSets(ids: FeedIds) {
  return {
    rss: ids.rss.map((item) => item.guid).sort(),
    atom: [...ids.atom].sort(),
    json: ids.json.map(String).sort(),
  };
}

/** Builds `files`, applies `correct` to the directory, builds again; returns both id sets. */
async function beforeAndAfter(
  files: Record<string, string>,
  correct: (dir: string) => Promise<void>,
): Promise<[ReturnType<typeof idSets>, ReturnType<typeof idSets>]> {
  const dir = await contentDir({ "articles/other.md": OTHER, ...files });
  const before = await feedIdsOf(dir, NOW);
  await correct(dir);
  const after = await feedIdsOf(dir, NOW);
  expect(after.diagnostics.filter((line) => line.startsWith("error"))).toEqual([]);
  expect(after.rss).toHaveLength(2);
  return [idSets(before), idSets(after)];
}

const write = (path: string, text: string) => (dir: string) => writeFile(join(dir, path), text);

describe("an item's id", () => {
  const story = (fields: string, body = "First version.") =>
    article(`title: Ferry talks resume\n${fields.trim()}\ntags: [Russia]`, body);

  it("stays when the date is corrected to another UTC day", async () => {
    const [before, after] = await beforeAndAfter(
      { "articles/ferry.md": story("date: 2026-12-03T13:15:20Z") },
      write("articles/ferry.md", story("date: 2026-12-02T23:15:20Z")),
    );
    expect(after).toEqual(before);
  });

  it("stays when site.yaml gains a time zone that moves an offset-less date to another UTC day", async () => {
    const [before, after] = await beforeAndAfter(
      { "articles/ferry.md": story("date: 2026-12-03T05:00:00") },
      write("site.yaml", `${SITE}timezone: Asia/Tokyo\n`),
    );
    expect(after).toEqual(before);
  });

  it("stays when the title, the tags and the body are corrected", async () => {
    const [before, after] = await beforeAndAfter(
      { "articles/ferry.md": story("date: 2026-12-03T13:15:20Z") },
      write(
        "articles/ferry.md",
        article("title: Ferry talks resume in Geneva\ndate: 2026-12-03T13:15:20Z\ntags: [Lavrov]", "Corrected."),
      ),
    );
    expect(after).toEqual(before);
  });

  it("stays when the file is renamed and its old path kept in aliases", async () => {
    const [before, after] = await beforeAndAfter(
      { "articles/ferry.md": story("date: 2026-12-03T13:15:20Z") },
      async (dir) => {
        await rm(join(dir, "articles/ferry.md"));
        await writeFile(
          join(dir, "articles/ferry-talks.md"),
          story("date: 2026-12-03T13:15:20Z\naliases: [/articles/ferry]"),
        );
      },
    );
    expect(after).toEqual(before);
  });

  it("stays through renames that append their old paths, relative or not, into a page bundle", async () => {
    const [before, after] = await beforeAndAfter(
      { "articles/ferry.md": story("date: 2026-12-03T13:15:20Z") },
      async (dir) => {
        await rm(join(dir, "articles/ferry.md"));
        await mkdir(join(dir, "articles/geneva-ferry-talks"));
        await writeFile(
          join(dir, "articles/geneva-ferry-talks/index.md"),
          story("date: 2026-12-03T13:15:20Z\naliases: [/2026/12/ferry, ferry, /articles/ferry-talks/]"),
        );
      },
    );
    expect(after).toEqual(before);
  });

  it("is the pinned id whatever else changes", async () => {
    const [before, after] = await beforeAndAfter(
      { "articles/ferry.md": story("date: 2026-12-03T13:15:20Z\nid: https://old.example/?p=7") },
      async (dir) => {
        await rm(join(dir, "articles/ferry.md"));
        await writeFile(join(dir, "articles/renamed.md"), story("date: 2026-12-01\nid: https://old.example/?p=7"));
        await writeFile(join(dir, "site.yaml"), `${SITE}timezone: America/New_York\n`);
      },
    );
    expect(after).toEqual(before);
    expect(after.rss).toContain("https://old.example/?p=7");
  });
});

describe("an id kept from an older site", () => {
  it("that is no URI is the RSS guid and JSON Feed id exactly, and Atom's id is a tag: URI made from it", async () => {
    const dir = await contentDir({
      "articles/post-1234.md": article("title: Old post\ndate: 2024-09-20T10:00:00Z\nid: oldblog-post-1234"),
      "articles/spaced.md": article('title: Spaced\ndate: 2024-09-19T10:00:00Z\nid: "post 98 (Zürich) #2"'),
      "articles/number.md": article("title: Numbered\ndate: 2024-09-18T10:00:00Z\nid: 1234"),
    });
    const ids = await feedIdsOf(dir, NOW);
    expect(ids.rss).toEqual([
      { guid: "oldblog-post-1234", isPermaLink: "false" },
      { guid: "post 98 (Zürich) #2", isPermaLink: "false" },
      { guid: "1234", isPermaLink: "false" },
    ]);
    expect(ids.json).toEqual(["oldblog-post-1234", "post 98 (Zürich) #2", "1234"]);
    expect(ids.atom).toEqual([
      "tag:test.example,2026-01-01:oldblog-post-1234",
      "tag:test.example,2026-01-01:post%2098%20(Z%C3%BCrich)%20%232",
      "tag:test.example,2026-01-01:1234",
    ]);
    for (const id of ids.atom) expect(new URL(id).protocol).toBe("tag:");
  });

  it("that is a URI is the id in every format", async () => {
    const dir = await contentDir({
      "articles/a.md": article("title: A\ndate: 2024-09-20T10:00:00Z\nid: https://old.example/2024/09/a.html"),
    });
    const ids = await feedIdsOf(dir, NOW);
    expect(ids.rss.map((item) => item.guid)).toEqual(["https://old.example/2024/09/a.html"]);
    expect(ids.atom).toEqual(["https://old.example/2024/09/a.html"]);
    expect(ids.json).toEqual(["https://old.example/2024/09/a.html"]);
  });

  it("may not collide with another article's id in any format", async () => {
    const dir = await contentDir({
      "articles/b.md": article("title: B\ndate: 2024-09-20T10:00:00Z\nid: a"),
      "articles/a.md": article("title: A\ndate: 2024-09-19T10:00:00Z"),
    });
    await expect(feedIdsOf(dir, NOW)).rejects.toThrow(/duplicate id "tag:test\.example,2026-01-01:a"/);
  });
});
