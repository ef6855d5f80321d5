/**
 * Reading YAML (site.yaml, tags.yaml, YAML front matter) with the line of every
 * node, so each problem can name its line. YAML 1.2's core schema keeps timestamps
 * as strings, so dates are parsed by our own rule, not guessed. Syntax errors are
 * explained in the publisher's words, with the right form (see yaml-mistakes.ts).
 */
import jsYaml from "js-yaml";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { Diagnostics } from "../diagnostics";
import { PARSE_OPTIONS, syntaxMistakes } from "./yaml-mistakes";

/** A path into parsed data: mapping keys and list indexes. */
export type FieldPath = readonly (string | number)[];

export interface ParsedYaml {
  data: unknown;
  /** The line of the deepest node along `path` that exists (the key's line for a mapping entry). */
  lineOf(path: FieldPath): number | undefined;
}

function lineFinder(lineCounter: LineCounter, root: Node | null, lineOffset: number) {
  const lineAt = (node: Node | null | undefined) =>
    node?.range ? lineCounter.linePos(node.range[0]).line + lineOffset : undefined;
  return (path: FieldPath): number | undefined => {
    let node: Node | null | undefined = root;
    let line = lineAt(root);
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
        if (!pair) break;
        line = lineAt(pair.key as Node) ?? line;
        node = pair.value as Node | null;
      } else if (isSeq(node) && typeof key === "number") {
        node = node.items[key] as Node | undefined;
        if (!node) break;
        line = lineAt(node) ?? line;
      } else break;
    }
    return line;
  };
}

/**
 * The plain path. Front matter is read once per article, and the yaml library, which
 * builds a whole document with every node's position, cost a seventh of a cold build's
 * CPU. Most front matter is a column of `key: value` lines, perhaps with a list under
 * a key; for text in exactly that shape js-yaml, several times faster, reads the
 * values, and the line of each key and list item is where the text puts it, at the
 * start of its own line. Anything else takes the general path: nested mappings,
 * scalars over several lines, block scalars, anchors, aliases and tags, keys YAML
 * would not read as plain strings, numbers the two libraries read differently
 * (underscores, binary, leading zeros, signed fractions), tabs and carriage returns,
 * and every text js-yaml refuses. tests/compiler/yaml.test.ts holds the two paths to
 * the same values and lines.
 */
// Trailing spaces are cut by withoutTrailingSpaces, not by the patterns: a lazy value
// before ` *$` would try every position of a long run of spaces, at the square of its length.
const KEY_LINE = /^([A-Za-z_][\w-]*):(?: +(.*))?$/;
const ITEM_LINE = /^( *)- +(.*)$/;
const BLANK_LINE = /^ *(?:#.*)?$/;
const SPECIAL_KEY = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE|__proto__)$/;
const COMMENT = "(?: +#.*)?$";
const DOUBLE_QUOTED = new RegExp(`^"(?:[^"\\\\]|\\\\.)*"${COMMENT}`);
const SINGLE_QUOTED = new RegExp(`^'(?:[^']|'')*'${COMMENT}`);
const FLOW_LIST = new RegExp(`^\\[(?:[^\\[\\]{}"'&*!|>]|"(?:[^"\\\\]|\\\\.)*"|'(?:[^']|'')*')*\\]${COMMENT}`);
/** A plain scalar may not start with an indicator (`- ` lists, `&` anchors, `!` tags, `|` blocks, …). */
const INDICATOR_START = /^[-?:,[\]{}#&*!|>%@`'"]/;

function withoutTrailingSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === " ") end--;
  return text.slice(0, end);
}

/** Whether a plain scalar could be read as a different number by js-yaml and by yaml's core schema. */
function numberRisk(scalar: string): boolean {
  const text = scalar.trim();
  if (/^[-+](?:\.|0[xob])/i.test(text)) return true;
  return /^[-+]?\.?\d/.test(text) && /_|^[-+]?0[\db]/.test(text);
}

