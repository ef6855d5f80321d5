/**
 * Build diagnostics. The compiler never stops at the first problem: it collects
 * every error and warning, each naming the file, the line, the field and what is
 * wrong (with the right form where there is one), so a publisher fixes a broken
 * archive in one pass.
 */

export type Severity = "error" | "warning";

/**
 * The right form a message ends with, as the publisher puts it in place: `text` instead
 * of line `line` from column `column` on, and of the `lines - 1` lines after it.
 */
export interface Fix {
  line: number;
  column: number;
  lines: number;
  text: string;
}

export interface Diagnostic {
  severity: Severity;
  /** Path relative to the content directory, e.g. `articles/hello.md`. */
  file: string;
  /** 1-based line in `file` the problem is on, when it is known. */
  line?: number;
  /** Dotted field path, e.g. `source.url`; empty when the whole file is concerned. */
  field: string;
  message: string;
  /** Present when the message ends with a right form that can be put in place as it is. */
  fix?: Fix;
}

export class Diagnostics {
  readonly list: Diagnostic[] = [];

  error(file: string, field: string, message: string, line?: number, fix?: Fix): void {
    this.push("error", file, field, message, line, fix);
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

  /**
   * Every diagnostic, each file's in the order of its lines (whole-file ones first), the
   * files in the order they were first reported: the order a publisher fixes them in.
   */
  inLineOrder(): Diagnostic[] {
    const files = new Map<string, Diagnostic[]>();
    for (const d of this.list) {
      const list = files.get(d.file);
      if (list) list.push(d);
      else files.set(d.file, [d]);
    }
    return [...files.values()].flatMap((list) => list.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  }

  private push(severity: Severity, file: string, field: string, message: string, line?: number, fix?: Fix): void {
    const diagnostic: Diagnostic = { severity, file, field, message };
    if (line !== undefined) diagnostic.line = line;
    if (fix) diagnostic.fix = fix;
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
