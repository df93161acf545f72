// Turns one observed error into a Finding: the envelope's facts, the
// request-id and Retry-After headers around it, and the best catalog entry.
// explainResponse is the entry point probe shares with decode.
import type { Catalog, CatalogEntry } from "../catalog.js";
import { readBuildRecord, readEnvelope, type EnvelopeFacts } from "./envelope.js";
import { salvageEnvelope } from "./salvage.js";
import { blankFinding, sealFinding, type Finding, type FindingForm, type FindingSource, type ObservedResponse } from "./finding.js";
import { chooseEntry } from "../match.js";
import { describeNonEnvelope } from "./non-envelope.js";
import { requestIdFromHeaders, requestTime } from "./request-id.js";
import { parseRetryAfter } from "./retry-after.js";
import { clip, isObject, parseJson, statusField } from "./values.js";

/** Bodies longer than this are not parsed as JSON (a truncated read of them is still salvaged). */
export const MAX_BODY_PARSE = 16 * 1024 * 1024;

/** Everything known around an error besides its body. */
export interface ErrorContext {
  status: number | null;
  method: string | null;
  path: string | null;
  /** Lower-cased response headers. */
  headers: Readonly<Record<string, string>>;
  /** A request id seen next to the error outside the body (header or log field), and its label. */
  outerRequestId?: { value: string; label: string; source: "header" | "log" } | null;
  warnings?: readonly string[];
  /** When the input says the error happened (ISO 8601). */
  time?: string | null;
  /** The status of the answer a build record came in (the finding's own status stays unknown). */
  answerStatus?: number | null;
}

/**
 * Explains an observed HTTP answer: the finding for an error (envelope or
 * not), or null for a success answer, or when nothing says it was an error.
 * `apart`: the envelope of a body printed apart from the rest of the answer
 * (curl -v's stdout captured alone), for an answer whose own body is empty.
 */
export function explainResponse(
  response: ObservedResponse,
  catalog: Catalog,
  form: FindingForm = "curl",
  line = 0,
  apart: EnvelopeFacts | null = null,
): Finding | null {
  const status = statusField(response.status);
  if (status !== null && status < 400) return buildRecordIn(response, catalog, form, line);
  const headers = response.headers ?? {};
  const body = typeof response.body === "string" ? response.body : "";
  const context: ErrorContext = {
    status,
    method: response.method,
    path: response.path,
    headers,
    outerRequestId: headerRequestId(headers),
  };
  const source: FindingSource = { line, form };
  const facts = apart !== null && body.trim() === "" ? apart : readBody(body, status);
  if (facts) return envelopeFinding(facts, context, catalog, source);
  if (status === null) return null;
  return nonEnvelopeFinding(body, context, source);
}

export function headerRequestId(headers: Readonly<Record<string, string>>): ErrorContext["outerRequestId"] {
  const found = requestIdFromHeaders(headers);
  if (!found) return null;
  const name = found.header === "x-request-id" ? "X-Request-ID" : found.header;
  return { value: found.value, label: `the ${name} header`, source: "header" };
}

/** The envelope in a body, or one salvaged from a JSON body cut short. */
export function readBody(body: string, status: number | null): EnvelopeFacts | null {
  const text = body.trim();
  if (!(text.startsWith("{") || text.startsWith("["))) return null;
  const value = text.length <= MAX_BODY_PARSE ? parseJson(text) : undefined;
  if (value !== undefined) return readEnvelope(value, { statusHint: status });
  return text.includes('"error"') || text.includes('"code"') ? salvageEnvelope(text, { statusHint: status }) : null;
}

const METHOD = /^[A-Z]{3,10}$/;

function cleanMethod(method: string | null): string | null {
  // Most come written as they should be: no trimmed or upper-cased copy then.
  if (method !== null && METHOD.test(method)) return method;
  const text = method?.trim().toUpperCase() ?? "";
  return METHOD.test(text) ? text : null;
}

function cleanPath(path: string | null): string | null {
  const text = path?.trim() ?? "";
  return text === "" ? null : clip(text, 2048);
}

/** A finding with what the context says: status, method, path, content type and its warnings. */
function findingIn(kind: Finding["kind"], context: ErrorContext, source: FindingSource, status = context.status): Finding {
  const finding = blankFinding(kind, source);
  finding.http_status = status;
  finding.method = cleanMethod(context.method);
  finding.path = cleanPath(context.path);
  if (context.warnings) finding.warnings.push(...context.warnings);
  finding.content_type = context.headers["content-type"]?.trim() || null;
  finding.time = context.time ?? null;
  return finding;
}

function applyRetryAfter(finding: Finding, headers: Readonly<Record<string, string>>, bodySeconds: number | null): void {
  const header = parseRetryAfter(headers["retry-after"], headers.date);
  if (header && (header.seconds !== null || header.at !== null)) {
    finding.retry_after_s = header.seconds;
    finding.retry_at = header.at;
    finding.retry_after_source = "header";
  } else if (bodySeconds !== null) {
    finding.retry_after_s = bodySeconds;
    finding.retry_after_source = "body";
  }
}

