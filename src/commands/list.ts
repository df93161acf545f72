// list: the catalog as a table, by area then code.
import { Command } from "commander";
import { examples, type Runner } from "./command.js";
import { parseFilter, type FilterFlags } from "./filters.js";
import { type ListOptions, runList } from "./list-run.js";

export interface ListFlags extends FilterFlags {
  json?: boolean;
}

export function parseListOptions(flags: ListFlags): ListOptions {
  return { filter: parseFilter(flags), json: flags.json === true };
}

export function listCommand(runner: Runner): Command {
  return new Command("list")
    .description("list the catalog, by area then code")
    .option("--area <area>", "only entries of this area")
    .option("--status <n>", "only entries with this HTTP status")
    .option("--source <source>", "only entries from this source: reference, sdk or user")
    .option("--json", "print one JSON document")
    .addHelpText(
      "after",
      examples(["miosa-err list", "miosa-err list --source sdk", "miosa-err list --area snapshots", "miosa-err list --status 409 | cut -f2"]),
    )
    .action((flags: ListFlags, command: Command) => runner(command, parseListOptions(flags), runList));
}
