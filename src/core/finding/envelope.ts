// Reads a MIOSA error out of a parsed JSON body, whatever shape it came in
// (the facts file's "body shapes seen in the wild"). Total: any JSON value
// in, an EnvelopeFacts or null out, never a throw.
import { CLI_CLASS_CODES, statusInCliMessage } from "./cli-messages.js";
import type { FieldError } from "./finding.js";
import { collectFieldErrors, looksLikeFieldMap } from "./field-errors.js";
import { booleanField, isObject, numberField, previewJson, statusField, textField, type JsonObject } from "./values.js";

/**
 * What a line must hold for an envelope to be in it (see markers.ts): "error"
 * or "ERROR" (also "Error"), a "code" key; or, for a one-line body in a weak
 * shape, how it starts.
 */
export const ENVELOPE_MARKERS = {
  words: ["rror", "RROR", '"code"'],
  jsonStarts: ['{"message"', '{"detail"', '{"status"', '{"ok"'],
} as const;

export interface EnvelopeFacts {
  code: string | null;
  message: string | null;
  request_id: string | null;
  retryable: boolean | null;
  /** From retry_after (seconds) or retry_after_ms in the body. */
  retry_after_s: number | null;
  field_errors: FieldError[];
  details: string | null;
  hint: string | null;
  /** A status the body itself states ({"status": 404, ...}). */
  status: number | null;
  /** The MIOSA CLI's `--json` wrapper, {"ok": false, "error": {...}}. */
  cli_wrapper: boolean;
  /** Fields of the wrong type, read as text anyway. */
  warnings: string[];
}

export interface ReadOptions {
  /**
   * The HTTP status around the body, when known. A success status means no
   * error; an error status lets the weak shapes ({"message": ...} alone)
   * count; unknown lets them count only in an object made of envelope fields.
   */
  statusHint: number | null;
}

// Fields an error body is made of. An object with only these keys is an
// error body even in its weak forms; a log record (ts, level, ...) is not.
const ENVELOPE_KEYS = new Set([
  "error",
  "errors",
  "code",
  "message",
  "detail",
  "details",
  "request_id",
  "requestId",
  "status",
  "status_code",
  "statusCode",
  "retryable",
  "retry_after",
  "retry_after_ms",
  "ok",
  "hint",
  "type",
  "title",
  "field_errors",
  "error_code",
  "error_description",
  "success",
]);

// Fields of the error object decode reads itself; the rest go to details.
const KNOWN_ERROR_FIELDS = new Set([
  "code",
  "message",
  "request_id",
  "requestId",
  "details",
  "retryable",
  "retry_after",
  "retry_after_ms",
  "errors",
  "field_errors",
  "hint",
  "status",
  "error_code",
  "detail",
  "msg",
]);

// Connection failures Node and undici report with a `code`: not answers from
// the API, so a log record holding one is not a MIOSA error.
const TRANSPORT_CODE = /^(?:E(?:CONNREFUSED|CONNRESET|NOTFOUND|TIMEDOUT|AI_AGAIN|PIPE|HOSTUNREACH|NETUNREACH|CONNABORTED|PROTO)|UND_ERR_[A-Z_]+|ERR_[A-Z_]+)$/;
// An `error` string that is a code rather than a sentence: EMAIL_MISMATCH, invalid_token.
const CODE_LIKE = /^(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{4,}|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)$/;

function onlyEnvelopeKeys(object: JsonObject): boolean {
  let any = false;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    if (!ENVELOPE_KEYS.has(key)) return false;
    any = true;
  }
  return any;
}

// The fields fromTopLevel reads: a body with none of them (a log record around an envelope) holds no error of its own.
const TOP_LEVEL_FIELDS = ["code", "error_code", "message", "detail", "title", "errors", "field_errors", "details"] as const;
/** Those of TOP_LEVEL_FIELDS no marker word (ENVELOPE_MARKERS) is in: a record without them or a marker holds no envelope (markers.ts). */
export const WEAK_ENVELOPE_FIELDS = ["message", "detail", "title"] as const;

