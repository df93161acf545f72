// explain CODE...: what each code means, from the catalog.
import { describeStatus } from "../core/advice.js";
import type { Catalog } from "../core/catalog.js";
import { explainCode, type EntryFilter, type Explanation } from "../core/lookup.js";
import { redactSecrets, safeText } from "../core/sanitize.js";
import type { Context } from "../cli/context.js";
import type { Outcome } from "../cli/exit.js";
import { entryDetails, entryHeading, renderEntryCard } from "../render/entry.js";
import { entryJson, jsonDocument } from "../render/json.js";
import { parseFilter, type FilterOptions } from "./filters.js";

export interface ExplainOptions extends FilterOptions {
  json?: boolean;
}

/**
 * Explains each query on its own; when none matched and the words together
 * do (`explain missing sse ticket` unquoted), explains the phrase instead.
 */
export function explainQueries(catalog: Catalog, queries: readonly string[], filter: EntryFilter): Explanation[] {
  const results = queries.map((query) => explainCode(catalog, query, filter));
  if (queries.length > 1 && results.every((result) => result.matches.length === 0)) {
    const phrase = explainCode(catalog, queries.join(" "), filter);
    if (phrase.matches.length > 0) return [phrase];
  }
  return results;
}

function explanationJson(explanation: Explanation) {
  return {
    query: redactSecrets(explanation.query),
    matches: explanation.matches.map(entryJson),
    suggestions: explanation.suggestions,
  };
}

function renderExplanation(ctx: Context, explanation: Explanation): string {
  const { chalk } = ctx;
  const { matches } = explanation;
  if (matches.length === 1) return renderEntryCard(chalk, matches[0]!);
  const query = safeText(explanation.query, { singleLine: true });
  const intro = /^\d{3}$/.test(explanation.query)
    ? `${matches.length} catalog entries answer ${describeStatus(Number(explanation.query))}:\n\n`
    : `${chalk.bold(query)} has ${matches.length} meanings, by area and status:\n\n`;
  return intro + matches.map((entry) => `${entryHeading(chalk, entry)}\n${entryDetails(chalk, entry)}`).join("\n");
}

function renderUnknown(ctx: Context, explanation: Explanation, filter: EntryFilter): string {
  const query = safeText(explanation.query, { singleLine: true });
  const narrowed = filter.area !== undefined || filter.status !== undefined ? " with those filters" : "";
  const hint =
    explanation.suggestions.length > 0
      ? ` Did you mean: ${explanation.suggestions.join(", ")}?`
      : " Try `miosa-err search WORDS` or `miosa-err list`.";
  return `miosa-err: no catalog entry for "${query}"${narrowed}.${hint}\n`;
}

export async function runExplain(queries: readonly string[], options: ExplainOptions, ctx: Context): Promise<Outcome> {
  const filter = parseFilter(options);
  const catalog = await ctx.catalog();
  const results = explainQueries(catalog, queries, filter);
  const outcome: Outcome = results.every((result) => result.matches.length > 0) ? "ok" : "nothing_found";
  if (options.json) {
    // One query: the explanation itself; several: {"results": [...]} in query order.
    const document = results.length === 1 ? explanationJson(results[0]!) : { results: results.map(explanationJson) };
    ctx.io.stdout.write(jsonDocument(document));
    return outcome;
  }
  const found = results.filter((result) => result.matches.length > 0);
  ctx.io.stdout.write(found.map((result) => renderExplanation(ctx, result)).join("\n"));
  for (const result of results) {
    if (result.matches.length === 0) ctx.io.stderr.write(renderUnknown(ctx, result, filter));
  }
  return outcome;
}
