/**
 * The import as one function the CLI and the tests share: load every page, read and
 * convert every item, decide what each file would become, and only then write. It
 * returns what to print (one line per item, notes, a summary) instead of printing,
 * and every failure as an error message naming the source and the place.
 */
import { join } from "node:path";
import { isUri } from "../model/ids";
import { articlePath } from "../model/urls";
import { type LoadOptions, loadPages } from "./load";
import { ImportError, ImportProblems, describePlace } from "./problems";
import { type ImportRecord, renderRecord, toRecord } from "./record";
import { fileFor, scanArticles, slugOfFile } from "./names";
import type { SourceItem, SourcePage } from "./source-item";
import { type PlannedFile, plan, writePlanned } from "./write";

export interface ImportOptions extends LoadOptions {
  source: string;
  /** The content directory as the publisher named it (`content`). */
  contentDir: string;
  dryRun: boolean;
  force: boolean;
}

export interface ImportReport {
  ok: boolean;
  /** Per-item lines and notes, in order, then the summary. */
  lines: string[];
  errors: string[];
}

const LEFT_OUT_NAMES: Record<string, [string, string]> = {
  page: ["page", "pages"],
  attachment: ["attachment", "attachments"],
  nav_menu_item: ["navigation menu item", "navigation menu items"],
  revision: ["revision", "revisions"],
  trash: ["post in the trash", "posts in the trash"],
  "auto-draft": ["automatic draft", "automatic drafts"],
};

function count(n: number, [one, many]: [string, string]): string {
  return `${n} ${n === 1 ? one : many}`;
}

function leftOutSummary(pages: SourcePage[]): string {
  const totals = new Map<string, number>();
  for (const page of pages) for (const [what, n] of page.leftOut) totals.set(what, (totals.get(what) ?? 0) + n);
  const parts = [...totals].map(([what, n]) =>
    count(n, LEFT_OUT_NAMES[what] ?? [`"${what}" entry`, `"${what}" entries`]),
  );
  return parts.length > 0 ? `; left out of the source: ${parts.join(", ")}` : "";
}

/** The first item with each id; a later one (an archive page repeating an entry) is reported and dropped. */
function firstOfEachId(items: SourceItem[], lines: string[]): SourceItem[] {
  const first = new Map<string, SourceItem>();
  for (const item of items) {
    const earlier = first.get(item.id);
    if (earlier) lines.push(`skipped: ${describePlace(item.place)} repeats the id of ${describePlace(earlier.place)}`);
    else first.set(item.id, item);
  }
  return [...first.values()];
}

function lineFor(planned: PlannedFile, shownPath: string, dryRun: boolean): string {
  switch (planned.action) {
    case "create":
      return `${dryRun ? "would create" : "created"} ${shownPath}`;
    case "overwrite":
      return `${dryRun ? "would overwrite" : "overwritten"} ${shownPath}`;
    case "unchanged":
      return `unchanged ${shownPath}`;
    case "keep-existing":
      return `skipped: ${shownPath} exists and differs; --force overwrites`;
  }
}

function nonUriIdNote(records: ImportRecord[]): string | undefined {
  const plain = records.filter((record) => !isUri(record.item.id));
  if (plain.length === 0) return undefined;
  return (
    `note: ${plain.length} id(s) are not URIs (e.g. ${JSON.stringify(plain[0]?.item.id)}); RSS and JSON Feed carry ` +
    "them as they are, Atom (whose ids are URIs) as tag:<domain>,<established>:<id>, so only an Atom reader " +
    "that knew the old id may show such an item once more"
  );
}

export async function runImport(options: ImportOptions): Promise<ImportReport> {
  const problems = new ImportProblems();
  const lines: string[] = [];
  let pages: SourcePage[];
  try {
    pages = await loadPages(options.source, options, problems);
  } catch (error) {
    if (error instanceof ImportError)
      return { ok: false, lines: problems.notes.map((n) => `note: ${n}`), errors: [error.message] };
    throw error;
  }
  const items = firstOfEachId(
    pages.flatMap((page) => page.items),
    lines,
  );
  const records = items.flatMap((item) => toRecord(item, problems) ?? []);
  if (problems.errors.length > 0) {
    return { ok: false, lines: problems.notes.map((n) => `note: ${n}`), errors: problems.errors };
  }

  const existing = await scanArticles(options.contentDir);
  const planned: PlannedFile[] = [];
  for (const record of records) {
    const file = fileFor(record.item, String(record.fields.title), existing);
    const text = renderRecord(record, articlePath(slugOfFile(file)));
    const entry = await plan(options.contentDir, file, text, options.force);
    planned.push(entry);
    lines.push(lineFor(entry, join(options.contentDir, file), options.dryRun));
  }
  if (!options.dryRun) await writePlanned(options.contentDir, planned);

  lines.push(...problems.notes.map((n) => `note: ${n}`));
  const note = nonUriIdNote(records);
  if (note) lines.push(note);
  lines.push(summaryLine(options, pages, planned, lines.filter((line) => line.startsWith("skipped: ")).length));
  return { ok: true, lines, errors: [] };
}

function summaryLine(options: ImportOptions, pages: SourcePage[], planned: PlannedFile[], skipped: number): string {
  const n = (action: PlannedFile["action"]) => planned.filter((p) => p.action === action).length;
  const kinds = [...new Set(pages.map((page) => page.kind))].join(" and ");
  const from = `${options.source} (${kinds}${pages.length > 1 ? `, ${pages.length} pages` : ""})`;
  const verb = options.dryRun ? "dry run, nothing written" : "import";
  const counts = options.dryRun
    ? `${n("create")} to create, ${n("overwrite")} to overwrite, ${n("unchanged")} unchanged, ${skipped} skipped`
    : `${n("create")} created, ${n("overwrite")} overwritten, ${n("unchanged")} unchanged, ${skipped} skipped`;
  return `${verb}: ${counts} from ${from}${leftOutSummary(pages)}`;
}
