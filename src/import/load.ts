/**
 * Where the source documents come from: a local file, read alone; or a URL, fetched
 * with a timeout, and then every older page it links to (RFC 5005 `prev-archive`, or a
 * JSON Feed's `next_url`), so the whole history arrives. A page seen twice ends the
 * walk (a loop), and the walk stops with an error after `maxPages`, never silently.
 */
import { readFile } from "node:fs/promises";
import type { ImportProblems } from "./problems";
import { ImportError } from "./problems";
import { readDocument } from "./read";
import type { SourcePage } from "./source-item";

export interface LoadOptions {
  timeoutMs: number;
  maxPages: number;
  fetch: typeof fetch;
}

function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

const ACCEPT =
  "application/atom+xml, application/rss+xml, application/feed+json, application/xml;q=0.9, application/json;q=0.9, */*;q=0.5";

function reason(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return "no answer in time";
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `cannot be reached (${detail})`;
}

async function fetchPage(
  url: string,
  options: LoadOptions,
  linkedFrom: string | undefined,
): Promise<{ bytes: Uint8Array; url: string }> {
  const from = linkedFrom ? ` (the older page ${linkedFrom} links to)` : "";
  let response: Response;
  try {
    response = await options.fetch(url, {
      headers: { accept: ACCEPT, "user-agent": "edgefeed-import" },
      redirect: "follow",
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new ImportError(url, `${reason(error)}${from}`);
  }
  if (!response.ok) throw new ImportError(url, `answered HTTP ${response.status} ${response.statusText}${from}`.trim());
  try {
    return { bytes: new Uint8Array(await response.arrayBuffer()), url: response.url || url };
  } catch (error) {
    throw new ImportError(url, `the answer broke off: ${reason(error)}${from}`);
  }
}

async function readLocalFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (code ?? String(error));
    throw new ImportError(path, `cannot be read: ${why}`);
  }
}

/** Every page of the source, newest first. Throws ImportError on the first page that cannot be had. */
export async function loadPages(source: string, options: LoadOptions, problems: ImportProblems): Promise<SourcePage[]> {
  if (!isUrl(source)) {
    const page = readDocument(await readLocalFile(source), { source, problems });
    if (page.olderPage)
      problems.note(`${source} links to older items (${page.olderPage}); import its URL to bring them too`);
    return [page];
  }
  const pages: SourcePage[] = [];
  const seen = new Set<string>();
  let next: string | undefined = source;
  let linkedFrom: string | undefined;
  while (next) {
    const address = next.replace(/#.*$/, "");
    if (seen.has(address)) {
      problems.note(`${linkedFrom}: links back to ${address}, which was already read; stopped there`);
      break;
    }
    if (pages.length >= options.maxPages) {
      throw new ImportError(
        linkedFrom ?? source,
        `links to more than ${options.maxPages} pages; nothing was imported (raise --max-pages to read them all)`,
      );
    }
    seen.add(address);
    const { bytes, url } = await fetchPage(address, options, linkedFrom);
    const page = readDocument(bytes, { source: address, url, problems });
    pages.push(page);
    linkedFrom = address;
    next = page.olderPage;
  }
  return pages;
}
