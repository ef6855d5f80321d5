/**
 * Splitting a content file into its front matter and its Markdown body, in the three
 * formats generators write: YAML between `---` lines (Hugo, Jekyll, Astro, Eleventy),
 * TOML between `+++` lines (Hugo, read with smol-toml) and a JSON object at the top
 * of the file (Hugo). Every value comes back cleaned (see record-value.ts), with the
 * line of each field, and every failure is a diagnostic naming the file and line.
 */
import { parse as parseToml, TomlError } from "smol-toml";
import type { Diagnostics } from "../diagnostics";
import { cleanValue } from "./record-value";
import { type FieldPath, parseYaml } from "./yaml";

export type FrontMatterFormat = "yaml" | "toml" | "json";

export interface FrontMatter {
  format: FrontMatterFormat;
  data: unknown;
  body: string;
  /** The line of the file the body starts on. */
  bodyLine: number;
  lineOf(path: FieldPath): number | undefined;
}

const YAML_BLOCK = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
const TOML_BLOCK = /^\+\+\+[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?\+\+\+[ \t]*(?:\r?\n|$)/;

const NO_FRONT_MATTER =
  "no front matter: the file must start with a line `---`, YAML fields, and a closing `---` (or TOML between `+++` lines, or a JSON object)";

function lineCount(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Lines of top-level TOML keys (`key = …`, or a `[key]` table) before any table header. */
function tomlLineFinder(text: string, lineOffset: number) {
  const lines = text.split("\n");
  return (path: FieldPath): number | undefined => {
    if (path.length === 0) return lineOffset + 1;
    const key = escapeRegExp(String(path[0]));
    const name = `(?:${key}|"${key}"|'${key}')`;
    const entry = new RegExp(`^\\s*${name}\\s*=`);
    const header = new RegExp(`^\\s*\\[\\[?\\s*${name}\\s*[\\].]`);
    let inTable = false;
    for (const [index, line] of lines.entries()) {
      if (header.test(line) || (!inTable && entry.test(line))) return index + 1 + lineOffset;
      if (/^\s*\[/.test(line)) inTable = true;
    }
    return undefined;
  };
}

/** Lines of JSON keys: the first `"key":` of the deepest path element found. */
function jsonLineFinder(text: string, lineOffset: number) {
  return (path: FieldPath): number | undefined => {
    let line: number | undefined = lineOffset + 1;
    let from = 0;
    for (const key of path) {
      if (typeof key === "number") continue;
      const found = new RegExp(`${escapeRegExp(JSON.stringify(key))}\\s*:`).exec(text.slice(from));
      if (!found) break;
      from += found.index;
      line = lineCount(text.slice(0, from)) + 1 + lineOffset;
    }
    return line;
  };
}

/** Index just past the `}` that closes the JSON object starting at 0, or -1 if it never closes. */
function jsonObjectEnd(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{" || char === "[") depth++;
    else if (char === "}" || char === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function readJson(source: string, file: string, diagnostics: Diagnostics): FrontMatter | undefined {
  const end = jsonObjectEnd(source);
  if (end < 0) {
    diagnostics.error(file, "", "the JSON front matter that opens with { on line 1 never closes with its }", 1);
    return undefined;
  }
  const json = source.slice(0, end);
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    const message = (error as Error).message;
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? Number.NaN);
    const line = Number.isNaN(position) ? 1 : lineCount(json.slice(0, position)) + 1;
    diagnostics.error(
      file,
      "",
      `malformed JSON front matter: ${message.replace(/ in JSON at position \d+.*$/, "")}`,
      line,
    );
    return undefined;
  }
  const rest = source.slice(end).replace(/^[ \t]*\r?\n/, "");
  return {
    format: "json",
    data: cleanValue(data),
    body: rest,
    bodyLine: lineCount(source.slice(0, source.length - rest.length)) + 1,
    lineOf: jsonLineFinder(json, 0),
  };
}

function readToml(match: RegExpExecArray, file: string, diagnostics: Diagnostics, source: string) {
  const text = match[1] ?? "";
  let data: unknown;
  try {
    data = parseToml(text);
  } catch (error) {
    const line = error instanceof TomlError ? error.line + 1 : 1;
    const message = (error as Error).message.split("\n")[0]?.replace(/^Invalid TOML document: /, "") ?? "";
    diagnostics.error(file, "", `malformed TOML: ${message}`, line);
    return undefined;
  }
  const frontMatter: FrontMatter = {
    format: "toml",
    data: cleanValue(data),
    body: source.slice(match[0].length),
    bodyLine: lineCount(match[0]) + 1,
    lineOf: tomlLineFinder(text, 1),
  };
  return frontMatter;
}

/** Splits a record into its front matter (parsed) and Markdown body. */
export function readFrontMatter(text: string, file: string, diagnostics: Diagnostics): FrontMatter | undefined {
  const source = text.replace(/^\uFEFF/, "");
  if (source.startsWith("{")) return readJson(source, file, diagnostics);
  const toml = TOML_BLOCK.exec(source);
  if (toml) return readToml(toml, file, diagnostics, source);
  const yaml = YAML_BLOCK.exec(source);
  if (!yaml) {
    const opener = /^(---|\+\+\+)[ \t]*\r?\n/.exec(source)?.[1];
    const message = opener
      ? `the front matter that opens with ${opener} on line 1 never closes: end it with a line ${opener}`
      : NO_FRONT_MATTER;
    diagnostics.error(file, "", message, 1);
    return undefined;
  }
  const parsed = parseYaml(yaml[1] ?? "", file, diagnostics, 1);
  if (!parsed) return undefined;
  return {
    format: "yaml",
    data: cleanValue(parsed.data),
    body: source.slice(yaml[0].length),
    bodyLine: lineCount(yaml[0]) + 1,
    lineOf: parsed.lineOf,
  };
}
