/**
 * `npm run ping` against a local hub stand-in that records every request: which topics a
 * ping notifies as the content, the clock, the hub and the origin change, how failures
 * are reported and retried, and the configuration errors. Expected topics are spelled
 * here from the fixture's declared tags and the route table, not computed by the code
 * under test.
 */
import { DOMParser } from "@xmldom/xmldom";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLocalApp } from "../../src/local";
import { compileBundle } from "../../src/compiler/pipeline/compile";
import { nextState, planPing, type PingOptions, type PingState, runPing } from "../../src/publish/ping";

// ---- The hub stand-in ----

interface HubRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  /** Form field names in the order sent. */
  fields: string[];
  mode: string | null;
  topic: string;
}

interface Hub {
  url: string;
  requests: HubRequest[];
  /** Topics answered with 500. */
  failing: Set<string>;
  /** Topics never answered, so the publisher's timeout must fire. */
  hanging: Set<string>;
  /** Delay before answering, to observe how many notifications are in flight. */
  delayMs: number;
  inFlight: number;
  maxInFlight: number;
}

let server: Server;
const hub: Hub = {
  url: "",
  requests: [],
  failing: new Set(),
  hanging: new Set(),
  delayMs: 0,
  inFlight: 0,
  maxInFlight: 0,
};

function answer(request: HubRequest, respond: (status: number, body?: string) => void): void {
  hub.requests.push(request);
  if (hub.hanging.has(request.topic)) return;
  hub.inFlight++;
  hub.maxInFlight = Math.max(hub.maxInFlight, hub.inFlight);
  setTimeout(() => {
    hub.inFlight--;
    if (hub.failing.has(request.topic)) respond(500, "topic refused by the test hub\n");
    else respond(204);
  }, hub.delayMs);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const form = new URLSearchParams(body);
      const request = {
        method: req.method ?? "",
        path: req.url ?? "",
        contentType: req.headers["content-type"],
        fields: [...form.keys()],
        mode: form.get("hub.mode"),
        topic: form.get("hub.url") ?? "",
      };
      answer(request, (status, text) => res.writeHead(status).end(text));
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  hub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

// ---- The archive ----

const ORIGIN = "https://wire.example";
/** The fixture's "now": after `one` and `two`, before `later`. */
const T0 = Date.parse("2024-03-01T00:00:00Z");
const LATER_DATE = Date.parse("2024-06-01T09:00:00Z");

function siteYaml(hubLine: string): string {
  return `title: Ping Test
description: Fixture for WebSub pings.
language: en
domain: ping.example
established: 2024-01-01
authors: [Desk]
copyright: © Test
feed_size: 10
${hubLine}
`;
}

const TAGS_YAML = `- slug: alpha
  name: Alpha
- slug: beta
  name: Beta
  aliases: [Bee]
- slug: gamma
  name: Gamma
  description: Declared, never used.
`;

function article(fields: string, body: string): string {
  return `---\n${fields.trim()}\n---\n\n${body}\n`;
}

const ARTICLES: Record<string, string> = {
  "articles/one.md": article("title: One\ndate: 2024-01-10T09:00:00Z\ntags: [alpha]", "The first article."),
  "articles/two.md": article("title: Two\ndate: 2024-02-10T09:00:00Z\ntags: [Alpha, beta]", "The second article."),
  // Scheduled; its undeclared tag "Embargo" is not public until it is visible.
  "articles/later.md": article("title: Later\ndate: 2024-06-01T09:00:00Z\ntags: [beta, Embargo]", "Embargoed."),
};

/** The public tags at T0: every declared one. */
const DECLARED = ["alpha", "beta", "gamma"];
const FEED_FILES = ["rss.xml", "atom.xml", "feed.json"];

/** Topic URLs of scopes ("site" or a tag slug), spelled from the route table. */
function topicsOf(scopes: string[], origin = ORIGIN): string[] {
  return scopes.flatMap((scope) =>
    FEED_FILES.map((file) => (scope === "site" ? `${origin}/${file}` : `${origin}/tags/${scope}/${file}`)),
  );
}

const sorted = (values: Iterable<string>) => [...values].sort();

let dir: string;
let stateFile: string;

async function write(name: string, text: string): Promise<void> {
  await mkdir(dirname(join(dir, name)), { recursive: true });
  await writeFile(join(dir, name), text);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "edgefeed-ping-"));
  stateFile = join(dir, "state", "ping-state.json");
  const files = { "site.yaml": siteYaml(`hub: ${hub.url}`), "tags.yaml": TAGS_YAML, ...ARTICLES };
  for (const [name, text] of Object.entries(files)) await write(name, text);
  Object.assign(hub, { requests: [], failing: new Set(), hanging: new Set(), delayMs: 0, inFlight: 0, maxInFlight: 0 });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One run of the command at `now`; returns its result and the requests the hub received. */
