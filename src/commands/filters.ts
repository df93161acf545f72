// --area, --status and --source, as explain, list and search take them.
import { AREAS, parseArea, SOURCES, type EntrySource } from "../core/catalog.js";
import type { EntryFilter } from "../core/lookup.js";
import { safeText } from "../core/sanitize.js";
import { UsageError } from "../cli/exit.js";

export interface FilterFlags {
  area?: string;
  status?: string;
  source?: string;
}

export function parseFilter(options: FilterFlags): EntryFilter {
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
  if (options.source !== undefined) {
    const source = options.source.trim().toLowerCase();
    if (!(SOURCES as readonly string[]).includes(source)) {
      throw new UsageError(`unknown source "${safeText(options.source, { singleLine: true })}"; sources: ${SOURCES.join(", ")}`);
    }
    filter.source = source as EntrySource;
  }
  return filter;
}
