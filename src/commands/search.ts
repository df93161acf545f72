// search WORDS: entries whose code, meaning or action mention every term.
import { Command } from "commander";
import { filterEntries, type EntryFilter } from "../core/lookup.js";
import { searchEntries } from "../core/search.js";
import { safeText } from "../core/sanitize.js";
import type { Context } from "../cli/context.js";
import type { Outcome } from "../cli/exit.js";
import { writeEntryTable } from "../render/entry-table.js";
import { entryJson, jsonDocument } from "../render/json.js";
import { examples, type Runner } from "./command.js";
import { parseFilter, type FilterFlags } from "./filters.js";

export interface SearchFlags extends FilterFlags {
  json?: boolean;
}

export interface SearchOptions {
  terms: string[];
  filter: EntryFilter;
  json: boolean;
}

export function parseSearchOptions(terms: string[], flags: SearchFlags): SearchOptions {
  return { terms, filter: parseFilter(flags), json: flags.json === true };
}

export function searchCommand(runner: Runner): Command {
  return new Command("search")
    .description("find entries whose code, meaning or what-to-do mention every word given")
    .argument("<words...>", "terms; quote a phrase to keep it together")
    .option("--area <area>", "only entries of this area")
    .option("--source <source>", "only entries from this source: reference, sdk or user")
    .option("--json", "print one JSON document")
    .addHelpText("after", examples(["miosa-err search credits", 'miosa-err search "retry after"', "miosa-err search ticket --json"]))
    .action((terms: string[], flags: SearchFlags, command: Command) => runner(command, parseSearchOptions(terms, flags), runSearch));
}

export async function runSearch({ terms, filter, json }: SearchOptions, ctx: Context): Promise<Outcome> {
  const entries = searchEntries(filterEntries((await ctx.catalog()).entries, filter), terms);
  if (json) ctx.io.stdout.write(jsonDocument({ entries: entries.map(entryJson) }));
  else if (entries.length > 0) await writeEntryTable(ctx, entries);
  if (entries.length === 0) {
    if (!json) {
      const words = safeText(terms.join(" "), { singleLine: true });
      ctx.io.stderr.write(`miosa-err: no catalog entry mentions "${words}"\n`);
    }
    return "nothing_found";
  }
  return "ok";
}
