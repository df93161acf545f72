// catalog diff's run: the page's rows against the built-in reference entries,
// as a table or JSON (catalog-diff.ts holds the command).
import { builtinCatalog } from "../core/builtin.js";
import type { Area, CatalogEntry } from "../core/catalog.js";
import { diffIsEmpty, diffReference, type DiffField, type ReferenceDiff } from "../core/reference-diff.js";
import type { Context } from "../cli/context.js";
import type { Outcome } from "../cli/exit.js";
import { entryJson, jsonDocument } from "../render/json.js";
import { renderTable, type TableColumn } from "../render/table.js";
import { statusCell } from "../render/entry-table.js";
import { inputName } from "../cli/input/files.js";
import { readDocsPage } from "./catalog-input.js";

export interface CatalogDiffOptions {
  file: string;
  areas: Area[] | undefined;
  json: boolean;
}

const COLUMNS: TableColumn[] = [
  { header: "CHANGE" },
  { header: "AREA" },
  { header: "CODE", keep: true },
  { header: "FIELD" },
  { header: "CATALOG" },
  { header: "PAGE" },
];

const FIELD_NAMES: Record<DiffField, string> = { code: "code", http_status: "http", meaning: "meaning", action: "what to do" };

function wholeRow(entry: CatalogEntry): string {
  return `${statusCell(entry.http_status)} | ${entry.meaning} | ${entry.action}`;
}

function fieldValue(entry: CatalogEntry, field: DiffField): string {
  return field === "http_status" ? statusCell(entry.http_status) : entry[field];
}

export function diffRows(diff: ReferenceDiff): string[][] {
  return [
    ...diff.added.map((entry) => ["added", entry.area, entry.code, "-", "-", wholeRow(entry)]),
    ...diff.removed.map((entry) => ["removed", entry.area, entry.code, "-", wholeRow(entry), "-"]),
    ...diff.changed.flatMap((change) =>
      change.fields.map((field) => [
        "changed",
        change.catalog.area,
        change.catalog.code,
        FIELD_NAMES[field],
        fieldValue(change.catalog, field),
        fieldValue(change.page, field),
      ]),
    ),
  ];
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export async function runCatalogDiff({ file, areas, json }: CatalogDiffOptions, ctx: Context): Promise<Outcome> {
  // The docs' business is the reference rows; sdk and user entries are not compared.
  const reference = builtinCatalog().entries.filter((entry) => entry.source === "reference");
  const page = await readDocsPage(ctx.io, file, areas, reference);
  const diff = diffReference(reference, page.entries);
  const agrees = diffIsEmpty(diff);
  if (json) {
    ctx.io.stdout.write(
      jsonDocument({
        file,
        agrees,
        reference_entries: reference.length,
        page_rows: page.entries.length,
        unchanged: diff.unchanged,
        added: diff.added.map(entryJson),
        removed: diff.removed.map(entryJson),
        changed: diff.changed.map((change) => ({
          area: change.catalog.area,
          code: change.catalog.code,
          fields: change.fields,
          catalog: entryJson(change.catalog),
          page: entryJson(change.page),
        })),
      }),
    );
    return agrees ? "ok" : "differs";
  }
  const name = inputName(file);
  if (agrees) {
    ctx.io.stderr.write(`miosa-err: ${name} agrees with the built-in catalog's ${reference.length} reference entries (code, status, meaning and what to do)\n`);
    return "ok";
  }
  ctx.io.stdout.write(await renderTable(ctx.io, COLUMNS, diffRows(diff)));
  const changedFields = diff.changed.reduce((sum, change) => sum + change.fields.length, 0);
  ctx.io.stderr.write(
    `miosa-err: ${name} differs from the built-in catalog: ${diff.added.length} added, ${diff.removed.length} removed, ` +
      `${diff.changed.length} changed (${plural(changedFields, "field")}), ${diff.unchanged} the same\n`,
  );
  return "differs";
}
