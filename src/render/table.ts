// Tables: boxed on a terminal and fitted to its width, tab-separated rows
// without a header when piped, so `cut` and `awk` get clean columns.
import type { IO } from "../cli/io.js";
import { safeText } from "../core/sanitize.js";
import { truncate } from "./wrap.js";

export interface TableColumn {
  header: string;
  /** Never cut to fit (a code: a cut one is a wrong one). */
  keep?: boolean;
}

/** A column is cut no narrower than this, padding included: two characters, the last an ellipsis. */
const MIN_CUT_WIDTH = 4;

function tsvCell(value: string): string {
  return safeText(value, { singleLine: true }).replace(/\t/g, " ");
}

/**
 * Each column's width (padding included): its widest cell, then, while the
 * table is wider than `width`, the widest column that may be cut is cut to fit.
 */
export function fitColumns(columns: readonly TableColumn[], rows: readonly string[][], width: number): number[] {
  const widths = columns.map((column, index) => Math.max(column.header.length, ...rows.map((row) => (row[index] ?? "").length)) + 2);
  const floor = columns.map(() => MIN_CUT_WIDTH);
  // Borders: one between columns and one at each side.
  let excess = widths.reduce((sum, w) => sum + w, 0) + columns.length + 1 - width;
  while (excess > 0) {
    let widest = -1;
    for (let i = 0; i < columns.length; i++) {
      if (columns[i]!.keep || widths[i]! <= floor[i]!) continue;
      if (widest === -1 || widths[i]! > widths[widest]!) widest = i;
    }
    if (widest === -1) break;
    const cut = Math.min(excess, widths[widest]! - floor[widest]!);
    widths[widest]! -= cut;
    excess -= cut;
  }
  return widths;
}

export async function renderTable(io: IO, columns: readonly TableColumn[], rows: readonly string[][]): Promise<string> {
  if (!io.stdout.isTTY) return rows.map((row) => row.map(tsvCell).join("\t")).join("\n") + (rows.length ? "\n" : "");
  const { default: Table } = await import("cli-table3");
  const cells = rows.map((row) => row.map((cell) => safeText(cell, { singleLine: true })));
  const colWidths = fitColumns(columns, cells, io.stdout.columns > 0 ? io.stdout.columns : 80);
  const table = new Table({
    head: columns.map((column, index) => truncate(column.header, colWidths[index]! - 2)),
    colWidths,
    wordWrap: false,
    style: { head: [], border: [] },
  });
  for (const row of cells) table.push(row.map((cell, index) => truncate(cell, colWidths[index]! - 2)));
  return `${table.toString()}\n`;
}
