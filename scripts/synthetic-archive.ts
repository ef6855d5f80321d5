/**
 * A synthetic news archive for scale runs, written twice: as Edgefeed content
 * (`<dir>/edgefeed/{site.yaml,tags.yaml,articles/report-K.md}`) and as a Hugo site
 * (`<dir>/hugo/{hugo.toml,content/posts/report-K.md}`) with the same front matter and
 * bodies, so the two builds compile the same text. Each article has a ~6 KB Markdown
 * body (paragraphs, a heading, a link and a list) and three distinct tags; article K
 * is dated K hours before 2026-01-01. The text depends only on the seed.
 *
 * As a command: `tsx scripts/synthetic-archive.ts N_ARTICLES N_TAGS DIR [--seed S] [--no-hugo]`.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { stringify as toYaml } from "yaml";

export interface ArchiveOptions {
  articles: number;
  tags: number;
  dir: string;
  seed?: number;
  /** Also write the Hugo copy (default true). */
  hugo?: boolean;
}

export interface ArchiveWritten {
  contentDir: string;
  hugoDir?: string;
  /** Bytes of Markdown body per article, on average. */
  meanBodyBytes: number;
}

const NEWEST = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

const VOCABULARY = (
  "minister envoy summit accord truce embargo delegation parliament consulate charter " +
  "mediator frontier pipeline tariff reactor inspectors communique spokeswoman cabinet " +
  "ceasefire monitors corridor shipment quota garrison referendum protocol observers " +
  "negotiators capital province talks agenda deadline framework assurance"
).split(" ");

/** xorshift32: tiny, fast and fully determined by its seed, which is all filler text needs. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

/** Sentences made once per archive; each article's sentences are drawn from them. */
const SENTENCES = 4096;

class TextSource {
  constructor(
    private readonly random: () => number,
    /** Sentences to draw from; without them each sentence is made word by word. */
    private readonly pool: readonly string[] = [],
  ) {}

