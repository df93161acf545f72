// explain CODE...: what each code means, from the catalog.
import { describeStatus } from "../core/advice.js";
import type { Catalog } from "../core/catalog.js";
import { explainCode, type EntryFilter, type Explanation } from "../core/lookup.js";
import { redactSecrets, safeText } from "../core/sanitize.js";
import { Command } from "commander";
import { type Context, terminalWidth } from "../cli/context.js";
import { UsageError, type Outcome } from "../cli/exit.js";
import { entryDetails, entryHeading, renderEntryCard } from "../render/entry.js";
import { renderEntryMarkdown } from "../render/entry-markdown.js";
import { entryJson, jsonDocument } from "../render/json.js";
import { examples, type Runner } from "./command.js";
import { parseFilter, type FilterFlags } from "./filters.js";

export interface ExplainFlags extends FilterFlags {
  json?: boolean;
  format?: string;
}

export type ExplainFormat = "human" | "markdown" | "json";

export interface ExplainOptions {
  queries: string[];
  filter: EntryFilter;
  format: ExplainFormat;
}

export function parseExplainOptions(queries: string[], flags: ExplainFlags): ExplainOptions {
  return { queries, filter: parseFilter(flags), format: explainFormat(flags) };
}

function explainFormat(flags: ExplainFlags): ExplainFormat {
  const format = flags.format?.trim().toLowerCase();
  if (format !== undefined && !["human", "markdown", "md", "json"].includes(format)) {
    throw new UsageError(`--format takes human, markdown or json, not "${safeText(flags.format ?? "", { singleLine: true })}"`);
  }
  if (flags.json && format !== undefined && format !== "json") throw new UsageError(`--json and --format ${format} cannot be used together`);
  if (flags.json || format === "json") return "json";
  return format === "markdown" || format === "md" ? "markdown" : "human";
}

export function explainCommand(runner: Runner): Command {
  return new Command("explain")
    .description("explain error codes (or a bare HTTP status) from the catalog")
    .argument("<code...>", "error codes, case-insensitive; a quoted message-form code; or an HTTP status such as 409")
    .option("--area <area>", "only entries of this area (auth, common, sandboxes, ...)")
    .option("--status <n>", "only entries with this HTTP status")
    .option("--format <format>", "human (default), markdown (a block to paste into a reply to a customer) or json")
    .option("--json", "print one JSON document (same as --format json)")
    .addHelpText(
      "after",
      examples([
        "miosa-err explain SANDBOX_LIMIT_REACHED",
        "miosa-err explain SANDBOX_NOT_RUNNING --format markdown | pbcopy",
        "miosa-err explain sandbox_not_running --area deployments",
        'miosa-err explain "missing sse ticket"',
        "miosa-err explain 409",
        "miosa-err explain INSUFFICIENT_CREDITS --json",
      ]),
    )
    .action((codes: string[], flags: ExplainFlags, command: Command) => runner(command, parseExplainOptions(codes, flags), runExplain));
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
  const width = ctx.io.stdout.isTTY ? terminalWidth(ctx.io) : Number.POSITIVE_INFINITY;
  if (matches.length === 1) return renderEntryCard(chalk, matches[0]!, width);
  const query = safeText(explanation.query, { singleLine: true });
  const intro = /^\d{3}$/.test(explanation.query)
    ? `${matches.length} catalog entries answer ${describeStatus(Number(explanation.query))}:\n\n`
    : `${chalk.bold(query)} has ${matches.length} meanings, by area and status:\n\n`;
  return intro + matches.map((entry) => `${entryHeading(chalk, entry)}\n${entryDetails(chalk, entry, "  ", width)}`).join("\n");
}

function renderUnknown(explanation: Explanation, filter: EntryFilter): string {
  const query = safeText(explanation.query, { singleLine: true });
  const narrowed = filter.area !== undefined || filter.status !== undefined ? " with those filters" : "";
  const hint =
    explanation.suggestions.length > 0 ? ` Did you mean: ${explanation.suggestions.join(", ")}?` : " Try `miosa-err search WORDS` or `miosa-err list`.";
  return `miosa-err: no catalog entry for "${query}"${narrowed}.${hint}\n`;
}

export async function runExplain({ queries, filter, format }: ExplainOptions, ctx: Context): Promise<Outcome> {
  const catalog = await ctx.catalog();
  const results = explainQueries(catalog, queries, filter);
  const outcome: Outcome = results.every((result) => result.matches.length > 0) ? "ok" : "nothing_found";
  if (format === "json") {
    // One query: the explanation itself; several: {"results": [...]} in query order.
    const document = results.length === 1 ? explanationJson(results[0]!) : { results: results.map(explanationJson) };
    ctx.io.stdout.write(jsonDocument(document));
    return outcome;
  }
  const found = results.filter((result) => result.matches.length > 0);
  if (format === "markdown") ctx.io.stdout.write(found.flatMap((result) => result.matches.map(renderEntryMarkdown)).join("\n"));
  else ctx.io.stdout.write(found.map((result) => renderExplanation(ctx, result)).join("\n"));
  for (const result of results) {
    if (result.matches.length === 0) ctx.io.stderr.write(renderUnknown(result, filter));
  }
  return outcome;
}
