// decode's filters (--code, --status, --since, --until), as a predicate on a
// finding. A finding without a time is left out by --since and --until: it
// cannot be shown to fall in the window.
import type { Finding } from "../finding/finding.js";
import { summaryKey } from "../decode/summary.js";
import { seenTime } from "./seen.js";

export interface TriageFilter {
  /** Codes to keep, upper-cased; empty keeps all. */
  codes: readonly string[];
  status: number | null;
  /** Inclusive bounds, ms since the epoch. */
  sinceMs: number | null;
  untilMs: number | null;
}

export const NO_FILTER: TriageFilter = { codes: [], status: null, sinceMs: null, untilMs: null };

export function isFiltering(filter: TriageFilter): boolean {
  return filter.codes.length > 0 || filter.status !== null || filter.sinceMs !== null || filter.untilMs !== null;
}

export function matchesFilter(finding: Finding, filter: TriageFilter): boolean {
  if (filter.status !== null && finding.http_status !== filter.status) return false;
  if (filter.codes.length > 0) {
    const code = (finding.code ?? summaryKey(finding)).toUpperCase();
    const entryCode = finding.entry?.code.toUpperCase();
    if (!filter.codes.some((wanted) => wanted === code || wanted === entryCode)) return false;
  }
  if (filter.sinceMs !== null || filter.untilMs !== null) {
    const seen = seenTime(finding);
    if (!seen) return false;
    if (filter.sinceMs !== null && seen.ms < filter.sinceMs) return false;
    if (filter.untilMs !== null && seen.ms > filter.untilMs) return false;
  }
  return true;
}