async function ping(now = T0, overrides: Partial<PingOptions> = {}) {
  const result = await runPing({
    contentDir: dir,
    stateFile,
    origin: { flag: ORIGIN },
    clock: () => now,
    ...overrides,
  });
  const requests = hub.requests.splice(0);
  return { ...result, requests, topics: sorted(requests.map((request) => request.topic)) };
}

async function readStateFile(): Promise<PingState> {
  return JSON.parse(await readFile(stateFile, "utf8")) as PingState;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

// ---- Self links, read with a parser that shares nothing with the serializers ----

const ATOM_NS = "http://www.w3.org/2005/Atom";

function selfLinks(body: string, path: string): string[] {
  if (path.endsWith(".json")) return [(JSON.parse(body) as { feed_url: string }).feed_url];
  const document = new DOMParser().parseFromString(body, "text/xml");
  return Array.from(document.getElementsByTagNameNS(ATOM_NS, "link"))
    .filter((link) => link.getAttribute("rel") === "self")
    .map((link) => link.getAttribute("href") ?? "");
}

// ---- Tests ----

describe("the first ping", () => {
  it("posts one publish form per feed of the site and of every public tag, and records them", async () => {
    const first = await ping();
    const expected = topicsOf(["site", ...DECLARED]);
    expect(first.requests).toHaveLength((1 + DECLARED.length) * 3);
    expect(first.topics).toEqual(sorted(expected));
    for (const request of first.requests) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/");
      expect(request.contentType).toBe("application/x-www-form-urlencoded");
      expect(request.fields).toEqual(["hub.mode", "hub.url"]);
      expect(request.mode).toBe("publish");
    }
    expect(first.exitCode).toBe(0);
    expect(first.problems.filter((line) => line.startsWith("error"))).toEqual([]);
    expect(first.report.filter((line) => line.startsWith("sent    204  "))).toHaveLength(expected.length);
    expect(first.report.at(-1)).toBe(
      `12 changed of 12 topics: 12 sent, 0 failed, 0 unchanged, 0 removed (hub ${hub.url})`,
    );

    const state = await readStateFile();
    expect(state.hub).toBe(hub.url);
    expect(state.origin).toBe(ORIGIN);
    expect(sorted(Object.keys(state.topics))).toEqual(sorted(expected));
    for (const etag of Object.values(state.topics)) expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
  });

  it("names each topic by the self link of the document served there", async () => {
    const { topics } = await ping();
    const { bundle } = await compileBundle(dir);
    const { app } = createLocalApp(bundle!, () => T0);
    for (const topic of topics) {
      const response = await app.request(topic, {}, { SITE_URL: ORIGIN });
      expect(response.status, topic).toBe(200);
      expect(selfLinks(await response.text(), topic), topic).toEqual([topic]);
    }
  });

  it("with --dry-run lists every topic but sends and writes nothing", async () => {
    const dry = await ping(T0, { dryRun: true });
    expect(dry.requests).toEqual([]);
    expect(await exists(stateFile)).toBe(false);
    const listed = dry.report.filter((line) => line.startsWith("would send")).map((line) => line.split(/\s+/).at(-1));
    expect(sorted(listed as string[])).toEqual(sorted(topicsOf(["site", ...DECLARED])));
    expect(dry.exitCode).toBe(0);
    expect((await ping()).requests).toHaveLength(12);
  });

  it("keeps at most four notifications in flight", async () => {
    hub.delayMs = 30;
    expect((await ping()).requests).toHaveLength(12);
    expect(hub.maxInFlight).toBeGreaterThan(1);
    expect(hub.maxInFlight).toBeLessThanOrEqual(4);
  });
});

