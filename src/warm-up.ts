/**
 * Start-up work that spares a fresh isolate's first request. V8 compiles a function
 * the first time it runs, and a fresh isolate's first request used to spend most of
 * its CPU compiling: routing, the query layer, the serializers, the gzip stitcher,
 * the pages. At start-up (global scope, which Workers allow a second and we keep far
 * under 100 ms) a throwaway app over a tiny archive held in memory answers one request
 * of every kind, so everything the real app runs is compiled before a request comes.
 * Nothing of it is kept: the real app has caches of its own.
 *
 * Global scope may not make a Response with a body, nor compress; those answers end
 * in an error once all the work before them is done, and the error is dropped.
 */
import { createApp } from "./app";
import { decodeIndex, encodeIndex } from "./model/index-codec";
import { decodeInstants, decodeOrdinals, encodeInstants, encodeOrdinals, INSTANT_BLOCK } from "./model/index-codec";
import { layOutRecords } from "./memory-layout";
import { opmlOutlines } from "./feeds/opml";
import { crc32, HOLE } from "./model/pieces";
import {
  compileTemplate,
  decodeTemplate,
  encodeTemplate,
  originFor,
  templateCrc,
  writeTemplate,
} from "./model/templates";
import type { Article, ContentBundle, SiteConfig, Tag } from "./model/types";
import { memorySource } from "./providers/records";

const DAY = 86_400_000;
/** The tiny archive's clock: after every article in it. */
const NOW = Date.UTC(2001, 0, 10);

function article(n: number, fields: Partial<Article>): Article {
  return {
    slug: `warm-${n}`,
    id: `tag:warm.invalid,2001-01-01:warm-${n}`,
    title: `Warm ${n} <b>&</b>`,
    published: NOW - (n + 1) * DAY,
    updated: NOW - (n + 1) * DAY,
    summary: `Summary ${n} & more.`,
    content: ['<p>Body <a href="', `/articles/warm-${n}">link</a> <img src="`, '/w.png" alt=""></p>'],
    authors: [{ slug: "warm-author", name: "Warm Author" }],
    tags: ["warm-x", "warm-y"],
    lang: "en",
    ...fields,
  };
}

/** Three articles, two tags, an author, a retired tag and an old path: every branch a document takes. */
export function tinyArchive(site: SiteConfig): ContentBundle {
  return {
    site: { ...site, feedSize: 1 },
    articles: [
      article(0, {
        image: "/articles/warm-0/w.png",
        imageType: "image/png",
        imageLength: 10,
        source: { name: "Source", url: "https://source.invalid/" },
      }),
      article(1, {
        updated: NOW - DAY,
        tags: ["warm-x"],
        attachments: [{ url: "/articles/warm-1/a.mp3", type: "audio/mpeg", length: 10, title: "A", duration: 1 }],
        aliases: ["/old/warm-1"],
        lang: "de",
      }),
      article(2, { image: "https://images.invalid/w.png", authors: [] }),
    ],
    tags: [
      { slug: "warm-x", name: "X", description: "About X", declared: true, articles: [0, 1, 2] },
      { slug: "warm-y", name: "Y", declared: false, articles: [0, 2] },
    ],
    tagLookup: { "warm-x": "warm-x", x: "warm-x", "warm-y": "warm-y", y: "warm-y", "warm-gone": "warm-gone" },
    retired: [{ slug: "warm-gone", name: "Gone", reason: "Retired." }],
    merged: {},
    authors: [
      { slug: "warm-author", name: "Warm Author", url: "https://author.invalid/", declared: true, articles: [0, 1] },
    ],
    authorLookup: { "warm-author": "warm-author", "warm author": "warm-author" },
  };
}

/** A path of every kind of document the worker answers, in the tiny archive. */
export const WARM_UP_PATHS = [
  "/",
  "/tags",
  "/authors",
  "/subscribe",
  "/rss.xml",
  "/atom.xml",
  "/feed.json",
  "/archive/1/rss.xml",
  "/archive/2/atom.xml",
  "/archive/1/feed.json",
  "/tags/warm-x",
  "/tags/warm-x/subscribe",
  "/tags/warm-x/rss.xml",
  "/tags/warm-y/atom.xml",
  "/tags/warm-x/feed.json",
  "/tags/warm-x/archive/1/atom.xml",
  "/tags/warm-x+warm-y/atom.xml",
  "/tags/warm-x,warm-y/rss.xml",
  "/tags/warm-x,warm-y",
  "/tags/warm-x+warm-y/subscribe",
  "/tags/warm-x,warm-y/archive/1/feed.json",
  "/tags/X/rss.xml",
  "/tags/warm-y+warm-x",
  "/tags/warm-gone",
  "/authors/warm-author",
  "/authors/warm-author/rss.xml",
  "/authors/warm-author/subscribe",
  "/articles/warm-0",
  "/articles/warm-1",
  "/old/warm-1",
  "/articles/warm-0/",
  "/feeds.opml",
  "/sitemap.xml",
  "/robots.txt",
  "/index.xml",
  "/articles/none",
  "/tags/none/rss.xml",
  "/archive/99/rss.xml",
  "/no/such/page",
];