/** Reads the error in a parsed body; null when the value holds none. */
export function readEnvelope(value: unknown, options: ReadOptions): EnvelopeFacts | null {
  if (!isObject(value)) return null;
  const hint = options.statusHint;
  if (hint !== null && hint < 400) return null;
  if (value.ok === true || value.success === true) return null;
  const bodyStatus = statusField(value.status) ?? statusField(value.status_code) ?? statusField(value.statusCode);
  if (hint === null && bodyStatus !== null && bodyStatus < 400) return null;
  const errorish = (hint ?? bodyStatus ?? 0) >= 400;
  const plain = onlyEnvelopeKeys(value);
  const error = value.error;
  if (isObject(error)) return fromErrorObject(value, error, { errorish, plain, bodyStatus });
  if (typeof error === "string" && error.trim() !== "") return fromErrorString(value, error.trim(), { errorish, plain, bodyStatus });
  if (error !== undefined && error !== null && error !== false && typeof error !== "string") {
    // {"error": 42} or {"error": [...]}: an error of an unexpected type.
    if (!errorish && !plain) return null;
    const facts = emptyFacts(bodyStatus);
    facts.message = textField(error, "error", facts.warnings);
    return finish(value, null, facts);
  }
  return fromTopLevel(value, { errorish, plain, bodyStatus });
}

interface Context {
  errorish: boolean;
  plain: boolean;
  bodyStatus: number | null;
}

/** Facts with nothing known yet; text forms (SDK prints) fill them in. */
export function emptyFacts(status: number | null): EnvelopeFacts {
  return {
    code: null,
    message: null,
    request_id: null,
    retryable: null,
    retry_after_s: null,
    field_errors: [],
    details: null,
    hint: null,
    status,
    cli_wrapper: false,
    warnings: [],
  };
}

function fromErrorObject(body: JsonObject, error: JsonObject, context: Context): EnvelopeFacts | null {
  const facts = emptyFacts(context.bodyStatus ?? statusField(error.status));
  facts.code = textField(error.code ?? error.error_code, "code", facts.warnings);
  facts.message = textField(error.message ?? error.detail ?? error.msg, "message", facts.warnings);
  facts.request_id = textField(error.request_id ?? error.requestId ?? body.request_id ?? body.requestId, "request_id", facts.warnings);
  const serialisedJsError = typeof error.stack === "string";
  const transport = facts.code !== null && TRANSPORT_CODE.test(facts.code);
  const strong = (facts.code !== null && !transport) || facts.request_id !== null;
  const accepted = context.errorish || (!serialisedJsError && (strong || (context.plain && facts.message !== null)));
  if (!accepted) return null;
  facts.cli_wrapper = body.ok === false;
  if (facts.cli_wrapper && facts.code !== null && CLI_CLASS_CODES.has(facts.code)) {
    // The CLI's own class name, not the API's code: the status, when its message says it, is what there is.
    facts.code = null;
    facts.status ??= facts.message ? (statusInCliMessage(facts.message)?.status ?? null) : null;
  }
  facts.hint = textField(error.hint, "hint", facts.warnings);
  return finish(body, error, facts);
}

function fromErrorString(body: JsonObject, error: string, context: Context): EnvelopeFacts | null {
  const facts = emptyFacts(context.bodyStatus);
  const siblingCode = textField(body.code ?? body.error_code, "code", facts.warnings);
  facts.request_id = textField(body.request_id ?? body.requestId, "request_id", facts.warnings);
  if (siblingCode !== null) {
    // Legacy flat: {"error": "Insufficient credits", "code": "INSUFFICIENT_CREDITS"}.
    facts.code = siblingCode;
    facts.message = error;
  } else if (CODE_LIKE.test(error) && error.length <= 100) {
    // Code in `error`: {"error": "EMAIL_MISMATCH", "detail": "Invite email does not match"}.
    facts.code = error;
    facts.message = textField(body.detail ?? body.message ?? body.error_description, "message", facts.warnings);
  } else {
    // {"error": "Not found"}: a message with no code.
    facts.message = error.length > 2000 ? `${error.slice(0, 1999)}…` : error;
  }
  const transport = facts.code !== null && TRANSPORT_CODE.test(facts.code);
  const strong = facts.code !== null && !transport && (siblingCode !== null || context.plain || facts.request_id !== null);
  if (!(context.errorish || strong || (context.plain && !transport))) return null;
  return finish(body, null, facts);
}

