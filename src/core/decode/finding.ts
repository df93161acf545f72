// What decode reports for each error it finds, and what probe reuses for an
// error answer. The JSON shape is part of the CLI's contract (README).
import type { CatalogEntry } from "../catalog.js";

export type FindingKind = "envelope" | "non_envelope";
export type FindingForm = "envelope" | "curl" | "har" | "log" | "sdk" | "text";

export interface FieldError {
  field: string;
  message: string;
}

export interface Finding {
  kind: FindingKind;
  /** The error code as it came (case kept); null when the body carried none. */
  code: string | null;
  message: string | null;
  request_id: string | null;
  /** ISO 8601 time encoded in a ULID request id, else null. Derived, not observed. */
  request_time: string | null;
  /** The observed HTTP status; null when unknown. */
  http_status: number | null;
  method: string | null;
  path: string | null;
  retry_after_s: number | null;
  /** The best catalog entry for this error, or null when the code is unknown. */
  entry: CatalogEntry | null;
  /** Other catalog entries with the same code. */
  alternatives: CatalogEntry[];
  field_errors: FieldError[];
  warnings: string[];
  source: { line: number; form: FindingForm };
}

/**
 * A response as probe (or a transcript) observed it: the input to
 * `explainResponse` in ./response.ts, which decode owns.
 */
export interface ObservedResponse {
  status: number | null;
  /** Header names lower-cased. */
  headers: Readonly<Record<string, string>>;
  body: string;
  method: string | null;
  path: string | null;
}
