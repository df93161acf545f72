// list's run: the filtered catalog as a table or JSON (list.ts holds the command, and loads this up front: see command.ts).
import { filterEntries, sortEntries, type EntryFilter } from "../core/lookup.js";
import type { Context } from "../cli/context.js";
import type { Outcome } from "../cli/exit.js";
import { writeEntryTable } from "../render/entry-table.js";
import { entryJson, jsonDocument } from "../render/json.js";

export interface ListOptions {
  filter: EntryFilter;
  json: boolean;
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
