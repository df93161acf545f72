// What decode reports for each error it finds, and what probe reuses for an
// error answer. The JSON shape is part of the CLI's contract (README).
import type { CatalogEntry } from "../catalog.js";
import { Doorkeeper } from "../doorkeeper.js";
import { hashStart, hashText } from "../hash.js";
import { mayHoldSecret, redactSecrets } from "../sanitize.js";

/** An error envelope; an error answer without one; a failed build recorded in a successful answer. */
export type FindingKind = "envelope" | "non_envelope" | "build_record";
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
  /** When the input says the error happened (a log record's time, a HAR entry's start), as ISO 8601; else null. */
  time: string | null;
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
 * A finding's fields in the order every finding is made (blankFinding) and
 * printed (decode --json). A new field goes here, in Finding, and in the
 * --json writer's switch (src/render/json-writer).
 */
export const FINDING_FIELDS = [
  "kind",
  "code",
  "message",
  "request_id",
  "request_time",
  "time",
  "http_status",
  "method",
  "path",
  "retry_after_s",
  "entry",
  "alternatives",
  "field_errors",
  "warnings",
  "source",
  "request_id_source",
  "retry_after_source",
  "retry_at",
  "retryable",
  "match_reasons",
  "suggestions",
  "details",
  "hint",
  "content_type",
  "page_title",
  "served_by",
  "body_kind",
] as const satisfies readonly (keyof Finding)[];

// Every key of Finding is in FINDING_FIELDS (the line above checks the other way).
type MissingField = Exclude<keyof Finding, (typeof FINDING_FIELDS)[number]>;
const everyFieldListed: MissingField extends never ? true : MissingField = true;
void everyFieldListed;

// A finding with every field null, its keys in FINDING_FIELDS order: blankFinding copies it, so
// every finding has the same keys in the same order (and V8 one shape for them all).
const BLANK: Finding = Object.fromEntries(FINDING_FIELDS.map((field) => [field, null])) as unknown as Finding;

/** A finding of `kind` with nothing known yet: null fields, empty lists. */
export function blankFinding(kind: FindingKind, source: FindingSource): Finding {
  const finding = { ...BLANK };
  finding.kind = kind;
  finding.alternatives = [];
  finding.field_errors = [];
  finding.warnings = [];
  finding.source = source;
  finding.match_reasons = [];
  finding.suggestions = [];
  return finding;
}

/**
 * The finding with every string that came from outside masked (sanitize.ts):
 * the one place decode redacts, as a finding is finished, so that every
 * writer (human, Markdown, JSON) may print it as it is.
 */
export function sealFinding(finding: Finding): Finding {
  if (!mayHoldSecretAnywhere(finding)) return finding;
  finding.code = redactOrNull(finding.code);
  finding.message = redactOrNull(finding.message);
  finding.request_id = redactOrNull(finding.request_id);
  finding.path = redactOrNull(finding.path);
  finding.method = redactOrNull(finding.method);
  for (let i = 0; i < finding.field_errors.length; i++) {
    const error = finding.field_errors[i]!;
    finding.field_errors[i] = { field: redactSecrets(error.field), message: redactSecrets(error.message) };
  }
  for (let i = 0; i < finding.warnings.length; i++) finding.warnings[i] = redactSecrets(finding.warnings[i]!);
  finding.retry_at = redactOrNull(finding.retry_at);
  finding.details = redactOrNull(finding.details);
  finding.hint = redactOrNull(finding.hint);
  finding.content_type = redactOrNull(finding.content_type);
  finding.page_title = redactOrNull(finding.page_title);
  finding.served_by = redactOrNull(finding.served_by);
  return finding;
}

/** Whether any string of the finding that came from outside may hold a secret (the quick pre-check, field by field). */
function mayHoldSecretAnywhere(finding: Finding): boolean {
  if (
    mayHoldSecretRepeated(finding.code) ||
    mayHoldSecretRepeated(finding.message) ||
    mayHoldSecretRepeated(finding.path) ||
    mayHoldSecretRepeated(finding.method) ||
    mayHoldSecretRepeated(finding.content_type) ||
    mayHoldSecretRepeated(finding.served_by) ||
    mayHoldSecretOrNull(finding.request_id) ||
    mayHoldSecretOrNull(finding.retry_at) ||
    mayHoldSecretOrNull(finding.details) ||
    mayHoldSecretOrNull(finding.hint) ||
    mayHoldSecretOrNull(finding.page_title)
  )
    return true;
  for (const error of finding.field_errors) if (mayHoldSecret(error.field) || mayHoldSecret(error.message)) return true;
  for (const warning of finding.warnings) if (mayHoldSecret(warning)) return true;
  return false;
}

function mayHoldSecretOrNull(text: string | null): boolean {
  return text !== null && mayHoldSecret(text);
}

// A code, a message or a path comes again and again in a log: the pre-check's answer for each is kept
// (a bounded memo), which made sealing a finding several times cheaper than asking the pattern each time.
// Only a text seen before is kept (doorkeeper.ts): one that comes once must not stay on the heap.
const REPEATED_ANSWERS = 1024;
const answers = new Map<string, boolean>();
const doorkeeper = new Doorkeeper();

function mayHoldSecretRepeated(text: string | null): boolean {
  if (text === null) return false;
  let answer = answers.get(text);
  if (answer === undefined) {
    answer = mayHoldSecret(text);
    if (doorkeeper.admit(hashText(hashStart(), text))) {
      if (answers.size >= REPEATED_ANSWERS) answers.clear();
      answers.set(text, answer);
    }
  }
  return answer;
}

function redactOrNull(text: string | null): string | null {
  return text === null ? null : redactSecrets(text);
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
