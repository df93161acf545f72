// JSON documents: one per run, entries in a stable shape.
import type { CatalogEntry } from "../core/catalog.js";
import type { Finding } from "../core/finding/finding.js";
import { escapeUnsafeJson, redactStrings } from "../core/sanitize.js";

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
  // A user catalog's text comes from outside: masked like everything else that does (decode --json writes it as is).
  return redactStrings({
    code: entry.code,
    http_status: entry.http_status,
    area: entry.area,
    meaning: entry.meaning,
    action: entry.action,
    retry: entry.retry,
    fault: entry.fault,
    source: entry.source,
  });
}

/** A whole document as printed: secrets masked in every string (a key pasted into a catalog too), unsafe characters escaped. */
export function jsonDocument(value: unknown): string {
  return `${escapeUnsafeJson(JSON.stringify(redactStrings(value), null, 2))}\n`;
}

/** Indents every line but the first of a JSON text, to nest it in a document. */
export function nest(json: string, indent: string): string {
  return json.replaceAll("\n", `\n${indent}`);
}

/** The log search link for a request id: the template with `{request_id}` filled in, URL-encoded. */
export function logUrlFor(template: string | null | undefined, requestId: string | null): string | null {
  if (!template || !requestId) return null;
  return template.split("{request_id}").join(encodeURIComponent(requestId));
}

/** The finding as `--json` prints it: entries in their JSON shape, plus the log link when one is configured. */
export function findingJson(finding: Finding, options: { logUrlTemplate?: string | null } = {}) {
  return {
    ...finding,
    entry: finding.entry ? entryJson(finding.entry) : null,
    alternatives: finding.alternatives.map(entryJson),
    log_url: logUrlFor(options.logUrlTemplate, finding.request_id),
  };
}
