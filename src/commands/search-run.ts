// search's run: the matching entries as a table or JSON (search.ts holds the command, and loads this up front: see command.ts).
import { filterEntries, type EntryFilter } from "../core/lookup.js";
import { searchEntries } from "../core/search.js";
import { safeText } from "../core/sanitize.js";
import type { Context } from "../cli/context.js";
import type { Outcome } from "../cli/exit.js";
import { writeEntryTable } from "../render/entry-table.js";
import { entryJson, jsonDocument } from "../render/json.js";

export interface SearchOptions {
  terms: string[];
  filter: EntryFilter;
  json: boolean;
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
