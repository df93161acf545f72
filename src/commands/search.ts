// search WORDS: entries whose code, meaning or action mention every term.
import { filterEntries } from "../core/lookup.js";
import { searchEntries } from "../core/search.js";
import { safeText } from "../core/sanitize.js";
import type { Context } from "../cli/context.js";
import type { Outcome } from "../cli/exit.js";
import { entryJson, jsonDocument } from "../render/json.js";
import { parseFilter, type FilterOptions } from "./filters.js";
import { writeEntryTable } from "./list.js";

export interface SearchOptions extends FilterOptions {
  json?: boolean;
}

export async function runSearch(terms: readonly string[], options: SearchOptions, ctx: Context): Promise<Outcome> {
  const filter = parseFilter(options);
  const entries = searchEntries(filterEntries((await ctx.catalog()).entries, filter), terms);
  if (options.json) ctx.io.stdout.write(jsonDocument({ entries: entries.map(entryJson) }));
  else if (entries.length > 0) await writeEntryTable(ctx, entries);
  if (entries.length === 0) {
    if (!options.json) {
      const words = safeText(terms.join(" "), { singleLine: true });
      ctx.io.stderr.write(`miosa-err: no catalog entry mentions "${words}"\n`);
    }
    return "nothing_found";
  }
  return "ok";
}
