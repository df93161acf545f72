// What a docs page adds, removes or changes against the catalog's reference
// entries. Rows are compared within an area and code; a code may have several
// rows there (invalid_token in auth), so rows are paired by what they still
// share (meaning, then action, then status, then order) before fields are compared.
import { codeKey, type CatalogEntry } from "./catalog.js";

export const DIFF_FIELDS = ["code", "http_status", "meaning", "action"] as const;
export type DiffField = (typeof DIFF_FIELDS)[number];

export interface EntryChange {
  /** The catalog's entry and the page's row it was paired with. */
  catalog: CatalogEntry;
  page: CatalogEntry;
  fields: DiffField[];
}

export interface ReferenceDiff {
  /** Page rows the catalog lacks, in page order. */
  added: CatalogEntry[];
  /** Catalog entries the page lacks, in catalog order. */
  removed: CatalogEntry[];
  changed: EntryChange[];
  unchanged: number;
}

// Markdown renders runs of spaces as one; a re-wrapped cell is not a change.
function sameText(a: string, b: string): boolean {
  return a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();
}

function changedFields(catalog: CatalogEntry, page: CatalogEntry): DiffField[] {
  return DIFF_FIELDS.filter((field) => (field === "http_status" ? catalog.http_status !== page.http_status : !sameText(catalog[field], page[field])));
}

const PAIRING_RULES: ((a: CatalogEntry, b: CatalogEntry) => boolean)[] = [
  (a, b) => changedFields(a, b).length === 0,
  (a, b) => sameText(a.meaning, b.meaning),
  (a, b) => sameText(a.action, b.action),
  (a, b) => a.http_status === b.http_status,
  () => true,
];

function groupKey(entry: CatalogEntry): string {
  return `${entry.area}\u0000${codeKey(entry.code)}`;
}

export function diffReference(catalogEntries: readonly CatalogEntry[], pageEntries: readonly CatalogEntry[]): ReferenceDiff {
  const unpairedCatalog = new Map<string, CatalogEntry[]>();
  for (const entry of catalogEntries) {
    const group = unpairedCatalog.get(groupKey(entry));
    if (group) group.push(entry);
    else unpairedCatalog.set(groupKey(entry), [entry]);
  }
  const pairs = new Map<CatalogEntry, CatalogEntry>();
  const unpairedPage = [...pageEntries];
  // Pair by the strictest rule first across all rows, so an exact match is
  // never taken by a looser pairing of an earlier row.
  for (const rule of PAIRING_RULES) {
    for (let index = 0; index < unpairedPage.length; ) {
      const page = unpairedPage[index]!;
      const group = unpairedCatalog.get(groupKey(page)) ?? [];
      const at = group.findIndex((candidate) => rule(candidate, page));
      if (at === -1) {
        index += 1;
        continue;
      }
      pairs.set(page, group[at]!);
      group.splice(at, 1);
      unpairedPage.splice(index, 1);
    }
  }
  const changed: EntryChange[] = [];
  let unchanged = 0;
  for (const page of pageEntries) {
    const catalog = pairs.get(page);
    if (!catalog) continue;
    const fields = changedFields(catalog, page);
    if (fields.length === 0) unchanged += 1;
    else changed.push({ catalog, page, fields });
  }
  const stillUnpaired = new Set([...unpairedCatalog.values()].flat());
  return {
    added: unpairedPage,
    removed: catalogEntries.filter((entry) => stillUnpaired.has(entry)),
    changed,
    unchanged,
  };
}

export function diffIsEmpty(diff: ReferenceDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}
