/**
 * WebSub publishing for `npm run ping` (Node only). A hub re-fetches a topic only when
 * the publisher says it changed, so this tells the hub named in site.yaml about exactly
 * the subscription documents (site, tag and author feeds, every format) that differ from the
 * ones it last accepted. "Differ" is judged by the worker's own strong ETag, computed
 * from the rendered body: the documents are rendered in-process from content/ at one
 * instant, with the public origin, exactly as the deployed worker serves them. What the
 * hub accepted is remembered per topic in a small state file; a refused topic is not,
 * so the next ping retries exactly the topics that failed.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import type { createApp } from "../app";
import { compileBundle } from "../compiler/pipeline/compile";
import { formatDiagnostic } from "../compiler/diagnostics";
import { FEED_FORMATS } from "../model/formats";
import { absoluteUrl, feedPath } from "../model/urls";
import type { Archive } from "../query/archive";
import { createLocalApp } from "../local";

type App = ReturnType<typeof createApp>["app"];

/** A problem the publisher must fix (no origin, an unreadable state file): reported as a sentence, not a stack. */
export class PingConfigError extends Error {}

const NO_HUB_MESSAGE = "site.yaml names no hub; nothing to ping";

const NO_ORIGIN_MESSAGE =
  "no public origin configured: pass --site-url https://your.site or set SITE_URL (in the environment or in " +
  "wrangler.toml [vars]). Hub topics must be the public feed URLs subscribers use, so the origin cannot be guessed.";

/**
 * Where the public origin may be configured, in order of precedence. The deployed worker
 * reads SITE_URL from wrangler.toml, so that is the last resort; the flag and the
 * environment let a publisher ping for another deployment without editing it.
 */
export interface OriginSources {
  flag?: string;
  env?: string;
  /** Path of a wrangler.toml whose `[vars] SITE_URL` applies. */
  wranglerConfig?: string;
}

/** `[vars] SITE_URL` of a wrangler config, read the way wrangler itself reads it. */
async function wranglerSiteUrl(configPath: string): Promise<string | undefined> {
  // Imported on demand: loading wrangler takes about a second, and most runs never need it.
  const { unstable_readConfig } = await import("wrangler");
  try {
    const value = unstable_readConfig({ config: configPath }, { hideWarnings: true }).vars.SITE_URL;
    return typeof value === "string" ? value : undefined;
  } catch (error) {
    throw new PingConfigError(`cannot read SITE_URL from ${configPath}: ${describeError(error)}`);
  }
}

/** An explicitly empty value (wrangler.toml ships `SITE_URL = ""`) means "not configured". */
function configured(value: string | undefined): string | undefined {
  return value?.trim() || undefined;
}

