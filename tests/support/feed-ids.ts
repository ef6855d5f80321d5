/**
 * The item ids a content directory's site feeds carry, as readers see them: the
 * directory compiled, served by the app over the build's own index and packs, and each
 * format read with parsers that share no code with ours (saxes and xmldom for RSS and
 * Atom, JSON.parse for JSON Feed).
 */
import { DOMParser, type Element } from "@xmldom/xmldom";
import { compileBundle } from "../../src/compiler/pipeline/compile";
import { formatDiagnostic } from "../../src/compiler/diagnostics";
import { createLocalApp } from "../../src/local";
import { assertWellFormed } from "./well-formed";

export interface FeedIds {
  /** RSS `guid`s, each with its `isPermaLink`. */
  rss: { guid: string; isPermaLink: string | null }[];
  /** Atom entry `id`s. */
  atom: string[];
  /** JSON Feed item `id`s. */
  json: unknown[];
  /** What the build said, as it prints it. */
  diagnostics: string[];
}

function parse(text: string) {
  assertWellFormed(text);
  return new DOMParser({
    onError: (level, message) => {
      throw new Error(`xmldom ${level}: ${message}`);
    },
  }).parseFromString(text, "application/xml");
}

function child(parent: Element, name: string): Element | undefined {
  return Array.from(parent.childNodes).find((node): node is Element => node.nodeName === name);
}

/** Compiles `dir` and reads the ids of `/rss.xml`, `/atom.xml` and `/feed.json` at the instant `now`. */
export async function feedIdsOf(dir: string, now: number, scope = ""): Promise<FeedIds> {
  const compiled = await compileBundle(dir, { now });
  const diagnostics = compiled.diagnostics.map(formatDiagnostic);
  if (!compiled.bundle) throw new Error(`the build failed:\n${diagnostics.join("\n")}`);
  const { app } = createLocalApp(compiled.bundle, () => now);
  const get = async (path: string) => (await app.request(`${scope}${path}`, {}, { SITE_URL: "" })).text();
  const rss = parse(await get("/rss.xml"));
  const atom = parse(await get("/atom.xml"));
  const json = JSON.parse(await get("/feed.json")) as { items: { id: unknown }[] };
  return {
    rss: Array.from(rss.getElementsByTagName("item")).map((item) => {
      const guid = child(item, "guid");
      return { guid: guid?.textContent ?? "", isPermaLink: guid?.getAttribute("isPermaLink") ?? null };
    }),
    atom: Array.from(atom.getElementsByTagName("entry")).map((entry) => child(entry, "id")?.textContent ?? ""),
    json: json.items.map((item) => item.id),
    diagnostics,
  };
}