/** The finding for an envelope read from a body, log line or SDK print. */
export function envelopeFinding(facts: EnvelopeFacts, context: ErrorContext, catalog: Catalog, source: FindingSource): Finding {
  const finding = findingIn("envelope", context, source, context.status ?? facts.status);
  finding.code = facts.code;
  finding.message = facts.message;
  if (facts.field_errors.length > 0) finding.field_errors = facts.field_errors.map((error) => ({ field: error.field, message: error.message }));
  finding.details = facts.details;
  finding.hint = facts.hint;
  finding.retryable = facts.retryable;
  if (facts.warnings.length > 0) finding.warnings.push(...facts.warnings);

  const outer = context.outerRequestId ?? null;
  const bodyId = facts.request_id;
  const outerId = outer ? clip(outer.value.trim(), 200) : null;
  if (bodyId) {
    finding.request_id = bodyId;
    finding.request_id_source = "body";
    if (outer && outerId && outerId !== bodyId) {
      finding.warnings.push(`the body's request_id (${bodyId}) differs from ${outer.label} (${outerId}); give support both`);
    }
  } else if (outer && outerId) {
    finding.request_id = outerId;
    finding.request_id_source = outer.source;
  }
  finding.request_time = requestTime(finding.request_id);
  applyRetryAfter(finding, context.headers, facts.retry_after_s);

  const choice = chooseEntry(catalog, { code: facts.code, status: finding.http_status, path: finding.path, message: facts.message });
  finding.entry = choice.entry;
  finding.alternatives = choice.alternatives;
  finding.match_reasons = choice.reasons;
  finding.suggestions = choice.suggestions;
  if (choice.codeKnown && finding.http_status !== null && facts.code) {
    const warning = statusMismatch(facts.code, finding.http_status, choice.entry, choice.alternatives);
    if (warning) finding.warnings.push(warning);
  }
  return sealFinding(finding);
}

/** The warning when the catalog lists `code` only with statuses other than the observed one; null when it lists that one. */
function statusMismatch(code: string, observed: number, entry: CatalogEntry | null, alternatives: readonly CatalogEntry[]): string | null {
  // Asked for every finding, and the answer is nearly always "listed": that check allocates nothing.
  let listed = false;
  if (entry !== null && sameCode(entry.code, code)) listed = entry.http_status === observed;
  for (let i = 0; !listed && i < alternatives.length; i++) listed = sameCode(alternatives[i]!.code, code) && alternatives[i]!.http_status === observed;
  if (listed) return null;
  const known = [entry, ...alternatives].filter((item): item is CatalogEntry => item !== null && sameCode(item.code, code));
  if (known.length === 0) return null;
  const statuses = [...new Set(known.map((item) => item.http_status))];
  return `observed status ${observed}, but the catalog lists ${known[0]!.code} only with ${statuses.join(" or ")}`;
}

/** The same code in any case; spelled the same (the usual case) without lower-cased copies. */
function sameCode(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

/** A successful answer that records a failed build (GET .../builds): the first such build, as a finding. */
function buildRecordIn(response: ObservedResponse, catalog: Catalog, form: FindingForm, line: number): Finding | null {
  const body = typeof response.body === "string" ? response.body : "";
  if (!body.includes("error_code")) return null;
  const value = body.length <= MAX_BODY_PARSE ? parseJson(body.trim()) : undefined;
  // A build has no HTTP status of its own: the answer's is said in the warning.
  const context: ErrorContext = {
    status: null,
    method: response.method,
    path: response.path,
    headers: response.headers,
    outerRequestId: headerRequestId(response.headers),
    answerStatus: statusField(response.status),
  };
  // The records are an object or a list of them, possibly under `data`.
  const candidates = isObject(value)
    ? [value, ...(Array.isArray(value.data) ? value.data : isObject(value.data) ? [value.data] : [])]
    : Array.isArray(value)
      ? value
      : [];
  for (const candidate of candidates.slice(0, 1000)) {
    const facts = readBuildRecord(candidate);
    if (facts) return buildRecordFinding(facts, context, catalog, { line, form });
  }
  return null;
}

/** The finding for a failed build a successful answer records: its code explained, marked as a build's, not the answer's. */
export function buildRecordFinding(facts: EnvelopeFacts, context: ErrorContext, catalog: Catalog, source: FindingSource): Finding {
  const finding = envelopeFinding(facts, { ...context, status: null }, catalog, source);
  finding.kind = "build_record";
  const answer = context.answerStatus ?? context.status;
  finding.warnings.push(`a failed build recorded in a successful answer${answer != null ? ` (${answer})` : ""}: the call worked, the build did not`);
  return finding;
}

/** The finding for an error answer without an envelope: HTML, plain text, an empty or foreign JSON body. */
export function nonEnvelopeFinding(body: string, context: ErrorContext, source: FindingSource): Finding {
  const finding = findingIn("non_envelope", context, source);
  const facts = describeNonEnvelope(body, context.headers);
  finding.page_title = facts.title;
  finding.message = facts.title ?? facts.excerpt;
  finding.served_by = facts.servedBy;
  finding.body_kind = facts.kind;
  if (finding.content_type === null && facts.kind !== "empty") finding.content_type = `${facts.kind} (no Content-Type header)`;
  if (facts.kind === "empty") finding.warnings.push("the answer has an empty body");
  const outer = context.outerRequestId ?? null;
  if (outer) {
    finding.request_id = clip(outer.value.trim(), 200);
    finding.request_id_source = outer.source;
    finding.request_time = requestTime(finding.request_id);
  }
  applyRetryAfter(finding, context.headers, null);
  return sealFinding(finding);
}
