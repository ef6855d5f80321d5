/**
 * Shared tools for the Workers tests: an app over a fixture bundle with a clock the
 * test controls, and independent parsers for what the worker serves (saxes, a
 * conformant XML 1.0 parser, for well-formedness; xmldom for a DOM to query; @extractus/feed-extractor for RSS/Atom, a JSON Feed 1.1
 * schema checked by @cfworker/json-schema; htmlparser2 for pages). None of them shares code with ours.
 */
import { Validator } from "@cfworker/json-schema";
import { extractFromXml } from "@extractus/feed-extractor";
import { DOMParser, type Document as XmlDocument } from "@xmldom/xmldom";
import { DomUtils, parseDocument } from "htmlparser2";
import { inject } from "vitest";
import { createLocalApp } from "../../src/local";
import type { ContentBundle } from "../../src/model/types";
import schema from "../support/jsonfeed-1.1.schema.json";
import { assertWellFormed } from "../support/well-formed";

export function fixture(name: string): ContentBundle {
  const bundle = inject("bundles")[name];
  if (!bundle) throw new Error(`no fixture bundle ${name}`);
  return bundle;
}

/** The bundle the real Worker entry serves in tests (tests/support/global-setup.ts builds it in): what `SELF.fetch` answers from. */
export function servedBundle(): ContentBundle {
  return fixture(inject("servedFixture"));
}

export class TestClock {
  constructor(public now: number) {}
  set(iso: string): void {
    this.now = Date.parse(iso);
  }
  read = (): number => this.now;
}

export function appWithClock(bundle: ContentBundle, iso: string) {
  const clock = new TestClock(Date.parse(iso));
  const { app, services, fetch } = createLocalApp(bundle, clock.read);
  const get = (path: string, headers: Record<string, string> = {}, method = "GET") =>
    app.request(path, { method, headers }, { SITE_URL: "" });
  return { app, services, fetch, clock, get };
}

/** Parses XML strictly: any well-formedness error (saxes) or DOM error or warning (xmldom) throws. */
export function parseXml(text: string): XmlDocument {
  assertWellFormed(text);
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`xmldom ${level}: ${message}`);
    },
  }).parseFromString(text, "application/xml");
  return doc;
}

/** Reads RSS or Atom with an independent feed parser. */
export function parseFeed(xml: string) {
  return extractFromXml(xml, { normalization: true });
}

const validator = new Validator(schema as never, "7", false);

export function validateJsonFeed(value: unknown): string[] {
  const result = validator.validate(value);
  return result.valid ? [] : result.errors.map((e) => `${e.instanceLocation}: ${e.error}`);
}

export function children(doc: XmlDocument, tag: string): string[] {
  return Array.from(doc.getElementsByTagName(tag)).map((node) => node.textContent ?? "");
}

export const RFC822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

type HtmlElement = ReturnType<typeof DomUtils.findAll>[number];

/** An HTML page parsed by htmlparser2, queried by element name (`*` for any) and attributes. */
export function parseHtml(html: string) {
  const doc = parseDocument(html);
  const find = (name: string, where: (element: HtmlElement) => boolean = () => true) =>
    DomUtils.findAll((element) => (name === "*" || element.name === name) && where(element), doc.children);
  const attr = (element: HtmlElement | undefined, name: string) =>
    element ? DomUtils.getAttributeValue(element, name) : undefined;
  return {
    find,
    attr,
    /** The values of `attribute` on every `name` element, in document order. */
    values: (name: string, attribute: string) =>
      find(name, (element) => DomUtils.hasAttrib(element, attribute)).map((element) => attr(element, attribute) ?? ""),
    text: (element?: HtmlElement) =>
      DomUtils.textContent(element ?? doc)
        .replace(/\s+/g, " ")
        .trim(),
  };
}