/** The shapes without an `error` field: {"message","code"}, {"message"}, {"detail"}, {"errors": [...]}. */
function fromTopLevel(body: JsonObject, context: Context): EnvelopeFacts | null {
  if (!context.errorish && !context.plain) return null;
  if (!TOP_LEVEL_FIELDS.some((key) => body[key] !== undefined)) return null;
  const facts = emptyFacts(context.bodyStatus);
  facts.code = textField(body.code ?? body.error_code, "code", facts.warnings);
  facts.request_id = textField(body.request_id ?? body.requestId, "request_id", facts.warnings);
  const detail = body.detail;
  facts.message = textField(body.message ?? (typeof detail === "string" ? detail : undefined) ?? body.title, "message", facts.warnings);
  const errors = body.errors;
  if (facts.message === null && Array.isArray(errors) && errors.every((item) => typeof item === "string")) {
    facts.message = errors.map((item) => String(item)).join("; ") || null;
  }
  // Phoenix's own error view, {"errors": {"detail": "Not Acceptable"}}: a message, not a field named detail.
  const phoenix = isObject(errors) && typeof errors.detail === "string" && Object.keys(errors).length === 1;
  if (phoenix) facts.message ??= textField(errors.detail, "message", facts.warnings);
  if (facts.code !== null && TRANSPORT_CODE.test(facts.code) && !context.errorish) return null;
  const result = finish(phoenix ? { ...body, errors: undefined } : body, null, facts);
  // {"detail": [{loc, msg}]} carries field errors and no message.
  if (result.field_errors.length === 0 && Array.isArray(detail)) result.field_errors = collectFieldErrors(detail);
  if (result.code === null && result.message === null && result.field_errors.length === 0) return null;
  return result;
}

const VALIDATION_CODE = /valid|buildspec|required|missing/i;

/** A validation error (422, or a code that says so): its `details` map holds field errors. */
export function isValidationError(status: number | null, code: string | null): boolean {
  return status === 422 || (code !== null && VALIDATION_CODE.test(code));
}

/** Field errors, retry hints, details: the parts every shape shares. */
function finish(body: JsonObject, error: JsonObject | null, facts: EnvelopeFacts): EnvelopeFacts {
  facts.retryable = booleanField(error?.retryable ?? body.retryable);
  const details = error?.details ?? body.details;
  const afterMs = numberField(error?.retry_after_ms ?? body.retry_after_ms ?? (isObject(details) ? details.retry_after_ms : undefined));
  const after = numberField(error?.retry_after ?? body.retry_after);
  facts.retry_after_s = after ?? (afterMs === null ? null : afterMs / 1000);

  const validation = isValidationError(facts.status, facts.code);
  const fieldSources: unknown[] = [body.errors, error?.errors, error?.field_errors, body.field_errors];
  let detailsUsed = false;
  // `details` holds field errors when it is a list of them, or a message map on a validation error.
  if (Array.isArray(details) || (validation && looksLikeFieldMap(details))) {
    fieldSources.splice(1, 0, details);
    detailsUsed = true;
  }
  for (const source of fieldSources) {
    // Most are absent: collectFieldErrors would answer a new empty list for each.
    if (!Array.isArray(source) && !isObject(source)) continue;
    const found = collectFieldErrors(source);
    if (found.length > 0) {
      facts.field_errors = found;
      break;
    }
  }
  if (facts.field_errors.length === 0) detailsUsed = false;

  // What is left for a reader: details that were not field errors, and extra fields (shape 7).
  // Made when there is any: most errors have none.
  let extra: JsonObject | null = null;
  if (details !== undefined && details !== null && !detailsUsed) extra = { details };
  if (error) {
    for (const key in error) {
      if (Object.hasOwn(error, key) && !KNOWN_ERROR_FIELDS.has(key) && key !== "stack") (extra ??= {})[key] = error[key];
    }
  }
  if (extra !== null) {
    // Its keys, not whether it was made: a "__proto__" field sets no key of it.
    const keys = Object.keys(extra);
    if (keys.length > 0) facts.details = previewJson(keys.length === 1 && keys[0] === "details" ? extra.details : extra, 300);
  }
  return facts;
}

// A build's error code: BUILD_STEP_FAILED, BUILDS_TEMPORARILY_UNAVAILABLE.
const BUILD_CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/**
 * A failed build recorded in a successful answer (`GET .../builds` answers
 * 200 with `{"state": "failed", "error_code": "BUILD_STEP_FAILED",
 * "error_message": "..."}`): its code and message, or null for any other object.
 */
export function readBuildRecord(value: unknown): EnvelopeFacts | null {
  if (!isObject(value) || typeof value.error_code !== "string" || !BUILD_CODE.test(value.error_code.trim())) return null;
  const state = typeof value.state === "string" ? value.state : typeof value.status === "string" ? value.status : null;
  if (state !== null && !/^(?:failed|error|errored|cancelled|canceled)$/i.test(state)) return null;
  const facts = emptyFacts(null);
  facts.code = value.error_code.trim();
  facts.message = textField(value.error_message ?? value.error ?? value.message ?? value.failure_reason, "error_message", facts.warnings);
  return facts;
}
