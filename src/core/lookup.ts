// Explains a code: exact (normalised) lookup, bare HTTP statuses, area,
// status and source filters, suggestions for codes the catalog does not know,
// and which of several entries for one code is the best match.
import { distance } from "fastest-levenshtein";
import { codeKey, parseArea, SOURCE_PRIORITY, type Area, type Catalog, type CatalogEntry, type EntrySource } from "./catalog.js";
import { compareText } from "./collate.js";

export interface EntryFilter {
  area?: Area | undefined;
  status?: number | undefined;
  source?: EntrySource | undefined;
}

export interface Explanation {
  query: string;
  matches: CatalogEntry[];
  /** Closest known codes when nothing matched; empty otherwise. */
  suggestions: string[];
}

export function filterEntries(entries: readonly CatalogEntry[], filter: EntryFilter): CatalogEntry[] {
  return entries.filter(
    (entry) =>
      (filter.area === undefined || entry.area === filter.area) &&
      (filter.status === undefined || entry.http_status === filter.status) &&
      (filter.source === undefined || entry.source === filter.source),
  );
}

/**
 * Reference entries first, then the user's, then sdk ones; catalog order
 * within each. Stable, so callers keep whatever order they had inside a source.
 */
export function bySourcePriority(entries: readonly CatalogEntry[]): CatalogEntry[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => SOURCE_PRIORITY[a.entry.source] - SOURCE_PRIORITY[b.entry.source] || a.index - b.index)
    .map((item) => item.entry);
}

const STATUS_QUERY = /^[1-5]\d\d$/;
// `NOT_FOUND (snapshot)`, the reference's own way of naming a code in one area.
const AREA_QUALIFIED = /^(.+?)\s*\(\s*([A-Za-z]+)\s*\)$/;

export function explainCode(catalog: Catalog, rawQuery: string, filter: EntryFilter = {}): Explanation {
  const query = rawQuery.trim();
  if (STATUS_QUERY.test(query)) {
    const status = Number(query);
    if (filter.status !== undefined && filter.status !== status) return { query, matches: [], suggestions: [] };
    return { query, matches: bySourcePriority(filterEntries(catalog.entries, { ...filter, status })), suggestions: [] };
  }
  let code = query;
  let area = filter.area;
  const qualified = AREA_QUALIFIED.exec(query);
  const qualifiedArea = qualified ? parseArea(qualified[2] ?? "") : null;
  if (qualified && qualifiedArea && (area === undefined || area === qualifiedArea)) {
    code = qualified[1] ?? query;
    area = qualifiedArea;
  }
  const found = catalog.byCode.get(codeKey(code)) ?? [];
  const matches = bySourcePriority(filterEntries(found, { ...filter, area }));
  return { query, matches, suggestions: matches.length > 0 ? [] : suggestCodes(catalog, code) };
}

/**
 * The closest known codes: by edit distance on the normalised code, and by
 * substring (`LIMIT` suggests SANDBOX_LIMIT_REACHED). Closest first, at most `limit`.
 */
export function suggestCodes(catalog: Catalog, query: string, limit = 5): string[] {
  const key = codeKey(query);
  if (key === "") return [];
  const scored: { code: string; score: number }[] = [];
  for (const [candidateKey, entries] of catalog.byCode) {
    const code = entries[0]?.code ?? candidateKey;
    const edits = distance(key, candidateKey);
    const tolerance = Math.max(2, Math.floor(Math.max(key.length, candidateKey.length) / 3));
    const contains = key.length >= 3 && (candidateKey.includes(key) || key.includes(candidateKey));
    if (edits <= tolerance) scored.push({ code, score: edits });
    else if (contains) scored.push({ code, score: tolerance + Math.abs(candidateKey.length - key.length) / 100 });
  }
  scored.sort((a, b) => a.score - b.score || compareText(a.code, b.code));
  return scored.slice(0, limit).map((item) => item.code);
}

/** Statuses ascending; an entry with no status given after every one with a status. */
export function compareStatus(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

/** The catalog as `list` shows it: by area, then code, then status, then source priority. */
export function sortEntries(entries: readonly CatalogEntry[]): CatalogEntry[] {
  return [...entries].sort(
    (a, b) =>
      compareText(a.area, b.area) ||
      compareText(a.code, b.code, "base") ||
      compareStatus(a.http_status, b.http_status) ||
      SOURCE_PRIORITY[a.source] - SOURCE_PRIORITY[b.source],
  );
}
