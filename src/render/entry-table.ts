// Catalog entries as a table: list's and search's output, and the HTTP cell
// catalog diff shares.
import type { CatalogEntry } from "../core/catalog.js";
import type { Context } from "../cli/context.js";
import { renderTable, type TableColumn } from "./table.js";

// SOURCE comes last so piped consumers keep their column numbers.
const COLUMNS: TableColumn[] = [
  { header: "AREA" },
  { header: "CODE", keep: true },
  { header: "HTTP" },
  { header: "RETRY" },
  { header: "MEANING" },
  { header: "SOURCE" },
];

/** The HTTP cell: "-" where the source states no status. */
export function statusCell(status: number | null): string {
  return status === null ? "-" : String(status);
}

/** Entries as table rows, in the order given. */
export async function writeEntryTable(ctx: Context, entries: readonly CatalogEntry[]): Promise<void> {
  const rows = entries.map((entry) => [entry.area, entry.code, statusCell(entry.http_status), entry.retry, entry.meaning, entry.source]);
  ctx.io.stdout.write(await renderTable(ctx.io, COLUMNS, rows));
  // On a terminal, say in words what an sdk row is; piped output stays rows only.
  if (ctx.io.stdout.isTTY) {
    const notes: string[] = [];
    if (entries.some((entry) => entry.source === "sdk")) notes.push("sdk: not in the error reference; seen in MIOSA's SDKs.");
    if (entries.some((entry) => entry.http_status === null)) notes.push("HTTP -: no status given.");
    if (notes.length > 0) ctx.io.stdout.write(`${ctx.chalk.dim(notes.join(" "))}\n`);
  }
}
