/**
 * The one-line account of a good build that `npm run build`, `npm run check` and the
 * preview print: what is published, what is scheduled and when the next one appears,
 * drafts left out, tags, authors and warnings.
 */
import type { Article } from "../../model/types";
import { toRfc3339 } from "../../text/dates";
import type { CompileResult } from "../pipeline/compile";

export function buildSummary(
  bundle: { articles: readonly Pick<Article, "published">[]; tags: readonly unknown[]; authors: readonly unknown[] },
  { diagnostics, drafts }: Pick<CompileResult, "diagnostics" | "drafts">,
  now: number,
): string {
  const { articles, tags, authors } = bundle;
  const scheduled = articles.filter((article) => article.published > now);
  const next = scheduled.at(-1);
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  return [
    `${articles.length - scheduled.length} article(s) published`,
    `${scheduled.length} scheduled${next ? ` (next at ${toRfc3339(next.published)})` : ""}`,
    `${drafts} draft(s) left out`,
    `${tags.length} tag(s)`,
    `${authors.length} author(s)`,
    `${warnings} warning(s)`,
  ].join(", ");
}