/** The origin of a configured site URL, as the worker derives it; anything but http(s) is refused. */
function originOf(siteUrl: string): string {
  let url: URL;
  try {
    url = new URL(siteUrl);
  } catch {
    throw new PingConfigError(`SITE_URL ${JSON.stringify(siteUrl)} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new PingConfigError(`SITE_URL ${JSON.stringify(siteUrl)} is not an http(s) URL`);
  }
  return url.origin;
}

async function resolveOrigin(sources: OriginSources): Promise<string> {
  const { flag, env, wranglerConfig } = sources;
  const siteUrl =
    configured(flag) ??
    configured(env) ??
    (wranglerConfig === undefined ? undefined : configured(await wranglerSiteUrl(wranglerConfig)));
  if (siteUrl === undefined) throw new PingConfigError(NO_ORIGIN_MESSAGE);
  return originOf(siteUrl);
}

/** Every subscription document a reader can subscribe to: the site's, each public tag's and author's, in each format. */
function topicUrls(archive: Archive, now: number, origin: string): string[] {
  return archive
    .subscribableScopes(now)
    .flatMap((scope) => FEED_FORMATS.map((format) => absoluteUrl(origin, feedPath(scope, format))));
}

/** A document's strong ETag as the worker serves it: it changes exactly when the body does. */
async function fingerprint(app: App, topic: string, origin: string): Promise<string> {
  const response = await app.request(topic, { headers: { "Accept-Encoding": "identity" } }, { SITE_URL: origin });
  const etag = response.headers.get("ETag");
  if (response.status !== 200 || !etag) {
    // Topics come from the archive's own public tags, so this is a bug, not a content problem.
    throw new Error(`the worker answered ${response.status} ${etag ? "" : "without an ETag "}for ${topic}`);
  }
  return etag;
}

async function fingerprintAll(app: App, topics: string[], origin: string): Promise<Record<string, string>> {
  const pairs = await Promise.all(topics.map(async (topic) => [topic, await fingerprint(app, topic, origin)] as const));
  return Object.fromEntries(pairs);
}

const stateSchema = z.object({
  hub: z.string(),
  origin: z.string(),
  /** Topic URL → ETag of the document the hub last accepted a ping for. */
  topics: z.record(z.string(), z.string()),
});

export type PingState = z.infer<typeof stateSchema>;

async function readState(file: string): Promise<PingState | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new PingConfigError(`cannot read the ping state ${file}: ${describeError(error)}`);
  }
  const state = stateSchema.safeParse(parseJson(text));
  if (!state.success) {
    throw new PingConfigError(`${file} is not a ping state file; delete it to notify the hub of every topic again`);
  }
  return state.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Temp file + rename: an interrupted run leaves the old state or the new one, never half of one. */
async function writeState(file: string, state: PingState): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`);
  await rename(temporary, file);
}

export interface PingPlan {
  /** Topics to notify, in topic order: new ones and those whose document changed. */
  changed: string[];
  unchanged: string[];
  /** Topics the last ping recorded that no longer exist (a retired or merged tag): dropped, not pinged. */
  removed: string[];
  /** Set when the previous state was set aside because it was kept for another hub or origin. */
  reset?: string;
}

/** A state kept for another hub or origin says nothing about what this hub knows of these topics. */
function sameTarget(previous: PingState, current: PingState): boolean {
  return previous.hub === current.hub && previous.origin === current.origin;
}

function comparableTopics(previous: PingState | undefined, current: PingState): Record<string, string> {
  return previous && sameTarget(previous, current) ? previous.topics : {};
}

export function planPing(previous: PingState | undefined, current: PingState): PingPlan {
  const known = comparableTopics(previous, current);
  const topics = Object.keys(current.topics);
  const plan: PingPlan = {
    changed: topics.filter((topic) => known[topic] !== current.topics[topic]),
    unchanged: topics.filter((topic) => known[topic] === current.topics[topic]),
    removed: Object.keys(known).filter((topic) => !(topic in current.topics)),
  };
  if (previous && !sameTarget(previous, current)) {
    plan.reset = `the last ping went to hub ${previous.hub} for ${previous.origin}`;
  }
  return plan;
}

/**
 * The state after a ping: accepted topics take their new ETag; a failed one keeps its old
 * entry (or stays absent), so it counts as changed until a hub accepts it; removed ones go.
 */
export function nextState(previous: PingState | undefined, current: PingState, accepted: Iterable<string>): PingState {
  const known = comparableTopics(previous, current);
  const acceptedTopics = new Set(accepted);
  const topics: Record<string, string> = {};
  for (const [topic, etag] of Object.entries(current.topics)) {
    const remembered = acceptedTopics.has(topic) ? etag : known[topic];
    if (remembered !== undefined) topics[topic] = remembered;
  }
  return { hub: current.hub, origin: current.origin, topics };
}

export interface PingOutcome {
  topic: string;
  /** The hub answered 2xx. */
  accepted: boolean;
  /** The hub's status, when it answered at all. */
  status?: number;
  /** Why it failed: the start of the hub's answer, or the network error. */
  reason?: string;
}

export interface NotifyOptions {
  fetch: typeof fetch;
  timeoutMs: number;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Node's fetch says only "fetch failed"; the cause names the socket error (ECONNREFUSED…).
  const cause = error.cause instanceof Error ? error.cause.message || (error.cause as NodeJS.ErrnoException).code : "";
  return cause ? `${error.message}: ${cause}` : error.message;
}

/**
 * One publish notification, the form hubs implement for WebSub publishers:
 * `hub.mode=publish&hub.url=<topic>` posted as a form. Never throws: a failure is an outcome.
 */
async function notifyHub(hub: string, topic: string, options: NotifyOptions): Promise<PingOutcome> {
  try {
    const response = await options.fetch(hub, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ "hub.mode": "publish", "hub.url": topic }).toString(),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    // Read the answer either way: it frees the connection, and a refusal usually says why.
    const answer = (await response.text()).trim().replace(/\s+/g, " ").slice(0, 160);
    if (response.ok) return { topic, accepted: true, status: response.status };
    return { topic, accepted: false, status: response.status, reason: answer || response.statusText };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    return {
      topic,
      accepted: false,
      reason: timedOut ? `no answer within ${options.timeoutMs} ms` : describeError(error),
    };
  }
}

/** Runs `task` over `items` with at most `limit` in flight; results keep the items' order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A report line: a 13-character status column, then the topic, then why (for failures). */
function reportLine(status: string, topic: string, reason?: string): string {
  return `${status.padEnd(13)}${topic}${reason ? `  (${reason})` : ""}`;
}

function outcomeLine(outcome: PingOutcome): string {
  const label = outcome.accepted ? "sent" : "FAILED";
  return reportLine(`${label.padEnd(8)}${outcome.status ?? "---"}`, outcome.topic, outcome.reason);
}

