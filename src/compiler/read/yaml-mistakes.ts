/**
 * YAML syntax errors in a publisher's words, each at the line to change and, where we
 * can tell what was meant, with the right form: quotes round a value that holds ": ",
 * a list or mapping closed, a value continued on an indented line joined into one
 * quoted line, a field lined up with the fields beside it, spaces for a tab, a quote
 * closed. A right form is offered only when, put in place, the text parses there and
 * the value is the one written. It is then put in place (keeping every line where it
 * was) to look for the next error, so all of a file's syntax errors come at once.
 */
import { isDeepStrictEqual } from "node:util";
import { LineCounter, parseDocument } from "yaml";
import type { Fix } from "../diagnostics";

export const PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: false, strict: true } as const;

export interface SyntaxMistake {
  /** 1-based line of the file (the text's own, below `lineOffset` lines of the file). */
  line: number;
  field: string;
  message: string;
  /** The right form the message ends with, in lines of the file. */
  fix?: Fix;
}

interface YamlError {
  line: number;
  code: string;
  message: string;
}

/** What was learnt about one error: the mistake, and how to read on past it. */
interface Explained {
  mistake: SyntaxMistake;
  /** A change that lets the reading go on when there is no right form to show (a duplicate field). */
  recover?: Fix;
}

/** Errors cascade; the first is the one to explain, and the next after it is put right. */
const MAX_MISTAKES = 20;

/** `key: value`, perhaps as a list entry (`- key: value`): where the key starts, and its value. */
const KEY_LINE = /^([ \t]*(?:-[ \t]+)?)([A-Za-z_][\w-]*):(?:[ \t]+(.*?))?[ \t]*$/;
/** A key written without the space YAML needs after its colon: `title:Talks`. */
const NO_SPACE = /^([ \t]*(?:-[ \t]+)?)([A-Za-z_][\w-]*):([^\s/].*?)[ \t]*$/;
/** A value that is meant as a structure (a list, a mapping, a block, an anchor): quoting would make it text. */
const STRUCTURE_START = /^[[{|>&*!-]/;

interface KeyLine {
  /** Column of the key (after any indentation and list dash). */
  column: number;
  key: string;
  value: string;
}

function keyLine(line: string | undefined): KeyLine | undefined {
  const match = KEY_LINE.exec(line ?? "");
  if (!match) return undefined;
  return { column: (match[1] ?? "").length, key: match[2] ?? "", value: match[3] ?? "" };
}

function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)?.[0].length ?? 0;
}

