/**
 * Fuzzing the readers with fast-check: the fixtures cut at random points, with random
 * bytes changed or random text inserted, and random documents altogether. Whatever
 * comes in, the import never throws: it either writes records or returns clear errors
 * (each naming the source), and after an error nothing at all has been written.
 * `FUZZ_RUNS=600 npx vitest run --project node tests/import/fuzz.test.ts` runs a longer campaign.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ImportError, ImportProblems } from "../../src/import/problems";
import { readDocument } from "../../src/import/read";
import { fixture, importInto, snapshot, writtenRecords, ALL_SOURCES } from "./support";

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
/** Every run is a whole import on a busy machine: generous, and larger for longer campaigns. */
const TIME_LIMIT_MS = 30_000 + RUNS * 200;

const fixtures = await Promise.all(
  ALL_SOURCES.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(fixture(name))) })),
);

/** Imports the bytes as a file into a fresh content directory and checks the outcome is clean. */
async function importsCleanly(name: string, bytes: Uint8Array): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-fuzz-"));
  try {
    const source = join(dir, name);
    await writeFile(source, bytes);
    const content = join(dir, "content");
    const report = await importInto(content, source);
    if (report.ok) {
      expect(report.errors).toEqual([]);
      const records = await writtenRecords(content).catch(() => []);
      for (const record of records) expect(typeof record.fields.id).toBe("string");
    } else {
      expect(report.errors.length).toBeGreaterThan(0);
      for (const error of report.errors) expect(error.startsWith(source)).toBe(true);
      expect((await snapshot(content)).size).toBe(0);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const oneFixture = fc.constantFrom(...fixtures);

describe("fuzzing the import", () => {
  it(
    "survives a fixture cut at any point",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          oneFixture.chain((f) => fc.record({ f: fc.constant(f), at: fc.integer({ min: 0, max: f.bytes.length }) })),
          ({ f, at }) => importsCleanly(f.name, f.bytes.subarray(0, at)),
        ),
        { numRuns: RUNS },
      );
    },
    TIME_LIMIT_MS,
  );

  it(
    "survives random bytes changed in a fixture",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          oneFixture.chain((f) =>
            fc.record({
              f: fc.constant(f),
              changes: fc.array(fc.tuple(fc.nat({ max: f.bytes.length - 1 }), fc.integer({ min: 0, max: 255 })), {
                minLength: 1,
                maxLength: 6,
              }),
            }),
          ),
          ({ f, changes }) => {
            const bytes = f.bytes.slice();
            for (const [at, value] of changes) bytes[at] = value;
            return importsCleanly(f.name, bytes);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIME_LIMIT_MS,
  );

  it(
    "survives hostile text inserted anywhere in a fixture",
    async () => {
      const hostile = fc.oneof(
        fc.string(),
        fc.string({ unit: "binary" }),
        fc.constantFrom(
          "<",
          "&",
          "]]>",
          "<!--",
          "&#0;",
          "\uFFFE",
          "<script>",
          "<!DOCTYPE x [<!ENTITY a 'b'>]>",
          "\u0000",
          '"',
          "{",
          "}",
        ),
      );
      await fc.assert(
        fc.asyncProperty(
          oneFixture.chain((f) => fc.record({ f: fc.constant(f), at: fc.nat({ max: f.bytes.length }), text: hostile })),
          ({ f, at, text }) => {
            const inserted = new TextEncoder().encode(text);
            const bytes = new Uint8Array([...f.bytes.subarray(0, at), ...inserted, ...f.bytes.subarray(at)]);
            return importsCleanly(f.name, bytes);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIME_LIMIT_MS,
  );

  it(
    "reads random documents into items or an ImportError, never anything else",
    () => {
      const document = fc.oneof(
        fc.uint8Array({ maxLength: 400 }),
        fc.string({ unit: "binary", maxLength: 400 }).map((text) => new TextEncoder().encode(text)),
        fc.json().map((text) => new TextEncoder().encode(text)),
        fc
          .string()
          .map((text) => new TextEncoder().encode(`<rss version="2.0"><channel><item>${text}</item></channel></rss>`)),
        fc
          .string()
          .map((text) => new TextEncoder().encode(`{"version":"https://jsonfeed.org/version/1.1","items":[${text}]}`)),
      );
      fc.assert(
        fc.property(document, (bytes) => {
          const problems = new ImportProblems();
          try {
            const page = readDocument(bytes, { source: "random", problems });
            expect(Array.isArray(page.items)).toBe(true);
            for (const error of problems.errors) expect(error.startsWith("random")).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(ImportError);
            expect((error as ImportError).message.startsWith("random")).toBe(true);
          }
        }),
        { numRuns: RUNS * 20 },
      );
    },
    TIME_LIMIT_MS,
  );
});
