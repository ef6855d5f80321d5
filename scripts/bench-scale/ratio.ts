/**
 * The serving ratio: our worker's cached /rss.xml against constant workers answering
 * the same body size and type, for 200 answers and for 304 answers to If-None-Match,
 * loaded in turn within each round (ours, then each constant) so drift in the shared
 * machine's load falls on all of them. A ratio is of the medians over the rounds.
 */
import type { LoadGenerator } from "./load";

export interface RatioFigure {
  status: 200 | 304;
  ours: number[];
  /** Requests per second of each constant worker, by name, one per round. */
  baselines: Record<string, number[]>;
  /** median(ours) / median(baseline), by baseline name. */
  ratios: Record<string, number>;
  badStatus: number;
  socketErrors: number;
}

export interface RatioCase {
  status: 200 | 304;
  /** The constant workers to compare with, by name. */
  baselines: Record<string, URL>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Checks that a worker answers `status` to the request the load will send, before loading it. */
async function probe(url: URL, headers: Record<string, string>, status: number): Promise<void> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  await response.arrayBuffer();
  if (response.status !== status)
    throw new Error(`${url} answered ${response.status} where the load expects ${status}`);
}

export async function servingRatio(
  ours: URL,
  etag: string,
  cases: RatioCase[],
  generator: LoadGenerator,
  options: { rounds: number; seconds: number; onRun: (line: string) => void },
): Promise<RatioFigure[]> {
  const headersFor = (status: 200 | 304): Record<string, string> => (status === 304 ? { "If-None-Match": etag } : {});
  const targets = (c: RatioCase) => [["ours", ours] as const, ...Object.entries(c.baselines)];
  for (const c of cases) {
    for (const [, url] of targets(c)) await probe(url, headersFor(c.status), c.status);
  }
  // One unmeasured second each, so every worker runs with its code already compiled.
  for (const c of cases) for (const [, url] of targets(c)) await generator.load(url, headersFor(c.status), c.status, 1);

  const figures: RatioFigure[] = cases.map((c) => ({
    status: c.status,
    ours: [],
    baselines: Object.fromEntries(Object.keys(c.baselines).map((name) => [name, []])),
    ratios: {},
    badStatus: 0,
    socketErrors: 0,
  }));
  for (let round = 1; round <= options.rounds; round++) {
    for (const [i, c] of cases.entries()) {
      const figure = figures[i];
      if (!figure) continue;
      for (const [name, url] of targets(c)) {
        const result = await generator.load(url, headersFor(c.status), c.status, options.seconds);
        (name === "ours" ? figure.ours : (figure.baselines[name] ??= [])).push(result.requestsPerSecond);
        figure.badStatus += result.badStatus;
        figure.socketErrors += result.socketErrors;
        options.onRun(`round ${round}, ${c.status}, ${name}: ${Math.round(result.requestsPerSecond)} req/s`);
      }
    }
  }
  for (const figure of figures) {
    for (const [name, rates] of Object.entries(figure.baselines))
      figure.ratios[name] = median(figure.ours) / median(rates);
  }
  return figures;
}