function isBlank(line: string | undefined): boolean {
  return /^\s*(?:#.*)?$/.test(line ?? "");
}

function firstError(text: string): YamlError | undefined {
  const lineCounter = new LineCounter();
  const error = parseDocument(text, { ...PARSE_OPTIONS, lineCounter }).errors[0];
  if (!error) return undefined;
  return {
    line: lineCounter.linePos(error.pos[0]).line,
    code: error.code,
    message: error.message.split("\n")[0] ?? "",
  };
}

/** The text with the fix in place, every other line where it was (the lines it joined become blank). */
function applyFix(lines: readonly string[], fix: Fix): string[] {
  const head = (lines[fix.line - 1] ?? "").slice(0, fix.column);
  const fixed = [...lines];
  fixed.splice(fix.line - 1, fix.lines, head + fix.text, ...Array<string>(fix.lines - 1).fill(""));
  return fixed;
}

/**
 * Whether the fix puts the text right where it stands (any error left is further
 * down) and, when `meant` is given, its line reads as exactly that value.
 */
function holds(lines: readonly string[], fix: Fix, meant?: unknown): boolean {
  const fixed = applyFix(lines, fix);
  const error = firstError(fixed.join("\n"));
  if (error && error.line < fix.line + fix.lines) return false;
  if (meant === undefined) return true;
  const alone = parseDocument(fix.text, PARSE_OPTIONS);
  if (alone.errors.length > 0) return false;
  const value: unknown = alone.toJS();
  return typeof value === "object" && value !== null && isDeepStrictEqual(Object.values(value)[0], meant);
}

/** Text as one YAML scalar that reads back as exactly that text: double quotes, or single ones around a `"`. */
function quoted(text: string): string {
  return text.includes('"') && !text.includes("'") ? `'${text}'` : JSON.stringify(text);
}

function mistake(line: number, field: string, message: string, fix?: Fix): Explained {
  return { mistake: fix ? { line, field, message, fix } : { line, field, message } };
}

/** A line indented with a tab: the same line with the spaces its neighbours use. */
function tabbed(lines: readonly string[], error: YamlError): Explained | undefined {
  // The parser notices on the tab's line or the one after it.
  const index = [error.line - 2, error.line - 1, error.line].find((i) => /^[ -]*\t/.test(lines[i] ?? ""));
  if (index === undefined) return undefined;
  const message = "a tab indents this line; YAML is indented with spaces only";
  const line = lines[index] ?? "";
  const field = keyLine(line)?.key ?? "";
  let above = index - 1;
  while (above >= 0 && isBlank(lines[above])) above--;
  if (!/^[ \t]+\S/.test(line) || above < 0) return mistake(index + 1, field, message);
  const previous = lines[above] ?? "";
  const owner = keyLine(previous);
  // Under a field that opens a block, one step in; otherwise level with the line above.
  const column = owner ? owner.column + (owner.value === "" ? 2 : 0) : indentOf(previous);
  const fix = { line: index + 1, column: 0, lines: 1, text: `${" ".repeat(column)}${line.trimStart()}` };
  if (!holds(lines, fix)) return mistake(index + 1, field, message);
  return mistake(index + 1, field, `${message}: indent it with ${column} spaces: ${line.trim()}`, fix);
}

/** A quote that opens a value and never closes: the value closed at the end of its line. */
function unclosedQuote(lines: readonly string[], error: YamlError): Explained | undefined {
  const quote = /^Missing closing (["'])quote/.exec(error.message)?.[1];
  if (!quote) return undefined;
  // The parser notices at the end of the text; the publisher needs the line the quote opened on.
  const index = lines.slice(0, error.line).findLastIndex((line) => new RegExp(`:\\s+${quote}`).test(line));
  if (index < 0) return undefined;
  const written = keyLine(lines[index]);
  const message = `the ${quote} that opens this value never closes: end the value with ${quote}`;
  if (!written) return mistake(index + 1, "", message);
  const fix = { line: index + 1, column: written.column, lines: 1, text: `${written.key}: ${written.value}${quote}` };
  if (!holds(lines, fix)) return mistake(index + 1, written.key, message);
  return mistake(index + 1, written.key, `${message}: ${fix.text}`, fix);
}

/** How far a line's `[` or `{` outnumber their closers, quoted text aside. */
function unbalanced(line: string, open: string, close: string): number {
  const bare = line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, "");
  return bare.split(open).length - bare.split(close).length;
}

/** A list or mapping whose `]` or `}` is missing: closed on the line it opened on. */
function unclosedFlow(lines: readonly string[], error: YamlError): Explained | undefined {
  const close = /end with an? ([\]}])/.exec(error.message)?.[1];
  if (!close) return undefined;
  const open = close === "]" ? "[" : "{";
  const index = lines.slice(0, error.line).findLastIndex((line) => unbalanced(line, open, close) > 0);
  const written = keyLine(lines[index]);
  if (index < 0 || !written) return undefined;
  const what = close === "]" ? "list" : "mapping";
  const message = `the ${what} that opens with ${open} never closes: end it with ${close}`;
  const spaced = written.value.startsWith(`${open} `) ? " " : "";
  const text = `${written.key}: ${written.value}${spaced}${close}`;
  const fix = { line: index + 1, column: written.column, lines: 1, text };
  if (parseDocument(text, PARSE_OPTIONS).errors.length > 0 || !holds(lines, fix)) {
    return mistake(index + 1, written.key, message);
  }
  return mistake(index + 1, written.key, `${message}: ${text}`, fix);
}

