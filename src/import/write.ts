/**
 * Deciding, then writing. Every record is compared with what is on disk first: the
 * same bytes are `unchanged`, different bytes are left alone unless `--force`. Only
 * when the whole import has been read, converted and planned without an error is
 * anything written, so a bad source never leaves half an import behind.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

type Action = "create" | "unchanged" | "overwrite" | "keep-existing";

export interface PlannedFile {
  /** Relative to the content directory: `articles/x.md`. */
  file: string;
  text: string;
  action: Action;
}

async function currentText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

export async function plan(contentDir: string, file: string, text: string, force: boolean): Promise<PlannedFile> {
  const current = await currentText(join(contentDir, file));
  const action: Action =
    current === undefined ? "create" : current === text ? "unchanged" : force ? "overwrite" : "keep-existing";
  return { file, text, action };
}

export async function writePlanned(contentDir: string, planned: PlannedFile[]): Promise<void> {
  for (const { file, text, action } of planned) {
    if (action !== "create" && action !== "overwrite") continue;
    const path = join(contentDir, file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }
}
