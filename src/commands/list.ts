// list: the catalog as a table, by area then code.
import { Command } from "commander";
import { filterEntries, sortEntries, type EntryFilter } from "../core/lookup.js";
import type { Context } from "../cli/context.js";
import type { Outcome } from "../cli/exit.js";
import { writeEntryTable } from "../render/entry-table.js";
import { entryJson, jsonDocument } from "../render/json.js";
import { examples, type Runner } from "./command.js";
import { parseFilter, type FilterFlags } from "./filters.js";

export interface ListFlags extends FilterFlags {
  json?: boolean;
}

export interface ListOptions {
  filter: EntryFilter;
  json: boolean;
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

export async function runList({ filter, json }: ListOptions, ctx: Context): Promise<Outcome> {
  const entries = sortEntries(filterEntries((await ctx.catalog()).entries, filter));
  if (json) ctx.io.stdout.write(jsonDocument({ entries: entries.map(entryJson) }));
  else if (entries.length > 0) await writeEntryTable(ctx, entries);
  if (entries.length === 0) {
    if (!json) ctx.io.stderr.write("miosa-err: no catalog entries match those filters\n");
    return "nothing_found";
  }
  return "ok";
}