/** One `]` or `}` too many at the end of a list or mapping. */
function surplusCloser(lines: readonly string[], error: YamlError): Explained | undefined {
  const kind = /flow-(seq|map)-end/.exec(error.message)?.[1];
  const close = kind === "seq" ? "]" : kind === "map" ? "}" : "";
  const written = keyLine(lines[error.line - 1]);
  if (!close || !written) return undefined;
  const at = written.value.lastIndexOf(close);
  const text = `${written.key}: ${written.value.slice(0, at)}${written.value.slice(at + 1)}`.trimEnd();
  const fix = { line: error.line, column: written.column, lines: 1, text };
  const message = `one ${close} too many closes this ${close === "]" ? "list" : "mapping"}`;
  if (!holds(lines, fix)) return mistake(error.line, written.key, message);
  return mistake(error.line, written.key, `${message}: ${text}`, fix);
}

/** A quoted value with more after its closing quote (`'It's here'`): the whole value in the other quotes. */
function quotesCloseEarly(lines: readonly string[], error: YamlError): Explained | undefined {
  if (!/^Unexpected scalar/.test(error.message)) return undefined;
  const written = keyLine(lines[error.line - 1]);
  const quote = written?.value[0];
  if (!written || (quote !== '"' && quote !== "'")) return undefined;
  const enclosed = written.value.length > 1 && written.value.endsWith(quote);
  const meant = enclosed ? written.value.slice(1, -1) : written.value;
  const fix = { line: error.line, column: written.column, lines: 1, text: `${written.key}: ${quoted(meant)}` };
  const message = `the ${quote} inside the value ends it early: quote the whole value the other way`;
  if (!holds(lines, fix, meant)) return mistake(error.line, written.key, message);
  return mistake(error.line, written.key, `${message}: ${fix.text}`, fix);
}

/**
 * A line indented further (or less) than the fields it belongs with, so YAML reads it
 * as part of the value above it: the same line, level with those fields.
 */
function misaligned(lines: readonly string[], index: number, owner: KeyLine): Explained | undefined {
  const line = lines[index] ?? "";
  const written = keyLine(line);
  if (!written || /^\s*-/.test(line)) return undefined;
  const fix = { line: index + 1, column: 0, lines: 1, text: `${" ".repeat(owner.column)}${line.trimStart()}` };
  if (!holds(lines, fix)) return undefined;
  const how = indentOf(line) > owner.column ? "further than" : "less than";
  const where = owner.column === 0 ? "at the beginning of the line" : `${owner.column} spaces in`;
  const message = `is indented ${how} ${owner.key} above it, so YAML cannot read it as a field beside ${owner.key}: line it up with ${owner.key}, ${where}: ${line.trim()}`;
  return mistake(index + 1, written.key, message, fix);
}

