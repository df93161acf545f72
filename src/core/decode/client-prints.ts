// What MIOSA's own clients print for an API error, read from one line of
// text into Evidence. Each form, and where it comes from in the clients'
// source, is in docs/client-formats.md (the numbers below are its section
// "What decode must recognise"). A line no form matches gives null.
import type { Evidence } from "./evidence.js";
import { lineFacts } from "./evidence.js";
import { statusInCliMessage } from "../finding/cli-messages.js";
import { readBody } from "../finding/explain.js";
import { goCli, goSdk } from "./go-prints.js";
import { collectFieldErrors } from "../finding/field-errors.js";
import { readPrintedLiteral } from "./printed-literal.js";
import { bodyEvidence, definedOnly, FORM, messageAndCode, PAGE_TAG, pageEvidence, unquote } from "./print-parts.js";
import { afterLeadingTime } from "./text-forms.js";

const WINDOW = 64 * 1024;

/** The status an SDK's error class stands for, when it stands for one (Python: 4; the TS SDK: 11). */
const CLASS_STATUS: Record<string, number | null> = {
  AuthenticationError: 401,
  InsufficientCreditsError: 402,
  PermissionError: 403,
  NotFoundError: 404,
  ValidationError: null, // Python: 422; the TS SDK: any other 4xx. The status field says which.
  RateLimitError: 429,
  AuthError: null, // 401 or 403
  ServerError: null,
  MiosaError: null,
  InstallationRequiredError: 409,
  TokenRefreshFailedError: 502,
};
/** Classes that stand for a code of their own: the TS SDK rewrites the code so (MiosaError.fromResponse); Python does not. */
const CLASS_CODE: Record<string, string> = {
  RateLimitError: "RATE_LIMITED",
  InsufficientCreditsError: "INSUFFICIENT_CREDITS",
  ProjectNotLinkedError: "PROJECT_NOT_LINKED",
  SubjectNotAllowedError: "SUBJECT_NOT_ALLOWED",
  ScopeNotAllowedError: "SCOPE_NOT_ALLOWED",
  ManagedProviderBindingOnlyError: "MANAGED_PROVIDER_BINDING_ONLY",
  UserAuthorizationRequiredError: "USER_AUTHORIZATION_REQUIRED",
  EgressHostNotAllowedError: "EGRESS_HOST_NOT_ALLOWED",
  InstallationRequiredError: "INSTALLATION_REQUIRED",
  TokenRefreshFailedError: "TOKEN_REFRESH_FAILED",
};
const SDK_CLASS = new RegExp(`^(?:${[...Object.keys(CLASS_STATUS), ...Object.keys(CLASS_CODE)].join("|")})$`);

/**
 * Python's classes (miosa/errors.py): chosen by status, except those chosen by
 * the body's code, which imply it. ValidationError is 422 only; a 409 is a plain
 * MiosaError. Unlike the TS SDK, a 429 or 402 keeps the body's code, so those
 * classes imply none.
 */
const PYTHON_CLASS_STATUS: Record<string, number | null> = { ...CLASS_STATUS, ValidationError: 422, AuthError: null };
const PYTHON_CLASS_CODE: Record<string, string> = Object.fromEntries(
  Object.entries(CLASS_CODE).filter(([name]) => name !== "RateLimitError" && name !== "InsufficientCreditsError"),
);

function pythonClassFacts(name: string): Pick<Evidence, "errorClass" | "status" | "code"> {
  return { errorClass: name, status: PYTHON_CLASS_STATUS[name] ?? null, code: PYTHON_CLASS_CODE[name] ?? null };
}

export function classFacts(name: string): Pick<Evidence, "errorClass" | "status" | "code"> {
  return { errorClass: name, status: CLASS_STATUS[name] ?? null, code: CLASS_CODE[name] ?? null };
}

// 16-18. Elixir SDK: `** (Miosa.Error) [404] NOT_FOUND: not found`, `[404] message`, and its struct.
const ELIXIR = /(?:^|[\s:)])\[(\d{3})\] (?:([A-Za-z][A-Za-z0-9_]{1,80}): ?)?(.*)$/;
const ELIXIR_STRUCT = "%Miosa.Error{";

