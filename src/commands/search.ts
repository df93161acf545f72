// search WORDS: entries whose code, meaning or action mention every term.
import { Command } from "commander";
import { examples, type Runner } from "./command.js";
import { parseFilter, type FilterFlags } from "./filters.js";
import { type SearchOptions, runSearch } from "./search-run.js";

export interface SearchFlags extends FilterFlags {
  json?: boolean;
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