/** A value that goes on over indented lines holding ": ": the whole value on one quoted line. */
function continued(lines: readonly string[], index: number, owner: KeyLine, offset: number): Explained | undefined {
  let last = index;
  while (!isBlank(lines[last + 1]) && indentOf(lines[last + 1] ?? "") > owner.column) last++;
  if (last === index || /^["']/.test(owner.value)) return undefined;
  const meant = [owner.value, ...lines.slice(index + 1, last + 1).map((line) => line.trim())].join(" ");
  const text = `${owner.key}: ${quoted(meant)}`;
  const fix = { line: index + 1, column: owner.column, lines: last - index + 1, text };
  if (!holds(lines, fix, meant)) return undefined;
  const [from, to] = [index + 2 + offset, last + 1 + offset];
  const over = from === to ? `line ${from}` : `lines ${from}–${to}`;
  const message = `${owner.key} goes on over ${over}, where YAML takes the ": " for a new field: write it on one line, in quotes: ${text}`;
  return mistake(index + 1, owner.key, message, fix);
}

/** A value YAML reads as more than text (`Colon: in title`, `@handle`): the value in quotes. */
function needsQuotes(lines: readonly string[], index: number): Explained | undefined {
  const written = keyLine(lines[index]);
  if (!written || written.value === "" || STRUCTURE_START.test(written.value) || /^["']/.test(written.value)) {
    return undefined;
  }
  const text = `${written.key}: ${quoted(written.value)}`;
  const fix = { line: index + 1, column: written.column, lines: 1, text };
  if (!holds(lines, fix, written.value)) return undefined;
  return mistake(index + 1, written.key, `put the ${written.key} in quotes: ${text}`, fix);
}

/** `title:Talks`: the space after the colon. */
function missingSpace(lines: readonly string[], index: number): Explained | undefined {
  const match = NO_SPACE.exec(lines[index] ?? "");
  if (!match) return undefined;
  const [, head = "", key = "", value = ""] = match;
  const fix = { line: index + 1, column: head.length, lines: 1, text: `${key}: ${value}` };
  if (!holds(lines, fix)) return undefined;
  return mistake(index + 1, key, `a space must follow the colon after ${key}: ${fix.text}`, fix);
}

/** Errors YAML reports on a field whose value it could not read: each cause we can tell, tried in turn. */
function fieldTrouble(lines: readonly string[], error: YamlError, offset: number): Explained | undefined {
  const index = error.line - 1;
  const owner = keyLine(lines[index]);
  const next = index + 1;
  if (owner && owner.value !== "" && !isBlank(lines[next]) && indentOf(lines[next] ?? "") > owner.column) {
    const found = misaligned(lines, next, owner) ?? continued(lines, index, owner, offset);
    if (found) return found;
  }
  if (/without - indicator/.test(error.message)) {
    // A field indented less than the entry it belongs to: level with the entry's fields.
    let above = index - 1;
    while (above >= 0 && !keyLine(lines[above])) above--;
    const entry = keyLine(lines[above]);
    if (entry) return misaligned(lines, index, entry);
  }
  return needsQuotes(lines, index) ?? missingSpace(lines, index);
}

/** A field written twice: YAML keeps neither reading safe; the publisher deletes one. */
function duplicate(lines: readonly string[], error: YamlError, offset: number): Explained | undefined {
  if (error.code !== "DUPLICATE_KEY") return undefined;
  const written = keyLine(lines[error.line - 1]);
  if (!written) return undefined;
  const first = lines
    .slice(0, error.line - 1)
    .findIndex((line) => keyLine(line)?.key === written.key && keyLine(line)?.column === written.column);
  const where = first >= 0 ? `here and on line ${first + 1 + offset}` : "twice";
  return {
    mistake: {
      line: error.line,
      field: written.key,
      message: `${written.key} is written ${where}: delete the line you do not mean`,
    },
    recover: { line: error.line, column: 0, lines: 1, text: "" },
  };
}

function explain(lines: readonly string[], error: YamlError, offset: number): Explained {
  // The yaml library reports running out of stack as an error at the place it got to.
  if (/call stack/i.test(error.message)) {
    return mistake(error.line, "", "nested too deeply to be read: lists and mappings here nest hundreds of levels");
  }
  const found =
    tabbed(lines, error) ??
    unclosedQuote(lines, error) ??
    unclosedFlow(lines, error) ??
    surplusCloser(lines, error) ??
    quotesCloseEarly(lines, error) ??
    duplicate(lines, error, offset) ??
    fieldTrouble(lines, error, offset);
  return found ?? mistake(error.line, "", `malformed YAML: ${error.message}`);
}

/**
 * Every syntax mistake of a YAML text that starts `lineOffset` lines into its file, in
 * line order, and the text with each right form put in place when every mistake had
 * one (else undefined: reading stops there).
 */
export function syntaxMistakes(text: string, lineOffset = 0): { mistakes: SyntaxMistake[]; repaired?: string } {
  let lines = text.split(/\r?\n/);
  const mistakes: SyntaxMistake[] = [];
  let repaired: string | undefined;
  for (let round = 0; round < MAX_MISTAKES; round++) {
    const error = firstError(lines.join("\n"));
    if (!error) {
      repaired = lines.join("\n");
      break;
    }
    const { mistake: found, recover } = explain(lines, error, lineOffset);
    const onward = found.fix ?? recover;
    const fix = found.fix && { ...found.fix, line: found.fix.line + lineOffset };
    mistakes.push({ ...found, line: found.line + lineOffset, ...(fix ? { fix } : {}) });
    if (!onward) break;
    lines = applyFix(lines, onward);
  }
  mistakes.sort((a, b) => a.line - b.line);
  return repaired === undefined ? { mistakes } : { mistakes, repaired };
}
