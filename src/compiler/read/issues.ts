/**
 * Turning a zod validation failure into diagnostics: one per problem, at the field's
 * dotted path and the line it is written on, telling a missing field from a wrong one.
 */
import type { z } from "zod";
import type { Diagnostics } from "../diagnostics";
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

export function reportIssues(
  diagnostics: Diagnostics,
  file: string,
  data: unknown,
  error: z.ZodError,
  lineOf: (path: FieldPath) => number | undefined,
  prefix: FieldPath = [],
): void {
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path] as (string | number)[];
    const missing = issue.path.length > 0 && valueAt(data, issue.path) === undefined;
    // A message that says why a field is required says more than "is required".
    const message = missing && !issue.message.startsWith("is required") ? "is required" : issue.message;
    diagnostics.error(file, fieldName(issue.path), message, lineOf(missing ? path.slice(0, -1) : path));
  }
}
