// Tables: boxed and wrapped (cli-table3) on a terminal, tab-separated rows
// without a header when piped, so `cut` and `awk` get clean columns.
import type { IO } from "../cli/io.js";
import { safeText } from "../core/sanitize.js";

export interface TableColumn {
  header: string;
  /** Share of the spare width this column gets when wrapping on a terminal. */
  flex?: number;
}

function tsvCell(value: string): string {
  return safeText(value, { singleLine: true }).replace(/\t/g, " ");
}

export async function renderTable(io: IO, columns: readonly TableColumn[], rows: readonly string[][]): Promise<string> {
  if (!io.stdout.isTTY) return rows.map((row) => row.map(tsvCell).join("\t")).join("\n") + (rows.length ? "\n" : "");
  const { default: Table } = await import("cli-table3");
  const width = Math.max(60, io.stdout.columns);
  const fixed = columns.map((column, index) => (column.flex ? 0 : Math.max(column.header.length, ...rows.map((row) => (row[index] ?? "").length)) + 2));
  const flexTotal = columns.reduce((sum, column) => sum + (column.flex ?? 0), 0);
  const spare = Math.max(20, width - fixed.reduce((a, b) => a + b, 0) - columns.length - 1);
  const colWidths = columns.map((column, index) => (column.flex ? Math.max(12, Math.floor((spare * column.flex) / flexTotal)) : (fixed[index] ?? 10)));
  const table = new Table({
    head: columns.map((column) => column.header),
    colWidths,
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const row of rows) table.push(row.map((cell) => safeText(cell, { singleLine: true })));
  return `${table.toString()}\n`;
}
