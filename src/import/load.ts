/**
 * Where the source documents come from: a local file, read alone; or a URL, fetched
 * with a timeout, and then every older page it links to (RFC 5005 `prev-archive`, or a
 * JSON Feed's `next_url`), so the whole history arrives. A page seen twice ends the
 * walk (a loop), and the walk stops with an error after `maxPages`, never silently.
 *
 * A feed is written by whoever runs its server, and its paging links and redirects can
 * name any address, the publisher's own network included (a router's admin page, a
 * cloud metadata service). So the walk stays on the origin of the URL the publisher
 * gave, unless they pass `--follow-other-origins`: a link or a redirect elsewhere is
 * not requested, and the import says what it left and how to follow it.
 */
import { readFile, stat } from "node:fs/promises";
import type { ImportProblems } from "./problems";
import { ImportError } from "./problems";
import { readDocument } from "./read";
import type { SourcePage } from "./source-item";

export interface LoadOptions {
  timeoutMs: number;
  maxPages: number;
  /** Follow paging links and redirects to any origin, not only the source's own. */
  followOtherOrigins?: boolean;
  fetch: typeof fetch;
}

/** The command-line flag that lifts the origin rule, for messages. */
const FOLLOW_OTHER_ORIGINS = "--follow-other-origins";

/**
 * The largest document read. A feed is a few megabytes and an export of years of posts
 * some tens; reading takes about ten times a document's size in memory, so a larger one
 * (or a server that never stops sending) would exhaust it.
 */
export const MAX_DOCUMENT_BYTES = 100 * 1024 * 1024;

const TOO_LARGE = `is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB, the most the import reads at once: export or fetch it in parts (a WordPress export can be made per date range)`;

/** As many as browsers allow before they give up on a loop. */
const MAX_REDIRECTS = 20;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

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

/**
 * Which addresses a walk may request: the source's own host and port, by http or https
 * (a feed that moved to TLS, or an old one still linking without it, names the same
 * server); any http(s) address with `--follow-other-origins`; never another scheme.
 */
class OriginRule {
  /** The source's origin, for messages. */
  private readonly own: string;
  private readonly origins: Set<string>;

  constructor(
    source: string,
    private readonly any: boolean,
  ) {
    const url = new URL(source);
    this.own = url.origin;
    this.origins = new Set(
      ["http:", "https:"].map((protocol) => {
        url.protocol = protocol;
        return url.origin;
      }),
    );
  }

  allows(address: string): boolean {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      return false;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return false;
    return this.any || this.origins.has(url.origin);
  }

  /** Why an address was not requested, and how to have it requested. */
  refusal(address: string): string {
    return isUrl(address)
      ? `on another origin than ${this.own}: not followed (${FOLLOW_OTHER_ORIGINS} follows it)`
      : "not an http(s) address: not followed";
  }
}

/** A redirect, met while fetching a page, to an address the rule does not allow. */
class RedirectRefused extends Error {
  constructor(
    readonly from: string,
    readonly target: string,
  ) {
    super(`redirects to ${target}`);
  }
}

/** One response, the page or a redirect; a timeout or a network failure is an ImportError. */
async function request(url: string, options: LoadOptions, from: string): Promise<Response> {
  try {
    return await options.fetch(url, {
      headers: { accept: ACCEPT, "user-agent": "edgefeed-import" },
      // Redirects are followed here, one at a time, so that each target is checked first.
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new ImportError(url, `${reason(error)}${from}`);
  }
}

async function fetchPage(
  url: string,
  options: LoadOptions,
  rule: OriginRule,
  linkedFrom: string | undefined,
): Promise<{ bytes: Uint8Array; url: string }> {
  const from = linkedFrom ? ` (the older page ${linkedFrom} links to)` : "";
  let address = url;
  let response = await request(address, options, from);
  for (let redirects = 0; REDIRECT_STATUSES.has(response.status); redirects++) {
    const location = response.headers.get("location");
    await response.body?.cancel();
    if (location === null) throw new ImportError(url, `answered HTTP ${response.status} with no Location${from}`);
    if (redirects === MAX_REDIRECTS) throw new ImportError(url, `redirects more than ${MAX_REDIRECTS} times${from}`);
    const target = new URL(location, address).href;
    if (!rule.allows(target)) throw new RedirectRefused(address, target);
    address = target;
    response = await request(address, options, from);
  }
  if (!response.ok) throw new ImportError(url, `answered HTTP ${response.status} ${response.statusText}${from}`.trim());
  return { bytes: await boundedBody(response, url, from), url: address };
}

/** The body, read until it ends or passes MAX_DOCUMENT_BYTES (then the download is cancelled). */
async function boundedBody(response: Response, url: string, from: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = response.body?.getReader();
  try {
    for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
      length += chunk.value.byteLength;
      if (length > MAX_DOCUMENT_BYTES) {
        await reader?.cancel().catch(() => undefined);
        throw new ImportError(url, `${TOO_LARGE}${from}`);
      }
      chunks.push(chunk.value);
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(url, `the answer broke off: ${reason(error)}${from}`);
  }
  return Buffer.concat(chunks, length);
}

async function readLocalFile(path: string): Promise<Uint8Array> {
  try {
    if ((await stat(path)).size > MAX_DOCUMENT_BYTES) throw new ImportError(path, TOO_LARGE);
    return await readFile(path);
  } catch (error) {
    if (error instanceof ImportError) throw error;
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
  const rule = new OriginRule(source, options.followOtherOrigins ?? false);
  let next: string | undefined = source;
  let linkedFrom: string | undefined;
  while (next) {
    const address = next.replace(/#.*$/, "");
    if (seen.has(address)) {
      problems.note(`${linkedFrom}: links back to ${address}, which was already read; stopped there`);
      break;
    }
    if (linkedFrom && !rule.allows(address)) {
      problems.note(`${linkedFrom}: links to older items at ${address}, ${rule.refusal(address)}`);
      break;
    }
    if (pages.length >= options.maxPages) {
      throw new ImportError(
        linkedFrom ?? source,
        `links to more than ${options.maxPages} pages; nothing was imported (raise --max-pages to read them all)`,
      );
    }
    seen.add(address);
    let fetched;
    try {
      fetched = await fetchPage(address, options, rule, linkedFrom);
    } catch (error) {
      if (!(error instanceof RedirectRefused)) throw error;
      const through = error.from === address ? "" : ` (through ${error.from})`;
      const refused = `redirects${through} to ${error.target}, ${rule.refusal(error.target)}`;
      // The publisher's own URL leaving its origin leaves nothing to import; an older page doing so ends the walk.
      if (!linkedFrom) throw new ImportError(source, `${refused}; or import ${error.target} itself`);
      problems.note(`${address}: ${refused} (the older page ${linkedFrom} links to it)`);
      break;
    }
    const page = readDocument(fetched.bytes, { source: address, url: fetched.url, problems });
    pages.push(page);
    linkedFrom = address;
    next = page.olderPage;
  }
  return pages;
}
