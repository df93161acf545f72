// JSON documents: one per run, entries in a stable shape.
import type { CatalogEntry } from "../../core/catalog.js";

export interface EntryJson {
  code: string;
  /** null: the source states no status (only ever on sdk entries). */
  http_status: number | null;
  area: string;
  meaning: string;
  action: string;
  retry: string;
  fault: string;
  source: string;
}

export function entryJson(entry: CatalogEntry): EntryJson {
  return {
    code: entry.code,
    http_status: entry.http_status,
    area: entry.area,
    meaning: entry.meaning,
    action: entry.action,
    retry: entry.retry,
    fault: entry.fault,
    source: entry.source,
  };
}

export function jsonDocument(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
