/**
 * The preview's store: a loopback HTTP server in the preview's own process that the
 * preview's Worker (src/preview-worker/entry.ts) reads everything from. It serves the
 * state of the newest build (its index, the errors and warnings, what is not public
 * yet, what was saved since), the records of unpublished and just-saved articles, and the files of the assets directory (record
 * packs, static and page-bundle files). wrangler dev watches none of this, so a
 * rebuild never makes it bundle the Worker again or restart workerd: the Worker asks
 * the store which build is current and reads the new one when it changed.
 *
 * Every answer carries the generation of the state it belongs to
 * (`x-edgefeed-generation`), so the Worker never mixes two builds' files.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, resolve, sep } from "node:path";
import {
  GENERATION_HEADER,
  GENERATION_PATH,
  type PreviewState,
  REVISED_PATH,
  STATE_PATH,
  UNPUBLISHED_PATH,
} from "../preview-worker/protocol";

/** Media types of the files a site serves, by extension; anything else is served as bytes. */
const MEDIA_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".pdf": "application/pdf",
  ".mp3": "audio/mpeg",
  ".m4a": "audio/mp4",
  ".ogg": "audio/ogg",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
  ".woff2": "font/woff2",
};

export class PreviewStore {
  #generation = 0;
  #state = "";
  #unpublished: Uint8Array = new Uint8Array();
  #revised: Uint8Array = new Uint8Array();
  /** Settled by the first `publish`: until then every request waits, rather than see no site. */
  readonly #ready: Promise<void>;
  #settle: () => void = () => {};
  readonly #server: Server;

  private constructor(private readonly assetsDir: string) {
    this.#ready = new Promise((settle) => {
      this.#settle = settle;
    });
    this.#server = createServer((request, response) => {
      this.#answer(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
  }

  /** A store listening on a free loopback port; it answers once something is published. */
  static async open(assetsDir: string): Promise<PreviewStore> {
    const store = new PreviewStore(resolve(assetsDir));
    await new Promise<void>((done, fail) => {
      store.#server.once("error", fail);
      store.#server.listen(0, "127.0.0.1", () => done());
    });
    return store;
  }

  /** Where the Worker reaches the store. */
  get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  get generation(): number {
    return this.#generation;
  }

  /**
   * Makes `state` what the Worker serves from now on, with the records of its
   * `unpublished` and `revised` articles (a pack each; one left out stays as it was).
   */
  publish(state: PreviewState, packs: { unpublished?: Uint8Array; revised?: Uint8Array } = {}): void {
    this.#generation++;
    this.#state = JSON.stringify({ generation: this.#generation, ...state });
    if (packs.unpublished) this.#unpublished = packs.unpublished;
    if (packs.revised) this.#revised = packs.revised;
    this.#settle();
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((done) => this.#server.close(() => done()));
  }

  async #answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    await this.#ready;
    const headers: Record<string, string> = {
      [GENERATION_HEADER]: String(this.#generation),
      "Cache-Control": "no-store",
    };
    const path = new URL(request.url ?? "/", "http://store.invalid").pathname;
    if (path === GENERATION_PATH) {
      response.writeHead(204, headers);
      response.end();
      return;
    }
    if (path === STATE_PATH) {
      response.writeHead(200, { ...headers, "Content-Type": "application/json" });
      response.end(this.#state);
      return;
    }
    if (path === UNPUBLISHED_PATH || path === REVISED_PATH) {
      response.writeHead(200, { ...headers, "Content-Type": "application/octet-stream" });
      response.end(path === REVISED_PATH ? this.#revised : this.#unpublished);
      return;
    }
    const file = this.#fileOf(path);
    const found = file ? await stat(file).catch(() => undefined) : undefined;
    if (!file || !found?.isFile()) {
      response.writeHead(404, headers);
      response.end();
      return;
    }
    const etag = `"${found.size.toString(36)}-${Math.floor(found.mtimeMs).toString(36)}"`;
    const fileHeaders = {
      ...headers,
      ETag: etag,
      "Content-Type": MEDIA_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
    };
    const validator = request.headers["if-none-match"];
    if (validator && validator.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) {
      response.writeHead(304, fileHeaders);
      response.end();
      return;
    }
    response.writeHead(200, { ...fileHeaders, "Content-Length": String(found.size) });
    if (request.method === "HEAD") {
      response.end();
      return;
    }
    createReadStream(file).pipe(response);
  }

  /** The file of the assets directory a path names (each segment decoded), or undefined for one outside it. */
  #fileOf(path: string): string | undefined {
    let decoded: string;
    try {
      decoded = path.split("/").map(decodeURIComponent).join("/");
    } catch {
      return undefined;
    }
    const file = resolve(this.assetsDir, `.${decoded}`);
    return file.startsWith(`${this.assetsDir}${sep}`) ? file : undefined;
  }
}