/** Lines before the per-topic ones: why everything is sent, or that nothing is. */
function preamble(previous: PingState | undefined, plan: PingPlan, stateFile: string): string[] {
  if (plan.reset) return [`${plan.reset}; notifying every topic again`];
  if (!previous) return [`no earlier ping recorded in ${stateFile}; notifying every topic`];
  return plan.changed.length === 0 ? ["nothing changed since the last ping; nothing to send"] : [];
}

function summary(plan: PingPlan, sent: string, hub: string): string {
  const total = plan.changed.length + plan.unchanged.length;
  return (
    `${plan.changed.length} changed of ${total} topics: ${sent}, ` +
    `${plan.unchanged.length} unchanged, ${plan.removed.length} removed (hub ${hub})`
  );
}

function pingReport(context: ReportContext, outcomes: PingOutcome[]): string[] {
  const { plan, hub } = context;
  const failed = outcomes.filter((outcome) => !outcome.accepted).length;
  return [
    ...preamble(context.previous, plan, context.stateFile),
    ...outcomes.map(outcomeLine),
    ...plan.removed.map((topic) => reportLine("removed", topic)),
    summary(plan, `${outcomes.length - failed} sent, ${failed} failed`, hub),
  ];
}

function dryRunReport(context: ReportContext): string[] {
  const { plan, hub } = context;
  return [
    ...preamble(context.previous, plan, context.stateFile),
    ...plan.changed.map((topic) => reportLine("would send", topic)),
    ...plan.removed.map((topic) => reportLine("would remove", topic)),
    summary(plan, `${plan.changed.length} would be sent (dry run: nothing sent, no state written)`, hub),
  ];
}

export interface PingOptions {
  contentDir: string;
  stateFile: string;
  origin: OriginSources;
  /** Report what would be sent; send nothing, write nothing. */
  dryRun?: boolean;
  /** Milliseconds since the epoch: which articles are visible (scheduled ones appear on time). */
  clock?: () => number;
  fetch?: typeof fetch;
  timeoutMs?: number;
  concurrency?: number;
}

export interface PingResult {
  /** 0: every changed topic accepted (or nothing to send); 1: a failure or a configuration error. */
  exitCode: 0 | 1;
  /** The report, for stdout. */
  report: string[];
  /** Build diagnostics and configuration errors, for stderr. */
  problems: string[];
}

interface ReportContext {
  hub: string;
  stateFile: string;
  previous: PingState | undefined;
  plan: PingPlan;
}

interface Prepared extends ReportContext {
  current: PingState;
}

/** Everything up to the decision of what to send; undefined when the site names no hub. */
async function prepare(options: PingOptions, problems: string[]): Promise<Prepared | undefined> {
  const compiled = await compileBundle(options.contentDir);
  problems.push(...compiled.diagnostics.map(formatDiagnostic));
  if (!compiled.bundle) throw new PingConfigError(`${options.contentDir} has errors; nothing was pinged`);
  const hub = compiled.bundle.site.hub;
  if (!hub) return undefined;
  const origin = await resolveOrigin(options.origin);
  const previous = await readState(options.stateFile);
  // One instant for the whole run, so every document reflects the same set of visible articles.
  const now = (options.clock ?? Date.now)();
  const { app, services } = createLocalApp(compiled.bundle, () => now);
  const topics = topicUrls(services.archive, now, origin);
  const current: PingState = { hub, origin, topics: await fingerprintAll(app, topics, origin) };
  return { hub, stateFile: options.stateFile, previous, current, plan: planPing(previous, current) };
}

export async function runPing(options: PingOptions): Promise<PingResult> {
  const problems: string[] = [];
  try {
    const prepared = await prepare(options, problems);
    if (!prepared) return { exitCode: 0, report: [NO_HUB_MESSAGE], problems };
    if (options.dryRun) return { exitCode: 0, report: dryRunReport(prepared), problems };
    const notify = { fetch: options.fetch ?? fetch, timeoutMs: options.timeoutMs ?? 10_000 };
    const outcomes = await mapConcurrently(prepared.plan.changed, options.concurrency ?? 4, (topic) =>
      notifyHub(prepared.hub, topic, notify),
    );
    const accepted = outcomes.filter((outcome) => outcome.accepted).map((outcome) => outcome.topic);
    await writeState(options.stateFile, nextState(prepared.previous, prepared.current, accepted));
    const exitCode = accepted.length === outcomes.length ? 0 : 1;
    return { exitCode, report: pingReport(prepared, outcomes), problems };
  } catch (error) {
    if (error instanceof PingConfigError) return { exitCode: 1, report: [], problems: [...problems, error.message] };
    throw error;
  }
}
