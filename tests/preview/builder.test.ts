/**
 * One preview build at a time, in Node, on a scratch copy of the demo fixture: a good
 * build writes the index and an empty problems module; a build with errors leaves the
 * index and record packs as they were and fills the problems module; a fix empties it
 * again; and with no build at all yet, an empty but valid index is written so the
 * preview can still answer. The terminal hears each error once and one summary line.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { problemsModulePath } from "../../src/compiler/emit/emit";
import { decodeIndex } from "../../src/model/index-codec";
import { decodePackHeader } from "../../src/model/packs";
import type { BuildProblem, EncodedIndex } from "../../src/model/types";
import type { PreviewState } from "../../src/preview-worker/protocol";
import { PreviewBuilder, type PreviewTarget } from "../../src/preview/rebuild";
import { SERVED_FIXTURE_DIR } from "../support/served-fixture";

const ARTICLE = "articles/us-calls-on-russia-to-de-escalate.md";

let scratch = "";
let target: PreviewTarget;
let terminal: { log: string[]; error: string[] };

beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), "edgefeed-builder-"));
  await cp(SERVED_FIXTURE_DIR, join(scratch, "content"), { recursive: true });
  target = {
    contentDir: join(scratch, "content"),
    contentLabel: "content",
    moduleOut: join(scratch, "generated/content.ts"),
    assetsDir: join(scratch, "public"),
  };
  terminal = { log: [], error: [] };
});
afterEach(() => rm(scratch, { recursive: true, force: true }));

/** What the compiler says of an article without a title (tests/compiler pins its wording). */
const TITLE_REQUIRED = "title is required: add a line such as title: Talks resume in Geneva";

const open = () =>
  PreviewBuilder.open(target, { log: (line) => terminal.log.push(line), error: (line) => terminal.error.push(line) });

/** A generated module's exported value: the JSON literal of its one `export const`. */
async function generated<T>(path: string): Promise<T> {
  const match = /^export const \w+: [\w[\]]+ = (.*);$/m.exec(await readFile(path, "utf8"));
  if (!match?.[1]) throw new Error(`${path} is not a generated module`);
  return JSON.parse(match[1]) as T;
}

const problems = () => generated<BuildProblem[]>(problemsModulePath(target.moduleOut));

async function removeTitle(): Promise<string> {
  const path = join(target.contentDir, ARTICLE);
  const original = await readFile(path, "utf8");
  await writeFile(path, original.replace(/^title:.*\n/m, ""));
  return original;
}

describe("a preview build", () => {
  it("keeps the last good build while content/ has errors, and lists them until they are fixed", async () => {
    const builder = await open();
    expect(await builder.rebuild()).toBe(true);
    expect(await problems()).toEqual([]);
    const goodIndex = await readFile(target.moduleOut, "utf8");
    const goodPacks = await readdir(target.assetsDir, { recursive: true });
    expect(terminal.log).toEqual([
      expect.stringMatching(
        /^edgefeed: the preview is up to date \(build of \d\d:\d\d:\d\d\): 5 article\(s\) published/,
      ),
    ]);

    const original = await removeTitle();
    expect(await builder.rebuild()).toBe(false);
    expect(await readFile(target.moduleOut, "utf8")).toBe(goodIndex);
    expect(await readdir(target.assetsDir, { recursive: true })).toEqual(goodPacks);
    expect(await problems()).toEqual([{ file: ARTICLE, line: 1, field: "title", message: TITLE_REQUIRED }]);
    // Each error once, then one line that says what is served meanwhile.
    expect(terminal.error).toEqual([
      `error: ${ARTICLE}:1: ${TITLE_REQUIRED}`,
      expect.stringMatching(
        /^edgefeed: 1 error in content\/: still serving the build of \d\d:\d\d:\d\d; fix it and save$/,
      ),
    ]);

    await writeFile(join(target.contentDir, ARTICLE), original);
    expect(await builder.rebuild()).toBe(true);
    expect(await problems()).toEqual([]);
    expect(terminal.log.at(-1)).toMatch(/^edgefeed: fixed: the preview is up to date/);
  });

  it("serves an empty site when nothing has ever built, and the real one once it does", async () => {
    const original = await removeTitle();
    const builder = await open();
    expect(await builder.rebuild()).toBe(false);
    const placeholder = decodeIndex(await generated<EncodedIndex>(target.moduleOut));
    expect(placeholder.published).toHaveLength(0);
    expect(placeholder.tags).toEqual([]);
    expect(await problems()).toHaveLength(1);
    expect(terminal.error.at(-1)).toMatch(
      /nothing has built yet, so the preview serves an empty site; fix it and save$/,
    );

    await writeFile(join(target.contentDir, ARTICLE), original);
    expect(await builder.rebuild()).toBe(true);
    expect(decodeIndex(await generated<EncodedIndex>(target.moduleOut)).published).toHaveLength(5);
    expect(await problems()).toEqual([]);
  });

  it("counts a build an earlier run left as the one being served", async () => {
    expect(await (await open()).rebuild()).toBe(true);
    await removeTitle();
    const later = await open();
    expect(await later.rebuild()).toBe(false);
    expect(terminal.error.at(-1)).toMatch(/still serving the build of \d\d:\d\d:\d\d/);
  });
});

