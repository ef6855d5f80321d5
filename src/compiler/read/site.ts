/**
 * Reading `site.yaml`: the site's title, language, domain (the authority of every
 * item id), time zone and the rest, validated with every problem at its line. What
 * may be left out gets its default here: the authors (the site's title), the
 * copyright (none), the feed size (20), the time zone (UTC) and what feeds carry
 * (the full text).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { SiteConfig } from "../../model/types";
import { isTimeZone } from "../../text/dates";
import { type Diagnostics } from "../diagnostics";
import { didYouMean, nearMiss, SITE_FIELDS, SITE_FORMS } from "./fields";
import { publisherWords, reportIssues } from "./issues";
import { cleanValue } from "./record-value";
import { siteSchema, toPerson } from "./schema";
import { type FieldPath, parseYaml } from "./yaml";

export const SITE_FILE = "site.yaml";

export interface SiteReading {
  /** Present when site.yaml is valid. */
  config?: SiteConfig;
  /** The IANA zone times without an offset are read in. */
  timeZone: string;
  lineOf(path: FieldPath): number | undefined;
}

const REQUIRED = "missing: the site needs at least title, description, language and domain";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses and validates the text of site.yaml. */
export function readSiteText(text: string, diagnostics: Diagnostics): SiteReading {
  const file = SITE_FILE;
  const failed: SiteReading = { timeZone: "UTC", lineOf: () => undefined };
  const parsed = parseYaml(text, file, diagnostics);
  if (!parsed) return failed;
  const data = cleanValue(parsed.data);
  if (!isPlainObject(data)) {
    diagnostics.error(file, "", "must be a mapping of fields (title, description, …)", 1);
    return failed;
  }
  const lineOf = parsed.lineOf;
  let ok = true;
  for (const key of Object.keys(data)) {
    if ((SITE_FIELDS as readonly string[]).includes(key)) continue;
    const meant = nearMiss(key, SITE_FIELDS);
    if (meant) {
      diagnostics.error(file, key, didYouMean(meant), lineOf([key]));
      ok = false;
    } else diagnostics.warning(file, key, "unknown field, ignored", lineOf([key]));
  }
  const result = siteSchema.safeParse(data, { error: publisherWords });
  const timeZone = typeof data.timezone === "string" && isTimeZone(data.timezone) ? data.timezone : "UTC";
  if (!result.success) {
    const source = { file, lines: text.split(/\r?\n/), lineOf, forms: SITE_FORMS, shape: siteSchema.shape };
    reportIssues(diagnostics, source, data, result.error);
    return { timeZone, lineOf };
  }
  if (!ok) return { timeZone, lineOf };
  const site = result.data;
  const config: SiteConfig = {
    title: site.title,
    description: site.description,
    language: site.language,
    domain: site.domain,
    established: site.established ?? "2026-01-01",
    authors: site.authors?.map(toPerson) ?? [{ name: site.title }],
    copyright: site.copyright ?? "",
    feedSize: site.feed_size ?? 20,
    feedContent: site.feed_content ?? "full",
  };
  if (site.icon) config.icon = site.icon;
  if (site.logo) config.logo = site.logo;
  if (site.hub) config.hub = site.hub;
  return { config, timeZone, lineOf };
}

export async function readSite(dir: string, diagnostics: Diagnostics): Promise<SiteReading> {
  let text: string;
  try {
    text = await readFile(join(dir, SITE_FILE), "utf8");
  } catch {
    diagnostics.error(SITE_FILE, "", REQUIRED);
    return { timeZone: "UTC", lineOf: () => undefined };
  }
  return readSiteText(text, diagnostics);
}