function elixir(text: string, line: number): Evidence | null {
  const at = text.indexOf(ELIXIR_STRUCT);
  if (at !== -1) {
    const struct = text.slice(at);
    const facts = lineFacts(struct, line, FORM);
    const message = /"message" => "((?:[^"\\]|\\.){1,500})"/.exec(struct)?.[1] ?? /\bmessage: "((?:[^"\\]|\\.){1,500})"/.exec(struct)?.[1] ?? null;
    // The body's field errors: `"errors" => %{"name" => ["can't be blank"]}` (or a list of them).
    const errors = /"errors" => (?=%\{|\[)/.exec(struct);
    const fieldErrors = errors ? collectFieldErrors(readPrintedLiteral(struct, errors.index + errors[0].length)) : [];
    // A struct that says nothing (prose naming `%Miosa.Error{`, one cut before its fields) is no error.
    if (facts.status == null && facts.code == null && message === null && fieldErrors.length === 0) return null;
    return { ...facts, message: message === null ? null : unquote(message), complete: true, ...(fieldErrors.length > 0 ? { fieldErrors } : {}) };
  }
  const banner = text.startsWith("** (Miosa.Error) ") ? text.slice(17) : null;
  const match = ELIXIR.exec(banner !== null ? ` ${banner}` : text);
  if (match) {
    const status = Number(match[1]);
    if (status < 400) return null;
    return { line, form: FORM, status, code: match[2] ?? null, message: (match[3] ?? "").trim() || null, complete: true };
  }
  return banner !== null ? { line, form: FORM, ...messageAndCode(banner.trim()), complete: true } : null;
}

// 8-9. TypeScript CLI: `Error: <message>` with `  - field: message`, `  Code:`, `  Hint:`, `  Details:`,
// `  Request ID:` lines; `[debug] POST /path -> HTTP 422 request_id=...` and `[debug] response_body=...`.
const TS_CLI_ERROR = /^(?:[✖✗×!]\s*)?(?:Error|Unexpected error|Fatal):\s+(.*)$/;
const TS_CLI_FIELD = /^\s{2,}(Code|Hint|Details|Request ID|Status|Retryable|Retry After):\s*(.*)$/;
const TS_CLI_ITEM = /^\s{2,}- (.+?): (.+)$/;
const TS_DEBUG_CALL = /^\[debug\] ([A-Z]{3,7}) (\S{1,4096}) -> HTTP (\d{3})(?: request_id=(\S{1,200}))?\s*$/;
const TS_DEBUG_BODY = /^\[debug\] response_body=(.*)$/;
const PAGE_TITLE = /<title[^>]{0,200}>\s*[^<\s]/i;
function tsCli(text: string, line: number): Evidence | null {
  const call = TS_DEBUG_CALL.exec(text);
  if (call)
    return { line, form: FORM, method: call[1]!, path: call[2]!, status: Number(call[3]), requestId: call[4] ?? null, print: true, startsError: "request" };
  const body = TS_DEBUG_BODY.exec(text);
  if (body) return bodyEvidence(body[1] ?? "", null, { line, form: FORM, print: true });
  const error = TS_CLI_ERROR.exec(text);
  if (error) {
    const message = (error[1] ?? "").trim();
    const said = statusInCliMessage(message);
    // The raw body as the message (a proxy's page), after the CLI's own words (`Server error (502): `) if any:
    // an error once a status is known, from the words or the page's title, or once the page has a title.
    const at = message.search(PAGE_TAG);
    const page =
      at === 0 || (at > 0 && message.startsWith(": ", at - 2))
        ? pageEvidence(message.slice(at), { line, form: FORM, status: said?.status ?? null, print: true, complete: true, startsError: "block" })
        : null;
    if (page && (page.status != null || PAGE_TITLE.test(page.body ?? ""))) return page;
    if (said) return { line, form: FORM, message, status: said.status, inferredStatus: said.inferred, print: true, complete: true, startsError: "block" };
    return { line, form: FORM, message, print: true, opensBlock: true, startsError: "block" };
  }
  const field = TS_CLI_FIELD.exec(text);
  if (field) {
    const value = (field[2] ?? "").trim();
    const part: Evidence = { line, form: FORM, print: true, continuation: true };
    switch (field[1]) {
      case "Code":
        return { ...part, code: value || null };
      case "Hint":
        return { ...part, hint: value || null };
      case "Details": {
        // In --debug the raw body (an AuthError's, a ServerError's): the same error's, not another one.
        const body = value.startsWith("{") ? readBody(value, null) : null;
        return body ? { ...part, envelope: body } : { ...part, details: value || null };
      }
      case "Request ID":
        return { ...part, requestId: value || null };
      case "Status":
        return { ...part, status: /^\d{3}$/.test(value) ? Number(value) : null };
      case "Retryable":
        return { ...part, retryable: /^(true|yes)$/i.test(value) ? true : /^(false|no)$/i.test(value) ? false : null };
      default:
        return { ...part, retryAfter: /^\d{1,9}$/.test(value) ? value : null };
    }
  }
  const item = TS_CLI_ITEM.exec(text);
  if (item) return { line, form: FORM, fieldErrors: [{ field: item[1]!.trim(), message: item[2]!.trim() }], fieldLine: true, continuation: true };
  return null;
}

// 13-14. Python SDK: a traceback's `miosa.errors.NotFoundError: message`, and the repr
// `ValidationError(message='...', status_code=422, code='...', request_id='...')`.
const PYTHON_RAISED = /(?:^|\s)miosa\.errors\.([A-Za-z]+Error): ?(.*)$/;
const PYTHON_REPR_ALL = /\b([A-Za-z]+Error)\(message=(?:'((?:[^'\\]|\\.){0,2000})'|"((?:[^"\\]|\\.){0,2000})")/g;

// _extract_message's words when the body gave no message: the status is in them.
const PYTHON_FALLBACK = /^API request failed with status (\d{3})$/;

function python(text: string, line: number): Evidence | null {
  const raised = PYTHON_RAISED.exec(text);
  if (raised) {
    const facts = pythonClassFacts(raised[1]!);
    const message = (raised[2] ?? "").trim();
    const fallback = PYTHON_FALLBACK.exec(message);
    if (fallback) return { line, form: FORM, ...facts, status: Number(fallback[1]), message, complete: true };
    const page = pageEvidence(message, { line, form: FORM, ...facts, complete: true });
    if (page) return page;
    return { line, form: FORM, ...facts, message: message || null, complete: true, inferredStatus: facts.status !== null };
  }
  return pythonReprs(text, line)[0] ?? null;
}

/** Reprs read from one line; more are said in a warning, not read. */
const MAX_REPRS = 100;

/**
 * Every repr of an SDK error in the line, in order: a logged list or dict of
 * them holds several (`{'a': MiosaError(...), 'b': AuthenticationError(...)}`).
 */
export function pythonReprs(text: string, line: number): Evidence[] {
  const found: Evidence[] = [];
  const reprs = [...text.matchAll(PYTHON_REPR_ALL)].filter((repr) => SDK_CLASS.test(repr[1]!));
  for (let i = 0; i < reprs.length && i < MAX_REPRS; i++) {
    const repr = reprs[i]!;
    // Each repr's own fields: up to where the next one starts.
    const facts = lineFacts(text.slice(repr.index, reprs[i + 1]?.index), line, FORM);
    const klass = pythonClassFacts(repr[1]!);
    const quoted = repr[2] ?? repr[3];
    const message = quoted === undefined ? null : unquote(quoted);
    const evidence: Evidence = { ...facts, errorClass: klass.errorClass, code: facts.code ?? klass.code, message, complete: true };
    found.push((message !== null && pageEvidence(message, { ...evidence, message: null })) || evidence);
  }
  if (reprs.length > MAX_REPRS) found.at(-1)!.warnings = [`line ${line} holds ${reprs.length} SDK errors: the first ${MAX_REPRS} were read`];
  return found;
}

// 11. The TypeScript SDK's error as Node prints it: `NotFoundError: message` heading the stack, its fields after.
// The bundled base class is `_MiosaError`. A caller's words may come first (`console.error("GET /x failed:", err)`).
const TS_SDK_HEADING = /(?:^|[\s:])_*([A-Za-z]+Error): (.*)$/;

// Its `details` property on one line: a changeset's field errors (`{ name: [ "can't be blank" ] }`).
const TS_SDK_DETAILS = /^ {2}details: (?=[{[])/;

function tsSdk(text: string, line: number): Evidence | null {
  const details = TS_SDK_DETAILS.exec(text);
  if (details) {
    const value = readPrintedLiteral(text, details[0].length);
    const fieldErrors = collectFieldErrors(value);
    return fieldErrors.length > 0 ? { line, form: FORM, fieldErrors, detailsMap: !Array.isArray(value), continuation: true } : null;
  }
  const heading = TS_SDK_HEADING.exec(text);
  if (!heading || !SDK_CLASS.test(heading[1]!)) return null;
  const message = heading[2]!.trim() || null;
  const block: Evidence = { line, form: FORM, errorClass: heading[1]!, message, opensBlock: true, startsError: "block" };
  const before = text.slice(0, heading.index);
  if (before.trim() === "") return { ...block, ...classFacts(heading[1]!) };
  const said = definedOnly(lineFacts(before, line, FORM));
  // After a caller's words the class names are everyone's (`worker failed: AuthenticationError: bad password`):
  // the heading opens a block, whose `{ status, code, requestId }` says what it is, and implies nothing itself,
  // unless the words name MIOSA (`` `miosa call failed: ${err}` ``).
  if (!/miosa/i.test(before)) return { ...said, ...block };
  // The words say a MIOSA call failed: an error even when its class implies no status (ValidationError).
  return { ...said, ...block, ...classFacts(heading[1]!), failed: true };
}

// A print inside a quoted value: slog's and logrus's `err="miosa: {\"error\": ...} (status=404, ...)"`, Go's %q
// of an error, fmt.wrapError's `msg:"..."` in %#v, a TS CLI's or Python's error line logged as a logfmt field.
// Only a whole print (a complete one) counts from there.
const QUOTED_PRINT_WORDS = ["miosa: ", "(status=", "API error status=", "Error(message=", "%Miosa.Error{", "] ", "Error: ", "miosa.errors."];
/** Quoted values read for a print on one line (those that hold a print's words): a log line has a few. */
const MAX_QUOTED_VALUES = 32;

/** A client's whole print inside a quoted value of the line (a logfmt field, a %q), or null. */
export function quotedClientPrint(raw: string, line: number): Evidence | null {
  const text = raw.length > WINDOW ? raw.slice(0, WINDOW) : raw;
  let open = text.indexOf('"');
  let read = 0;
  while (open !== -1 && read < MAX_QUOTED_VALUES) {
    const close = closingQuote(text, open);
    // A quote never closed: nothing after it is a quoted value (and no later quote is searched again).
    if (close === -1) return null;
    const inner = text.slice(open + 1, close);
    if (QUOTED_PRINT_WORDS.some((word) => inner.includes(word))) {
      read++;
      const value = unquote(inner);
      // A print of several lines logged as one value (`Error: ...\n  Hint: ...`): its first line says the error.
      const whole = clientPrint(value, line);
      const evidence = whole?.complete || !value.includes("\n") ? whole : clientPrint(value.slice(0, value.indexOf("\n")), line);
      if (evidence?.complete) return evidence;
    }
    open = text.indexOf('"', close + 1);
  }
  return null;
}

/** Where the string opened by the quote at `open` closes (a backslash escapes the next character), or -1. */
function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i;
    else if (c === 10) return -1;
  }
  return -1;
}

/** What a client printed on this line (ANSI codes and quoting already taken off), or null. */
export function clientPrint(raw: string, line: number): Evidence | null {
  const text = raw.length > WINDOW ? raw.slice(0, WINDOW) : raw;
  // A log's own time before a print (its heading, a `  Code:` line) is the record's, read apart (lineEvidence).
  const at = afterLeadingTime(text);
  const trimmed = (at > 0 ? text.slice(at) : text).trimEnd();
  return (
    goSdk(trimmed, line) ?? goCli(trimmed.trimStart(), line) ?? tsCli(trimmed, line) ?? python(trimmed, line) ?? elixir(trimmed, line) ?? tsSdk(trimmed, line)
  );
}