/**
 * Every path is asked for as a feed reader asks (gzip, a validator that does not match).
 * The code of a plain answer and of a 304 is the same for every document, so the first
 * few paths (a page, the indexes, the site's feeds) are also asked for plain, and again
 * with their own ETag: warming every path each way cost start-up more than it spared.
 */
const WARM_PLAIN = 6;
const WARM_304 = 8;

const REQUESTS: [string, Record<string, string>][] = WARM_UP_PATHS.flatMap((path, i) => [
  ...(i < WARM_PLAIN ? [[path, {}] as [string, Record<string, string>]] : []),
  [path, { "Accept-Encoding": "gzip", "If-None-Match": '"warm"' }],
]);

/** The clock of the tiny archive. */
export const WARM_UP_NOW = NOW;

/** A tag of the warm-up's own, for texts as long as a real archive's. */
function tagOf(n: number): Tag {
  return { slug: `warm-topic-${n}`, name: `Warm topic ${n}`, declared: true, articles: [] };
}

/** Runs one warm-up request; an answer with a body cannot be made at start-up, and that error (thrown or rejected) is dropped. */
async function attempt(request: () => unknown): Promise<void> {
  try {
    await request();
  } catch {
    // The work before the answer is done, which is what warming up is for.
  }
}

/** Runs the tiny archive's requests through a throwaway app; resolves when all are answered or failed. */
export async function warmUp(site: SiteConfig): Promise<void> {
  try {
    const bundle = tinyArchive(site);
    const { fetch, services } = createApp({
      index: decodeIndex(encodeIndex(bundle)),
      source: memorySource(layOutRecords(bundle)),
      clock: () => NOW,
      log: () => undefined,
    });
    const env = { SITE_URL: "", ASSETS: { fetch: () => Promise.reject(new Error("no assets at start-up")) } };
    for (const [i, [path, headers]] of REQUESTS.entries()) {
      const url = `https://warm.invalid${path}`;
      await attempt(() => fetch(new Request(url, { headers }), env));
      // A 304 has no body, so start-up may make one: the hot path answers it with the document's own ETag.
      const etag = i < WARM_304 ? services.hot.document(url, NOW)?.etag : undefined;
      if (etag) await attempt(() => fetch(new Request(url, { headers: { "If-None-Match": etag } }), env));
    }
    for (const method of ["POST", "OPTIONS"]) {
      await attempt(() => fetch(new Request("https://warm.invalid/rss.xml", { method }), env));
    }
    // Loops a document runs over every byte or token of a long text: run them long enough to be optimised.
    crc32(new Uint8Array(1 << 18));
    // The index's decoders too: a request decodes one block of instants or one tag's postings, which
    // is too short to be optimised by itself, and compiling it then cost a fresh isolate's first
    // request 4 ms (the index is decoded as it is read, not at start-up).
    const instants = Array.from({ length: 64 * INSTANT_BLOCK }, (_, i) => NOW - i * 60_000);
    const decoded = decodeInstants(encodeInstants(instants), instants.length);
    for (let i = 0; i < instants.length; i += INSTANT_BLOCK) decoded.at(i);
    decodeOrdinals(encodeOrdinals(instants.map((_, i) => 3 * i)), instants.length);
    const outlines = Array.from({ length: 60 }, (_, n) =>
      opmlOutlines(bundle.site, { kind: "tag", tag: tagOf(n) }, HOLE),
    );
    const template = decodeTemplate(encodeTemplate(compileTemplate(outlines.join(""))));
    const origin = originFor("https://warm.invalid");
    for (let i = 0; i < 60; i++) {
      writeTemplate(template, origin);
      templateCrc(template, origin);
    }
    // Leave the young generation empty, so the first request does not pay for collecting start-up's garbage.
    // Fill the heap with short-lived arrays: the collection that start-up's work would
    // otherwise leave to the first request runs now, and leaves room after it.
    let kept: number[] = [];
    for (let i = 0; i < 48; i++) kept = new Array<number>(131_072).fill(i);
    void kept;
  } catch {
    // Warming up is an optimisation: it must never keep the worker from starting.
  }
}