/** Whether a value (or list item) is one the plain path reads exactly as yaml would. */
function plainScalar(value: string): boolean {
  if (value.startsWith('"')) return DOUBLE_QUOTED.test(value);
  if (value.startsWith("'")) return SINGLE_QUOTED.test(value);
  if (value.startsWith("[")) {
    return FLOW_LIST.test(value) && !value.slice(1, value.lastIndexOf("]")).split(",").some(numberRisk);
  }
  return !INDICATOR_START.test(value) && !numberRisk(value);
}

/** The plain path's reading of `text`, or undefined when it must take the general one. */
export function plainYaml(text: string, lineOffset = 0): ParsedYaml | undefined {
  if (/[\t\r]/.test(text)) return undefined;
  const keyLines = new Map<string, number>();
  const itemLines = new Map<string, number[]>();
  let listKey: string | undefined;
  let listIndent: number | undefined;
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    const number = index + 1 + lineOffset;
    if (BLANK_LINE.test(line)) continue;
    const entry = KEY_LINE.exec(line);
    if (entry) {
      const [, key = "", written] = entry;
      const value = written === undefined ? undefined : withoutTrailingSpaces(written);
      if (SPECIAL_KEY.test(key) || keyLines.has(key)) return undefined;
      if (value !== undefined && !plainScalar(value)) return undefined;
      keyLines.set(key, number);
      listKey = value === undefined ? key : undefined;
      listIndent = undefined;
      continue;
    }
    const item = ITEM_LINE.exec(line);
    if (!item || listKey === undefined) return undefined;
    const [, indent = "", written = ""] = item;
    const value = withoutTrailingSpaces(written);
    if (listIndent !== undefined && indent.length !== listIndent) return undefined;
    if (value === "" || !plainScalar(value)) return undefined;
    listIndent = indent.length;
    const listed = itemLines.get(listKey);
    if (listed) listed.push(number);
    else itemLines.set(listKey, [number]);
  }
  const root = keyLines.values().next().value;
  if (root === undefined) return undefined;
  let data: unknown;
  try {
    data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
  } catch {
    return undefined;
  }
  const lineOf = (path: FieldPath): number | undefined => {
    const [key, index] = path;
    if (key === undefined) return root;
    const line = keyLines.get(String(key));
    if (line === undefined) return root;
    // A list item's line (a flow list's items are on the key's); past the list, or anything deeper, stays where it is.
    return typeof index === "number" ? (itemLines.get(String(key))?.[index] ?? line) : line;
  };
  return { data, lineOf };
}

/**
 * Parses YAML text; on a syntax error reports it (at its line in the file, which is
 * `lineOffset` lines below the text's first line) and returns undefined. Text in the
 * plain shape most front matter has takes the plain path (see plainYaml).
 */
export function parseYaml(
  text: string,
  file: string,
  diagnostics: Diagnostics,
  lineOffset = 0,
  { general = false } = {},
): ParsedYaml | undefined {
  if (!general) {
    const plain = plainYaml(text, lineOffset);
    if (plain) return plain;
  }
  let lineCounter = new LineCounter();
  let doc = parseDocument(text, { ...PARSE_OPTIONS, lineCounter });
  if (doc.errors.length > 0) {
    const { mistakes, repaired } = syntaxMistakes(text, lineOffset);
    for (const { field, message, line, fix } of mistakes) diagnostics.error(file, field, message, line, fix);
    if (repaired === undefined) return undefined;
    // Every mistake had a right form: read on in the text with them in place, so the
    // fields' own problems are reported in the same run (every line is where it was).
    lineCounter = new LineCounter();
    doc = parseDocument(repaired, { ...PARSE_OPTIONS, lineCounter });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias bomb (more expansions than maxAliasCount) is refused rather than expanded.
    diagnostics.error(file, "", `malformed YAML: ${(error as Error).message}`, lineOffset + 1);
    return undefined;
  }
  return { data, lineOf: lineFinder(lineCounter, doc.contents as Node | null, lineOffset) };
}
