/**
 * Build diagnostics. The compiler never stops at the first problem: it collects
 * every error and warning, each naming the file, the field and what is wrong, so a
 * publisher fixes a broken archive in one pass.
 */

export type Severity = "error" | "warning";

export interface Diagnostic {
  severity: Severity;
  /** Path relative to the content directory, e.g. `articles/hello.md`. */
  file: string;
  /** Dotted field path, e.g. `source.url`; empty when the whole file is concerned. */
  field: string;
  message: string;
}

export class Diagnostics {
  readonly list: Diagnostic[] = [];

  error(file: string, field: string, message: string): void {
    this.list.push({ severity: "error", file, field, message });
  }

  warning(file: string, field: string, message: string): void {
    this.list.push({ severity: "warning", file, field, message });
  }

  get errors(): Diagnostic[] {
    return this.list.filter((d) => d.severity === "error");
  }

  get warnings(): Diagnostic[] {
    return this.list.filter((d) => d.severity === "warning");
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.field ? `${d.file}: ${d.field}` : d.file;
  return `${d.severity}: ${where}: ${d.message}`;
}
