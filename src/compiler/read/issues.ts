/**
 * Turning a zod validation failure into diagnostics: one per problem, at the field's
 * dotted path and the line it is written on, in a publisher's words (never zod's own
 * "Invalid input: expected number, received string"), with the right form: the
 * publisher's own value put right when a change of type or case is all it needs (that
 * form can replace its line as it is), else an example of the field.
 */
import type { z } from "zod";
import { slugify } from "../../text/slug";
import type { Diagnostics } from "../diagnostics";
import { type FormValue, formatField, lineFix } from "./forms";
import type { FieldPath } from "./yaml";

/** The value at a zod issue path, to tell a missing field from a wrong one. */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** `source.url`, `aliases[2]`. */
export function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
}

const KINDS: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping of fields",
};

/**
 * What a value must be, in a publisher's words, for every check whose schema gives no
 * message of its own. Passed to zod as the `error` of a parse.
 */
export const publisherWords: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined) return "is required";
      if (issue.input === null) return "is empty";
      const kind = KINDS[issue.expected] ?? issue.expected;
      const numeric = typeof issue.input === "string" && /^\s*[-+]?\d+(?:\.\d+)?\s*$/.test(issue.input);
      if ((issue.expected === "number" || issue.expected === "int") && numeric) {
        return `must be ${kind}, written without quotes`;
      }
      return `must be ${kind}`;
    }
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "must not be empty" : "is too short";
      if (issue.origin === "array") return `must hold at least ${issue.minimum}`;
      return `must be at least ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "string") return `must be at most ${issue.maximum} characters`;
      if (issue.origin === "array") return `must hold at most ${issue.maximum}`;
      return `must be at most ${issue.maximum}`;
    case "invalid_value":
      return `must be ${issue.values.map(String).join(" or ")}`;
    case "invalid_union":
      return "is not in a form this field takes";
    default:
      return undefined;
  }
};

/**
 * The publisher's value put right, when a change of type, case or spelling is all it
 * needs (`"10"` for a number, `2024` for a name, a single name for a list of them,
 * `Bad Slug` for a slug): what was meant, kept. Undefined when no such change makes
 * the field valid.
 */
function putRight(schema: z.ZodType | undefined, value: unknown): FormValue | undefined {
  if (!schema) return undefined;
  const candidates: FormValue[] = [];
  if (typeof value === "number") candidates.push(String(value), [String(value)]);
  if (typeof value === "string") {
    const text = value.trim();
    if (/^[-+]?\d+(?:\.\d+)?$/.test(text)) candidates.push(Number(text));
    const list = text.includes(",") ? text.split(",").map((item) => item.trim()) : [text];
    candidates.push(text, text.toLowerCase(), slugify(text), list.filter(Boolean));
  }
  return candidates.find((candidate) => schema.safeParse(candidate).success);
}

/** A message with an example of the field at its end, unless it shows a form already. */
export function withExample(message: string, example: string | undefined): string {
  if (!example || /such as|e\.g\./.test(message) || message.includes(`${example.split(":")[0]}: `)) return message;
  return `${message}, such as ${example}`;
}

/** Where a record's issues are reported: its file, text and lines, and an example of each field. */
export interface RecordSource {
  file: string;
  /** The file's lines, so that a right form can take a line's place. */
  lines: readonly string[];
  lineOf(path: FieldPath): number | undefined;
  /** Each field written right, by name (`feed_size: 20`). */
  forms?: Readonly<Record<string, string>>;
  /** The schema of each field, to check a value put right. */
  shape?: Readonly<Record<string, z.ZodType>>;
}

export function reportIssues(
  diagnostics: Diagnostics,
  source: RecordSource,
  data: unknown,
  error: z.ZodError,
  prefix: FieldPath = [],
): void {
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path] as (string | number)[];
    const value = valueAt(data, issue.path);
    const missing = issue.path.length > 0 && value === undefined;
    const line = source.lineOf(missing ? path.slice(0, -1) : path);
    // A message that says why a field is required says more than "is required".
    let message = missing && !issue.message.startsWith("is required") ? "is required" : issue.message;
    const key = issue.path.length === 1 && typeof issue.path[0] === "string" ? issue.path[0] : undefined;
    const right = key === undefined || missing ? undefined : putRight(source.shape?.[key], value);
    if (key !== undefined && right !== undefined) {
      const form = formatField("yaml", key, right);
      diagnostics.error(source.file, key, `${message}: ${form}`, line, lineFix(source.lines, line, key, form));
      continue;
    }
    // A field inside another (site.yaml's authors[0].url) is shown by the outer field's form.
    const outer = issue.path[0];
    const example = typeof outer === "string" ? source.forms?.[outer] : undefined;
    if (missing && issue.path.length === 1) {
      if (withExample(message, example) !== message) message = `${message}: add a line such as ${example}`;
    } else if (value === null) message = withExample(`${message}: fill it in`, example);
    else message = withExample(message, example);
    diagnostics.error(source.file, fieldName(issue.path), message, line);
  }
}
