/**
 * The worker's private objects in its static assets (model/storage.ts): the ASSETS
 * binding seen through the storage key, which the record packs are read through, and
 * the page-bundle files held back until their article is visible. These reads go
 * through the binding, never through the public URL, where nothing private can be named.
 */
import type { AssetsBinding } from "../env";
import { heldFilePath, storedPath } from "../model/storage";
import { StorageUnavailable } from "./records";

/** The binding as the worker reads its private objects: a request for `/_records/x` reads `/_records/<key>/x`. */
export function privateAssets(assets: AssetsBinding, key: string | undefined): AssetsBinding {
  return {
    fetch(request) {
      const url = new URL(request.url);
      url.pathname = storedPath(key, url.pathname);
      return assets.fetch(new Request(url, request));
    },
  };
}

/** Held-back page-bundle files: a file's response as the asset layer gives it, or undefined when there is none. */
export interface HeldFiles {
  fetch(slug: string, file: string, request: Request): Promise<Response | undefined>;
}

/**
 * Held-back files read through `assets` (a `privateAssets` binding). The asset layer
 * answers as it does for a public file: its media type, ETag and caching headers, and
 * a 304 for a matching If-None-Match, which is passed on.
 */
export function heldFiles(assets: AssetsBinding): HeldFiles {
  return {
    async fetch(slug, file, request) {
      // Each decoded segment encoded again: the asset layer decodes them, so the path it looks up is exactly this one.
      const path = heldFilePath(slug, file).split("/").map(encodeURIComponent).join("/");
      const headers = new Headers();
      const validator = request.headers.get("If-None-Match");
      if (validator !== null) headers.set("If-None-Match", validator);
      let response: Response;
      try {
        response = await assets.fetch(new Request(`https://assets.invalid${path}`, { headers }));
      } catch (error) {
        throw new StorageUnavailable(`reading a held file of ${slug} failed: ${String(error)}`);
      }
      if (response.status === 200 || response.status === 304) return response;
      await response.body?.cancel();
      return undefined;
    },
  };
}
