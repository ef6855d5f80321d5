/**
 * Reading YAML and front matter. Records are Markdown files with a YAML block between
 * `---` lines (the Hugo/Jekyll/Astro convention). YAML 1.2's core schema keeps
 * timestamps as strings, so dates are parsed by our own strict rule, not guessed.
 */
import { parseDocument } from "yaml";
import type { Diagnostics } from "./diagnostics";

export interface FrontMatterFile {
  data: unknown;
  body: string;
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** Parses YAML text, reporting syntax errors (with line numbers) instead of throwing. */
export function parseYaml(text: string, file: string, diagnostics: Diagnostics, lineOffset = 0): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = text.slice(0, error.pos[0]).split("\n").length + lineOffset;
      const at = ` (line ${line})`;
      diagnostics.error(file, "", `malformed YAML${at}: ${error.message.split("\n")[0]}`);
    }
    return undefined;
  }
  return doc.toJS({ maxAliasCount: 100 });
}

/** Splits a record into its front matter (parsed) and Markdown body. */
export function readFrontMatter(text: string, file: string, diagnostics: Diagnostics): FrontMatterFile | undefined {
  const source = text.replace(/^\uFEFF/, "");
  const match = FRONT_MATTER.exec(source);
  if (!match) {
    diagnostics.error(
      file,
      "",
      "no front matter: the file must start with a line `---`, YAML fields, and a closing `---`",
    );
    return undefined;
  }
  const errorsBefore = diagnostics.errors.length;
  const data = parseYaml(match[1] ?? "", file, diagnostics, 1);
  if (diagnostics.errors.length > errorsBefore) return undefined;
  return { data, body: source.slice(match[0].length) };
}
