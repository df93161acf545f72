// What decode reports for each error it finds, and what probe reuses for an
// error answer. The JSON shape is part of the CLI's contract (README).
import type { CatalogEntry } from "../catalog.js";

export type FindingKind = "envelope" | "non_envelope";
export type FindingForm = "envelope" | "curl" | "har" | "log" | "sdk" | "text";

export interface FieldError {
  field: string;
  message: string;
}

export interface FindingSource {
  /** 1-based line where the error starts in its input; 0 when it did not come from text (probe). */
  line: number;
  form: FindingForm;
  /** Which input it came from: a file name, "(stdin)" or "(-e)"; absent for probe. */
  input?: string;
  /** 1-based index of the HAR entry, for form "har". */
  har_entry?: number;
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
  source: FindingSource;

  // Added by decode beyond the minimum shape.
  /** Where request_id was read: the body, a request-id header, or a field of the log line around it. */
  request_id_source: "body" | "header" | "log" | null;
  /** Where retry_after_s came from. */
  retry_after_source: "header" | "body" | null;
  /** A Retry-After HTTP-date that could not be turned into seconds (no Date header to compare with). */
  retry_at: string | null;
  /** `retryable` as the body stated it; null when absent. */
  retryable: boolean | null;
  /** Why the best entry won: "status 409", "path area snapshots", "message" ... */
  match_reasons: string[];
  /** Closest known codes when the code is not in the catalog. */
  suggestions: string[];
  /** Extra facts in the body (details, extra fields), as compact JSON, shortened. */
  details: string | null;
  /** A hint the MIOSA CLI printed with the error. */
  hint: string | null;
  content_type: string | null;
  /** The <title> (or first heading) of an HTML answer. */
  page_title: string | null;
  /** What answered, when headers or the page say (e.g. "cloudflare", "nginx"). */
  served_by: string | null;
  /** For a non-envelope answer: what its body was. */
  body_kind: "html" | "text" | "json" | "empty" | null;
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