describe("later pings send exactly the topics whose documents changed", () => {
  beforeEach(async () => {
    expect((await ping()).requests).toHaveLength(12);
  });

  it("sends nothing when nothing changed, and says so", async () => {
    const again = await ping();
    expect(again.requests).toEqual([]);
    expect(again.exitCode).toBe(0);
    expect(again.report[0]).toBe("nothing changed since the last ping; nothing to send");
    expect(again.report.at(-1)).toBe(
      `0 changed of 12 topics: 0 sent, 0 failed, 12 unchanged, 0 removed (hub ${hub.url})`,
    );
  });

  it("a new article with one tag (named by an alias): the site's and that tag's feeds", async () => {
    await write("articles/new.md", article("title: New\ndate: 2024-02-20T09:00:00Z\ntags: [Bee]", "News."));
    const after = await ping();
    expect(after.topics).toEqual(sorted(topicsOf(["site", "beta"])));
    expect(after.report.at(-1)).toBe(
      `6 changed of 12 topics: 6 sent, 0 failed, 6 unchanged, 0 removed (hub ${hub.url})`,
    );
    expect((await ping()).requests).toEqual([]);
  });

  it("an edited article: the site's feeds and those of the tags it carries", async () => {
    const edited = article(
      "title: Two\ndate: 2024-02-10T09:00:00Z\nupdated: 2024-02-25T12:00:00Z\ntags: [Alpha, beta]",
      "The second article, corrected.",
    );
    await write("articles/two.md", edited);
    expect((await ping()).topics).toEqual(sorted(topicsOf(["site", "alpha", "beta"])));
  });

  it("a scheduled article: nothing before its instant, then its feeds, including its newly public tag", async () => {
    expect((await ping(LATER_DATE - 60_000)).requests).toEqual([]);
    const due = await ping(LATER_DATE);
    expect(due.topics).toEqual(sorted(topicsOf(["site", "beta", "embargo"])));
    expect(due.report.at(-1)).toMatch(/^9 changed of 15 topics: 9 sent, 0 failed, 6 unchanged, 0 removed /);
  });

  it("a tag that no longer exists is reported as removed and dropped from the state, not pinged", async () => {
    await write("tags.yaml", TAGS_YAML.replace(/- slug: gamma[\s\S]*$/, ""));
    const after = await ping();
    expect(after.requests).toEqual([]);
    const removed = after.report.filter((line) => line.startsWith("removed")).map((line) => line.split(/\s+/)[1]);
    expect(sorted(removed as string[])).toEqual(sorted(topicsOf(["gamma"])));
    expect(after.report.at(-1)).toMatch(/^0 changed of 9 topics: 0 sent, 0 failed, 9 unchanged, 3 removed /);
    expect(sorted(Object.keys((await readStateFile()).topics))).toEqual(sorted(topicsOf(["site", "alpha", "beta"])));
  });

  it("a changed hub URL re-sends every topic to the new hub", async () => {
    await write("site.yaml", siteYaml(`hub: ${hub.url}v2`));
    const moved = await ping();
    expect(moved.topics).toEqual(sorted(topicsOf(["site", ...DECLARED])));
    expect(new Set(moved.requests.map((request) => request.path))).toEqual(new Set(["/v2"]));
    expect(moved.report[0]).toMatch(/notifying every topic again$/);
    expect((await readStateFile()).hub).toBe(`${hub.url}v2`);
  });

  it("a changed origin re-sends every topic under the new origin", async () => {
    const mirror = "https://mirror.example";
    const moved = await ping(T0, { origin: { flag: `${mirror}/` } });
    expect(moved.topics).toEqual(sorted(topicsOf(["site", ...DECLARED], mirror)));
    expect(sorted(Object.keys((await readStateFile()).topics))).toEqual(moved.topics);
  });
});

describe("failures", () => {
  it("a topic the hub refuses is reported, fails the run, keeps its old state and is retried alone", async () => {
    await ping();
    const before = await readStateFile();
    const refused = `${ORIGIN}/tags/alpha/atom.xml`;
    await write("articles/one.md", ARTICLES["articles/one.md"]!.replace("The first article.", "Rewritten."));
    hub.failing.add(refused);

    const failed = await ping();
    expect(failed.topics).toEqual(sorted(topicsOf(["site", "alpha"])));
    expect(failed.exitCode).toBe(1);
    expect(failed.report).toContain(`FAILED  500  ${refused}  (topic refused by the test hub)`);
    expect(failed.report.at(-1)).toMatch(/^6 changed of 12 topics: 5 sent, 1 failed, 6 unchanged, 0 removed /);
    const after = await readStateFile();
    expect(after.topics[refused]).toBe(before.topics[refused]);
    expect(after.topics[`${ORIGIN}/atom.xml`]).not.toBe(before.topics[`${ORIGIN}/atom.xml`]);

    hub.failing.clear();
    const retry = await ping();
    expect(retry.topics).toEqual([refused]);
    expect(retry.exitCode).toBe(0);
    expect((await ping()).requests).toEqual([]);
  });

  it("a hub that does not answer times out; that topic stays unrecorded and is retried", async () => {
    const silent = `${ORIGIN}/tags/gamma/feed.json`;
    hub.hanging.add(silent);
    const first = await ping(T0, { timeoutMs: 200 });
    expect(first.requests).toHaveLength(12);
    expect(first.exitCode).toBe(1);
    expect(first.report).toContain(`FAILED  ---  ${silent}  (no answer within 200 ms)`);
    expect(Object.keys((await readStateFile()).topics)).not.toContain(silent);

    hub.hanging.clear();
    expect((await ping()).topics).toEqual([silent]);
  });

  it("an unreachable hub: every topic FAILED with the network error, nothing recorded", async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    await write("site.yaml", siteYaml(`hub: http://127.0.0.1:${port}/`));

    const result = await ping();
    expect(result.exitCode).toBe(1);
    const failures = result.report.filter((line) => line.startsWith("FAILED  ---  "));
    expect(failures).toHaveLength(12);
    expect(failures[0]).toMatch(/ECONNREFUSED/);
    expect((await readStateFile()).topics).toEqual({});
  });
});

