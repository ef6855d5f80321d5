/**
 * Page-bundle files of articles that were scheduled when the site was built. The build
 * holds them back in private storage (model/storage.ts), so the asset layer has no copy
 * to serve and their requests reach the worker, which serves them at their usual URL once
 * the article is visible and, until then, answers exactly as it does for a file that
 * does not exist.
 */
import type { Hono } from "hono";
import { bundleFileAddress } from "../model/urls";
import type { AppEnv, Services } from "./context";

export function registerHeldFileRoutes(app: Hono<AppEnv>, services: Services): void {
  app.get("/articles/:slug/*", async (c) => {
    const address = bundleFileAddress(new URL(c.req.url).pathname);
    const visible = address && (await services.archive.articleOrdinal(address.slug, c.get("now"))) !== undefined;
    if (!address || !visible || !services.heldFiles) return c.notFound();
    return (await services.heldFiles.fetch(address.slug, address.file, c.req.raw)) ?? c.notFound();
  });
}
