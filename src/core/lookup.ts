// Explains a code: exact (normalised) lookup, bare HTTP statuses, area and
// status filters, and suggestions for codes the catalog does not know.
import { distance } from "fastest-levenshtein";
import { codeKey, parseArea, type Area, type Catalog, type CatalogEntry } from "./catalog.js";

export interface EntryFilter {
  area?: Area | undefined;
  status?: number | undefined;
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
      (filter.status === undefined || entry.http_status === filter.status),
  );
}

const STATUS_QUERY = /^[1-5]\d\d$/;
// `NOT_FOUND (snapshot)`, the reference's own way of naming a code in one area.
const AREA_QUALIFIED = /^(.+?)\s*\(\s*([A-Za-z]+)\s*\)$/;

export function explainCode(catalog: Catalog, rawQuery: string, filter: EntryFilter = {}): Explanation {
  const query = rawQuery.trim();
  if (STATUS_QUERY.test(query)) {
    const status = Number(query);
    if (filter.status !== undefined && filter.status !== status) return { query, matches: [], suggestions: [] };
    return { query, matches: filterEntries(catalog.entries, { ...filter, status }), suggestions: [] };
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
  const matches = filterEntries(found, { ...filter, area });
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
  scored.sort((a, b) => a.score - b.score || a.code.localeCompare(b.code));
  return scored.slice(0, limit).map((item) => item.code);
}

/** The catalog as `list` shows it: by area, then code, then status. */
export function sortEntries(entries: readonly CatalogEntry[]): CatalogEntry[] {
  return [...entries].sort(
    (a, b) =>
      a.area.localeCompare(b.area) ||
      a.code.localeCompare(b.code, "en", { sensitivity: "base" }) ||
      a.http_status - b.http_status,
  );
}
