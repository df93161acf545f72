// --area and --status, as explain, list and search take them.
import { AREAS, parseArea } from "../core/catalog.js";
import type { EntryFilter } from "../core/lookup.js";
import { safeText } from "../core/sanitize.js";
import { UsageError } from "../cli/errors.js";

export interface FilterOptions {
  area?: string;
  status?: string;
}

export function parseFilter(options: FilterOptions): EntryFilter {
  const filter: EntryFilter = {};
  if (options.area !== undefined) {
    const area = parseArea(options.area);
    if (!area) {
      throw new UsageError(`unknown area "${safeText(options.area, { singleLine: true })}"; areas: ${AREAS.join(", ")}`);
    }
    filter.area = area;
  }
  if (options.status !== undefined) {
    if (!/^\d{3}$/.test(options.status.trim()) || Number(options.status) < 100 || Number(options.status) > 599) {
      throw new UsageError(`--status takes an HTTP status from 100 to 599, not "${safeText(options.status, { singleLine: true })}"`);
    }
    filter.status = Number(options.status);
  }
  return filter;
}