describe("a quick look at a save", () => {
  /** Every state the builder handed to the store, with its packs. */
  let published: { state: PreviewState; packs: { unpublished?: Uint8Array; revised?: Uint8Array } }[];
  const openPublishing = () => {
    published = [];
    return PreviewBuilder.open(
      target,
      { log: (line) => terminal.log.push(line), error: (line) => terminal.error.push(line) },
      (state, packs = {}) => published.push({ state, packs }),
    );
  };
  const revisedTitles = () => {
    const pack = published.at(-1)?.packs.revised ?? new Uint8Array();
    return (decodePackHeader(pack).records as { title: string }[]).map((record) => record.title);
  };

  async function edit(file: string, change: (text: string) => string): Promise<void> {
    const path = join(target.contentDir, file);
    await writeFile(path, change(await readFile(path, "utf8")));
  }

  it("shows a saved title and body on the article's page before the build, until a build has them", async () => {
    const builder = await openPublishing();
    expect(await builder.rebuild()).toBe(true);
    expect(published.at(-1)?.state.revised).toEqual([]);

    await edit(ARTICLE, (text) => text.replace(/^title:.*$/m, "title: A corrected headline"));
    // An editor's temporary file, gone by the time the burst ends, is passed over.
    expect(await builder.quickLook([`${ARTICLE}.tmp-save`, ARTICLE])).toBe(true);
    expect(published.at(-1)?.state.revised).toEqual(["us-calls-on-russia-to-de-escalate"]);
    expect(revisedTitles()).toEqual(["A corrected headline"]);
    expect(published.at(-1)?.state.problems).toEqual([]);
    expect(terminal.log.at(-1)).toBe(
      "edgefeed: /articles/us-calls-on-russia-to-de-escalate shows your edit; the feeds and lists follow with the build",
    );

    // The build that follows read the saved file: its own records take over.
    expect(await builder.rebuild()).toBe(true);
    expect(published.at(-1)?.state.revised).toEqual([]);
  });

  it("leaves to the build a save that changes what the rest of the archive depends on, or has an error", async () => {
    const builder = await openPublishing();
    expect(await builder.rebuild()).toBe(true);
    const before = published.length;

    await edit(ARTICLE, (text) => text.replace(/^tags:.*$/m, "tags: [diplomacy, something new]"));
    expect(await builder.quickLook([ARTICLE])).toBe(false);
    await edit(ARTICLE, (text) => text.replace(/^date:.*$/m, "date: not a date"));
    expect(await builder.quickLook([ARTICLE])).toBe(false);
    await writeFile(join(target.contentDir, "articles/brand-new.md"), "---\ntitle: New\ndate: 2022-01-01\n---\nNew.\n");
    expect(await builder.quickLook(["articles/brand-new.md"])).toBe(false);
    expect(await builder.quickLook(["site.yaml"])).toBe(false);
    expect(published).toHaveLength(before);
  });
});
