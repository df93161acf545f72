// The library miosa-err exports: the catalog, lookup and search, and the
// decoder, usable without the CLI (`import { decodeText, explain } from "miosa-err"`).
// All of it is core: it runs in Node and in a browser alike.
import { builtinCatalog } from "./core/builtin.js";
import type { Catalog } from "./core/catalog.js";
import { explainCode, type EntryFilter, type Explanation } from "./core/lookup.js";
import { searchEntries } from "./core/search.js";

export * from "./core/catalog.js";
export { builtinCatalog, BUILTIN_ENTRIES } from "./core/builtin.js";
export { bySourcePriority, explainCode, filterEntries, sortEntries, suggestCodes } from "./core/lookup.js";
export type { EntryFilter, Explanation } from "./core/lookup.js";
export { bestEntry } from "./core/match.js";
export type { CodeMatch, MatchHints } from "./core/match.js";
export { searchEntries } from "./core/search.js";
export { checkCatalogDocument, formatCatalogProblem } from "./core/validate.js";
export type { CatalogCheck, CatalogProblem } from "./core/validate.js";
export { parseReference, REFERENCE_AREAS } from "./core/reference.js";
export type { ReferenceRow, ParsedReference, ReferenceTable } from "./core/reference.js";
export { areaFromHeading, importReference } from "./core/reference-import.js";
export type { ImportOptions, ImportResult } from "./core/reference-import.js";
export { diffIsEmpty, diffReference } from "./core/reference-diff.js";
export type { DiffField, EntryChange, ReferenceDiff } from "./core/reference-diff.js";
export { inferFault, inferRetry } from "./core/infer.js";
export { RETRY_ADVICE, FAULT_DESCRIPTION, describeStatus, NO_STATUS_TEXT } from "./core/advice.js";
export { safeText, redactSecrets, maskKey } from "./core/sanitize.js";
export { decodeStream, decodeText, DecodeRun, MAX_RUN_WARNINGS } from "./core/decode/run.js";
export type { ByteStreamReader, DecodeResult, DecodeRunOptions } from "./core/decode/run.js";
export type { Decompress } from "./core/decode/har.js";
export { DecodeSummary, summaryKey } from "./core/decode/summary.js";
export type { Finding, FindingKind, FindingForm, FindingSource, FieldError } from "./core/finding/finding.js";

/** Explains a code (or a bare HTTP status) from the built-in catalog, or from `catalog` when given. */
export function explain(code: string, filter: EntryFilter & { catalog?: Catalog } = {}): Explanation {
  return explainCode(filter.catalog ?? builtinCatalog(), code, filter);
}

/** Catalog entries mentioning every term, best first. */
export function search(terms: string | readonly string[], catalog: Catalog = builtinCatalog()) {
  return searchEntries(catalog.entries, typeof terms === "string" ? [terms] : terms);
}
