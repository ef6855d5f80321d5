/**
 * Load for the serving ratio: requests per second that one URL sustains, measured by
 * `wrk -t1 -c16` when it is installed, else by a Node client keeping 16 connections
 * busy (much slower than wrk, so its figures compare with each other only). Every run
 * is bounded in time, and the Node client in request count too; traffic goes only to
 * the loopback URLs the bench started.
 */
import { Agent, request } from "node:http";
import { onPath, runChecked } from "./processes";

const CONNECTIONS = 16;
/** The Node client stops after this many requests even if its time is not up. */
const MAX_NODE_REQUESTS = 2_000_000;

export interface LoadFigure {
  requestsPerSecond: number;
  /** Answers with another status than the one the run expects (wrk sees only those outside 2xx and 3xx). */
  badStatus: number;
  /** Connections that failed or timed out. */
  socketErrors: number;
}

export interface LoadGenerator {
  tool: string;
  load(url: URL, headers: Record<string, string>, expectedStatus: number, seconds: number): Promise<LoadFigure>;
}

function assertLoopback(url: URL): void {
  if (url.hostname !== "127.0.0.1") throw new Error(`load is only sent to 127.0.0.1, not ${url.host}`);
}

function wrkGenerator(wrk: string): LoadGenerator {
  return {
    tool: `wrk -t1 -c${CONNECTIONS}`,
    async load(url, headers, _expectedStatus, seconds) {
      assertLoopback(url);
      const headerArgs = Object.entries(headers).flatMap(([name, value]) => ["-H", `${name}: ${value}`]);
      const args = ["-t1", `-c${CONNECTIONS}`, `-d${seconds}s`, ...headerArgs, url.href];
      const { stdout } = await runChecked(wrk, args, { cwd: process.cwd(), timeoutSeconds: seconds + 30 });
      const rate = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
      if (!rate) throw new Error(`wrk printed no Requests/sec:\n${stdout}`);
      const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
      return {
        requestsPerSecond: Number(rate[1]),
        badStatus: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0),
        socketErrors: socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
      };
    },
  };
}

function nodeGenerator(): LoadGenerator {
  return {
    tool: `Node http keep-alive client, ${CONNECTIONS} connections (wrk is not installed)`,
    async load(url, headers, expectedStatus, seconds) {
      assertLoopback(url);
      const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
      const deadline = performance.now() + seconds * 1000;
      let done = 0;
      let badStatus = 0;
      let socketErrors = 0;
      const once = () =>
        new Promise<void>((resolve) => {
          const req = request(url, { agent, headers, timeout: 10_000 }, (res) => {
            if (res.statusCode !== expectedStatus) badStatus++;
            res.resume().on("end", resolve).on("error", resolve);
          });
          req.on("timeout", () => req.destroy());
          req.on("error", () => {
            socketErrors++;
            resolve();
          });
          req.end();
        });
      const started = performance.now();
      const worker = async () => {
        while (performance.now() < deadline && done < MAX_NODE_REQUESTS) {
          await once();
          done++;
        }
      };
      await Promise.all(Array.from({ length: CONNECTIONS }, worker));
      const elapsed = (performance.now() - started) / 1000;
      agent.destroy();
      return { requestsPerSecond: done / elapsed, badStatus, socketErrors };
    },
  };
}

export function loadGenerator(): LoadGenerator {
  const wrk = onPath("wrk");
  return wrk ? wrkGenerator(wrk) : nodeGenerator();
}
