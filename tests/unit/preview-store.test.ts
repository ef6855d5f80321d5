/**
 * The preview's store (src/preview/store.ts), over real loopback HTTP: it holds
 * requests until a first build is published, names the build of every answer, serves
 * the files of the assets directory (and nothing outside it, however the path is
 * spelled), with a validator the Worker's conditional requests can use, and the packs
 * of unpublished and revised articles.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PLACEHOLDER_SITE } from "../../src/preview/rebuild";
import { PreviewStore } from "../../src/preview/store";
import { encodeIndex } from "../../src/model/index-codec";
import {
  GENERATION_HEADER,
  GENERATION_PATH,
  type PreviewState,
  REVISED_PATH,
  STATE_PATH,
  UNPUBLISHED_PATH,
} from "../../src/preview-worker/protocol";

let dir = "";
let store: PreviewStore;
const state: PreviewState = {
  index: encodeIndex(PLACEHOLDER_SITE),
  problems: [],
  warnings: [{ file: "articles/a.md", field: "layout", message: "unknown field, ignored", line: 3 }],
  unpublished: [],
  revised: [],
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "edgefeed-store-"));
  await mkdir(join(dir, "public", "images"), { recursive: true });
  await writeFile(join(dir, "public", "images", "a b.png"), "not really a picture");
  await writeFile(join(dir, "secret.txt"), "outside the assets");
  store = await PreviewStore.open(join(dir, "public"));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the preview's store", () => {
  it("holds the first request until a build is published, then names its generation on every answer", async () => {
    let answered = false;
    const first = fetch(`${store.url}${GENERATION_PATH}`).then((response) => {
      answered = true;
      return response;
    });
    await new Promise((wake) => setTimeout(wake, 200));
    expect(answered).toBe(false);
    store.publish(state);
    expect((await first).headers.get(GENERATION_HEADER)).toBe("1");

    store.publish(state);
    const answer = await fetch(`${store.url}${STATE_PATH}`);
    expect(answer.headers.get(GENERATION_HEADER)).toBe("2");
    expect(await answer.json()).toEqual({ generation: 2, ...state });
  });

  it("serves the assets directory's files with their media type and a validator, and nothing outside it", async () => {
    store.publish(state);
    const file = await fetch(`${store.url}/images/a%20b.png`);
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Type")).toBe("image/png");
    expect(await file.text()).toBe("not really a picture");
    const etag = file.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^".+"$/);
    const again = await fetch(`${store.url}/images/a%20b.png`, { headers: { "If-None-Match": `W/${etag}` } });
    expect(again.status).toBe(304);

    for (const path of ["/../secret.txt", "/%2E%2E/secret.txt", "/images/..%2F..%2Fsecret.txt", "/", "/images"]) {
      const refused = await fetch(`${store.url}${path}`);
      expect(refused.status, path).toBe(404);
      expect(await refused.text(), path).toBe("");
    }
  });

  it("serves the packs of unpublished and revised articles as published, each kept until replaced", async () => {
    store.publish(state, { unpublished: new Uint8Array([1, 2]), revised: new Uint8Array([3]) });
    store.publish(state, { revised: new Uint8Array([4, 5, 6]) });
    const bytes = async (path: string) => [...new Uint8Array(await (await fetch(`${store.url}${path}`)).arrayBuffer())];
    expect(await bytes(UNPUBLISHED_PATH)).toEqual([1, 2]);
    expect(await bytes(REVISED_PATH)).toEqual([4, 5, 6]);
  });
});
