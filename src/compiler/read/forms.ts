/**
 * How a right form is written, for messages that end with one: a value the way each
 * front-matter format writes it, and where such a form can take the place of a field
 * the publisher wrote on one line (so that the form, put there, is all the fix).
 */
import { parse } from "yaml";
import type { Fix } from "../diagnostics";
import type { FrontMatterFormat } from "./front-matter";

export type FormValue = string | number | boolean | string[];

/** Whether YAML reads `text`, written bare, back as exactly that text (not a number, a list, a comment…). */
function plainInYaml(text: string, inList: boolean): boolean {
  if (text !== text.trim() || /^[-?:,[\]{}#&*!|>'"%@`]/.test(text) || /: | #|:$/.test(text)) return false;
  if (inList && /[,[\]{}]/.test(text)) return false;
  try {
    return parse(`v: ${text}`).v === text;
  } catch {
    return false;
  }
}

/** A value the way the file's own format writes it: YAML quotes only where it must. */
export function formatValue(format: FrontMatterFormat, value: FormValue, inList = false): string {
  if (Array.isArray(value)) return `[${value.map((item) => formatValue(format, item, true)).join(", ")}]`;
  if (typeof value !== "string") return String(value);
  return format === "yaml" && plainInYaml(value, inList) ? value : JSON.stringify(value);
}

export function formatField(format: FrontMatterFormat, key: string, value: FormValue): string {
  const shown = formatValue(format, value);
  if (format === "toml") return `${key} = ${shown}`;
  return format === "json" ? `"${key}": ${shown}` : `${key}: ${shown}`;
}

/**
 * The fix that puts `form` in place of YAML field `key` on `line` (1-based), when the
 * field and its value (if any) are written on that line alone: the next line is blank
 * or starts no further in than the key. Undefined otherwise (a value over several lines).
 */
export function lineFix(
  lines: readonly string[],
  line: number | undefined,
  key: string,
  form: string,
): Fix | undefined {
  if (line === undefined) return undefined;
  const column = new RegExp(`^([ \\t]*(?:-[ \\t]+)?)${key.replace(/[^\w-]/g, "\\$&")}:(?:[ \\t]|$)`).exec(
    lines[line - 1] ?? "",
  )?.[1]?.length;
  if (column === undefined) return undefined;
  const next = lines[line] ?? "";
  if (/\S/.test(next) && (/^[ \t]*/.exec(next)?.[0].length ?? 0) > column) return undefined;
  return { line, column, lines: 1, text: form };
}
