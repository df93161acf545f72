// list: the catalog as a table, by area then code.
import type { CatalogEntry } from "../core/catalog.js";
import { filterEntries, sortEntries } from "../core/lookup.js";
import type { Context } from "../cli/context.js";
import type { Outcome } from "../cli/errors.js";
import { entryJson, jsonDocument } from "../cli/render/json.js";
import { renderTable, type TableColumn } from "../cli/render/table.js";
import { parseFilter, type FilterOptions } from "./filters.js";

export interface ListOptions extends FilterOptions {
  json?: boolean;
}

const COLUMNS: TableColumn[] = [
  { header: "AREA" },
  { header: "CODE" },
  { header: "HTTP" },
  { header: "RETRY" },
  { header: "MEANING", flex: 1 },
];

/** Entries as table rows, in the order given; shared by list and search. */
export async function writeEntryTable(ctx: Context, entries: readonly CatalogEntry[]): Promise<void> {
  const rows = entries.map((entry) => [entry.area, entry.code, String(entry.http_status), entry.retry, entry.meaning]);
  ctx.io.stdout.write(await renderTable(ctx.io, COLUMNS, rows));
}

export async function runList(options: ListOptions, ctx: Context): Promise<Outcome> {
  const filter = parseFilter(options);
  const entries = sortEntries(filterEntries((await ctx.catalog()).entries, filter));
  if (options.json) ctx.io.stdout.write(jsonDocument({ entries: entries.map(entryJson) }));
  else if (entries.length > 0) await writeEntryTable(ctx, entries);
  if (entries.length === 0) {
    if (!options.json) ctx.io.stderr.write("miosa-err: no catalog entries match those filters\n");
    return "nothing_found";
  }
  return "ok";
}
