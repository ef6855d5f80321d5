/**
 * Build diagnostics. The compiler never stops at the first problem: it collects
 * every error and warning, each naming the file, the line, the field and what is
 * wrong (with the right form where there is one), so a publisher fixes a broken
 * archive in one pass.
 */

export type Severity = "error" | "warning";

export interface Diagnostic {
  severity: Severity;
  /** Path relative to the content directory, e.g. `articles/hello.md`. */
  file: string;
  /** 1-based line in `file` the problem is on, when it is known. */
  line?: number;
  /** Dotted field path, e.g. `source.url`; empty when the whole file is concerned. */
  field: string;
  message: string;
}

export class Diagnostics {
  readonly list: Diagnostic[] = [];

  error(file: string, field: string, message: string, line?: number): void {
    this.push("error", file, field, message, line);
  }

  warning(file: string, field: string, message: string, line?: number): void {
    this.push("warning", file, field, message, line);
  }

  /** Takes over diagnostics collected elsewhere (say, by the pure article reader). */
  add(diagnostics: readonly Diagnostic[]): void {
    this.list.push(...diagnostics);
  }

  get errors(): Diagnostic[] {
    return this.list.filter((d) => d.severity === "error");
  }

  get warnings(): Diagnostic[] {
    return this.list.filter((d) => d.severity === "warning");
  }

  private push(severity: Severity, file: string, field: string, message: string, line?: number): void {
    const diagnostic: Diagnostic = { severity, file, field, message };
    if (line !== undefined) diagnostic.line = line;
    this.list.push(diagnostic);
  }
}

/**
 * `error: articles/a.md:3: tags: <problem>`. A message that already starts with its
 * field's name ("tags is a list: …") is not prefixed with it a second time.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const file = d.line === undefined ? d.file : `${d.file}:${d.line}`;
  const named = d.field === "" || d.message.startsWith(`${d.field} `);
  return `${d.severity}: ${file}: ${named ? "" : `${d.field}: `}${d.message}`;
}