  integer(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  word(): string {
    return VOCABULARY[this.integer(0, VOCABULARY.length - 1)] ?? "talks";
  }

  words(count: number): string[] {
    return Array.from({ length: count }, () => this.word());
  }

  sentence(): string {
    if (this.pool.length > 0) return this.pool[this.integer(0, this.pool.length - 1)] ?? "Talks.";
    const [first = "talks", ...rest] = this.words(this.integer(9, 18));
    return `${first[0]?.toUpperCase()}${first.slice(1)} ${rest.join(" ")}.`;
  }

  paragraph(): string {
    let text = this.sentence();
    for (let n = this.integer(4, 7); n > 1; n--) text += ` ${this.sentence()}`;
    return text;
  }

  /** Three distinct tags; the first cycles through the vocabulary so every tag has articles. */
  tags(ordinal: number, tagCount: number): string[] {
    const chosen = new Set([ordinal % tagCount]);
    while (chosen.size < Math.min(3, tagCount)) chosen.add(this.integer(0, tagCount - 1));
    return [...chosen].sort((a, b) => a - b).map(tagSlug);
  }
}

/**
 * The text of article `ordinal`: drawn from the archive's sentences by a generator
 * seeded with the archive's seed and the ordinal, so an article's text does not depend
 * on the articles written before it, and a million articles cost a million draws of
 * sentences rather than of words (most of the time of writing the archive, before).
 */
function articleText(seed: number, ordinal: number, pool: readonly string[]): TextSource {
  // Two multiplications by odd constants: neighbouring ordinals get unrelated states.
  const mixed = Math.imul(seed ^ Math.imul(ordinal + 1, 0x9e3779b1), 0x85ebca6b) ^ (ordinal >>> 16);
  return new TextSource(seededRandom(mixed), pool);
}

export function tagSlug(index: number): string {
  return `topic-${index}`;
}

export function articleSlug(ordinal: number): string {
  return `report-${ordinal}`;
}

function body(text: TextSource, ordinal: number): string {
  const blocks = [
    text.paragraph(),
    text.paragraph(),
    "## Background",
    text.paragraph(),
    `Our [earlier report](https://example.org/reports/${ordinal}) has the context.`,
    text.paragraph(),
    text.paragraph(),
    text.paragraph(),
    `- ${text.sentence()}\n- ${text.sentence()}`,
    text.paragraph(),
    text.paragraph(),
  ];
  return blocks.join("\n\n");
}

function article(text: TextSource, ordinal: number, tagCount: number): { front: string; body: string } {
  const title = `Report ${ordinal}: ${text.words(6).join(" ")}`;
  const date = new Date(NEWEST - ordinal * HOUR).toISOString().replace(".000Z", "+00:00");
  const tags = text.tags(ordinal, tagCount);
  // JSON strings are YAML double-quoted scalars, so the title needs no escaping rules of its own.
  const front = `---\ntitle: ${JSON.stringify(title)}\ndate: ${date}\ntags: [${tags.join(", ")}]\n---\n\n`;
  return { front, body: body(text, ordinal) };
}

const SITE = {
  title: "Scale Wire",
  description: "A synthetic archive for scale benchmarks.",
  language: "en",
  domain: "scale.example",
  authors: ["Scale Desk"],
  copyright: "(c) Scale Wire",
  feed_size: 20,
};

const HUGO_CONFIG = [
  'baseURL = "https://scale.example/"',
  'title = "Scale Wire"',
  "[taxonomies]",
  'tag = "tags"',
  "[outputs]",
  'home = ["HTML", "RSS"]',
  'section = ["HTML", "RSS"]',
  'taxonomy = ["HTML", "RSS"]',
  'term = ["HTML", "RSS"]',
  "",
].join("\n");

/** Writes files a batch at a time: fast on a disk, and far below any open-file limit. */
async function writeAll(files: Iterable<[string, string]>): Promise<void> {
  let batch: Promise<void>[] = [];
  for (const [path, text] of files) {
    batch.push(writeFile(path, text));
    if (batch.length === 64) {
      await Promise.all(batch);
      batch = [];
    }
  }
  await Promise.all(batch);
}

export async function writeSyntheticArchive(options: ArchiveOptions): Promise<ArchiveWritten> {
  const { articles, tags, seed = 7, hugo = true } = options;
  if (!(articles >= 1 && tags >= 1)) throw new Error(`need at least one article and one tag, got ${articles}, ${tags}`);
  const contentDir = join(options.dir, "edgefeed");
  const hugoDir = join(options.dir, "hugo");
  await rm(options.dir, { recursive: true, force: true });
  await mkdir(join(contentDir, "articles"), { recursive: true });
  await writeFile(join(contentDir, "site.yaml"), toYaml(SITE));
  const vocabulary = Array.from({ length: tags }, (_, i) => ({ slug: tagSlug(i), name: `Topic ${i}` }));
  await writeFile(join(contentDir, "tags.yaml"), toYaml(vocabulary));
  if (hugo) {
    await mkdir(join(hugoDir, "content", "posts"), { recursive: true });
    await writeFile(join(hugoDir, "hugo.toml"), HUGO_CONFIG);
  }

  const words = new TextSource(seededRandom(seed));
  const pool = Array.from({ length: SENTENCES }, () => words.sentence());
  let bodyBytes = 0;
  function* files(): Generator<[string, string]> {
    for (let ordinal = 0; ordinal < articles; ordinal++) {
      const { front, body } = article(articleText(seed, ordinal, pool), ordinal, tags);
      bodyBytes += Buffer.byteLength(body);
      const file = `${articleSlug(ordinal)}.md`;
      yield [join(contentDir, "articles", file), `${front}${body}\n`];
      if (hugo) yield [join(hugoDir, "content", "posts", file), `${front}${body}\n`];
    }
  }
  await writeAll(files());
  return { contentDir, ...(hugo ? { hugoDir } : {}), meanBodyBytes: Math.round(bodyBytes / articles) };
}

/** Rewrites the first sentence of one article's body (an editor fixing a line), returning its path. */
export async function reviseArticle(contentDir: string, ordinal: number): Promise<string> {
  const path = join(contentDir, "articles", `${articleSlug(ordinal)}.md`);
  const text = await readFile(path, "utf8");
  const bodyStart = text.indexOf("\n---\n") + "\n---\n".length;
  const sentenceEnd = text.indexOf(". ", bodyStart);
  if (bodyStart < 5 || sentenceEnd < 0) throw new Error(`${path}: no body sentence to revise`);
  const revised = `${text.slice(0, bodyStart)}\nAn editor corrected the opening line of this report${text.slice(sentenceEnd)}`;
  await writeFile(path, revised);
  return path;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { seed: { type: "string", default: "7" }, "no-hugo": { type: "boolean", default: false } },
  });
  const [articles, tags, dir] = positionals;
  if (!articles || !tags || !dir) {
    throw new Error("usage: tsx scripts/synthetic-archive.ts N_ARTICLES N_TAGS DIR [--seed S] [--no-hugo]");
  }
  const written = await writeSyntheticArchive({
    articles: Number(articles),
    tags: Number(tags),
    dir: resolve(dir),
    seed: Number(values.seed),
    hugo: !values["no-hugo"],
  });
  console.log(
    `wrote ${articles} articles (${written.meanBodyBytes} B of Markdown each on average), ${tags} tags: ` +
      `${written.contentDir}${written.hugoDir ? ` and ${written.hugoDir}` : ""}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