describe("configuration", () => {
  it("no hub in site.yaml: nothing sent, nothing written, a clear message, success", async () => {
    await write("site.yaml", siteYaml(""));
    const result = await ping(T0, { origin: {} });
    expect(result.requests).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.report).toEqual(["site.yaml names no hub; nothing to ping"]);
    expect(await exists(stateFile)).toBe(false);
  });

  it("no public origin anywhere (empty values count as unset): a clear error, nothing sent", async () => {
    await write("wrangler.toml", '[vars]\nSITE_URL = ""\n');
    const result = await ping(T0, { origin: { flag: "", env: " ", wranglerConfig: join(dir, "wrangler.toml") } });
    expect(result.exitCode).toBe(1);
    expect(result.requests).toEqual([]);
    expect(result.problems.join("\n")).toMatch(/no public origin configured: pass --site-url .* set SITE_URL/);
    expect(await exists(stateFile)).toBe(false);
  });

  it("the origin comes from the flag, else SITE_URL, else wrangler.toml [vars]", async () => {
    await write("wrangler.toml", '[vars]\nSITE_URL = "https://from-wrangler.example/ignored/path"\n');
    const wranglerConfig = join(dir, "wrangler.toml");
    const fromWrangler = await ping(T0, { origin: { env: "", wranglerConfig } });
    expect(fromWrangler.topics).toEqual(sorted(topicsOf(["site", ...DECLARED], "https://from-wrangler.example")));
    const fromEnv = await ping(T0, { origin: { env: "https://from-env.example", wranglerConfig } });
    expect(fromEnv.topics).toEqual(sorted(topicsOf(["site", ...DECLARED], "https://from-env.example")));
  });

  it("an origin that is not an http(s) URL is refused", async () => {
    const result = await ping(T0, { origin: { flag: "ftp://wire.example" } });
    expect(result.exitCode).toBe(1);
    expect(result.problems).toContain('SITE_URL "ftp://wire.example" is not an http(s) URL');
    expect(result.requests).toEqual([]);
  });

  it("content with errors: the diagnostics, nothing sent", async () => {
    await write("articles/bad.md", article("date: 2024-01-01T00:00:00Z", "No title."));
    const result = await ping();
    expect(result.exitCode).toBe(1);
    expect(result.problems).toContainEqual(expect.stringMatching(/^error: articles\/bad\.md:1: title is required/));
    expect(result.requests).toEqual([]);
  });

  it("a state file that is not one: a clear error, nothing sent", async () => {
    await mkdir(dirname(stateFile), { recursive: true });
    await writeFile(stateFile, '{"topics": 3}');
    const result = await ping();
    expect(result.exitCode).toBe(1);
    expect(result.problems.at(-1)).toMatch(/is not a ping state file; delete it/);
    expect(result.requests).toEqual([]);
  });
});

describe("planPing and nextState", () => {
  const current: PingState = { hub: "https://hub.example/", origin: ORIGIN, topics: { a: '"1"', b: '"2"' } };

  it("set aside a state kept for another hub: everything changed, nothing removed", () => {
    const previous = { ...current, hub: "https://old-hub.example/", topics: { a: '"1"', gone: '"9"' } };
    const plan = planPing(previous, current);
    expect(plan).toMatchObject({ changed: ["a", "b"], unchanged: [], removed: [] });
    expect(plan.reset).toContain("https://old-hub.example/");
    expect(nextState(previous, current, ["b"])).toEqual({ ...current, topics: { b: '"2"' } });
  });

  it("keep a failed topic's old entry and drop removed ones", () => {
    const previous = { ...current, topics: { a: '"0"', b: '"0"', gone: '"9"' } };
    expect(planPing(previous, current)).toEqual({ changed: ["a", "b"], unchanged: [], removed: ["gone"] });
    expect(nextState(previous, current, ["a"]).topics).toEqual({ a: '"1"', b: '"0"' });
  });
});
