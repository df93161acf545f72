// What MIOSA's own clients print for an API error, read from one line of
// text into Evidence. Each form, and where it comes from in the clients'
// source, is in docs/client-formats.md (the numbers below are its section
// "What decode must recognise"). A line no form matches gives null.
import type { Evidence } from "./evidence.js";
import { lineFacts } from "./evidence.js";
import type { FindingForm } from "../finding/finding.js";
import { statusInCliMessage } from "../finding/cli-messages.js";
import { readBody } from "../finding/explain.js";

const WINDOW = 64 * 1024;
const FORM: FindingForm = "sdk";

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

// A code written before its message: `SANDBOX_NOT_RUNNING: sandbox is not running`.
const CODE_PREFIX = /^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+):\s+(.*)$/;
const CODE_ALONE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/** Evidence for a message that may carry its code first, or be a code alone (the Go SDK prints EMAIL_MISMATCH so). */
function messageAndCode(text: string): Pick<Evidence, "message" | "code"> {
  const prefixed = CODE_PREFIX.exec(text);
  if (prefixed) return { code: prefixed[1]!, message: prefixed[2]!.trim() || null };
  if (CODE_ALONE.test(text)) return { code: text, message: null };
  return { message: text || null };
}

/** A raw body a client printed: its envelope, or what it was (an HTML page, text). */
function bodyEvidence(body: string, status: number | null, evidence: Evidence): Evidence {
  const facts = readBody(body, status);
  if (facts) return { ...evidence, envelope: facts };
  return { ...evidence, body: body.trim() };
}

// 3. Go SDK: `miosa: <MSG> (status=409[, request_id=req_...])`, the message the raw body for an envelope.
const GO_SDK_SUFFIX = / \(status=(\d{1,3})(?:, request_id=([^)\s]{1,200}))?\)\s*$/;

function goSdk(text: string, line: number): Evidence | null {
  const suffix = GO_SDK_SUFFIX.exec(text);
  if (!suffix) return null;
  const start = text.lastIndexOf("miosa: ", suffix.index);
  if (start === -1) return null;
  const code = Number(suffix[1]);
  const status = code >= 100 && code <= 599 ? code : null;
  const message = text.slice(start + 7, suffix.index).trim();
  // Status 0: an error the SDK made itself, no answer of the API's (builder_sessions.go, models.go).
  if (code === 0 && !message.startsWith("{")) return null;
  // What stands before it (a log's time, `create template: `) may say more: a method and path.
  const evidence: Evidence = { ...lineFacts(text.slice(0, start), line, FORM), complete: true };
  evidence.status = status;
  evidence.requestId = suffix[2] ?? evidence.requestId ?? null;
  if (message.startsWith("{")) return bodyEvidence(message, status, evidence);
  return { ...evidence, ...messageAndCode(message) };
}

// 4-7. Go CLI: `miosa: API error status=409 body=...`, `miosa: API returned 404`, `miosa: API error 404`,
// `miosa: logs API error status=500`, its friendly lines, and `miosa: command failed`.
const GO_CLI_BODY = /\bAPI error status=(\d{3}) body=(.*)$/;
const GO_CLI_STATUS = /^miosa: (API returned|API error|logs API error status=)\s*(\d{3})\s*$/;
// Go's *url.Error, as the SDK's connection error and the CLI's transport failures print it: `Get "https://host/path": dial tcp ...`.
const GO_URL_ERROR = /\b(Get|Post|Put|Patch|Delete|Head|Options) "(https?:\/\/[^"\s/]{1,255})(\/[^"\s]{0,2048})?": /;

/** The method and path a Go url.Error names, when the text holds one. */
function goUrlError(text: string): Pick<Evidence, "method" | "path"> {
  const match = GO_URL_ERROR.exec(text);
  return match ? { method: match[1]!.toUpperCase(), path: match[3] ?? "/" } : {};
}
const GO_CLI_FRIENDLY: readonly [RegExp, number | null, string | null][] = [
  [/^miosa: resource not found\s*$/, 404, null],
  [/^miosa: not authenticated \(run 'miosa login'\)\s*$/, 401, null],
  [/^miosa: insufficient credits \(visit [^)]*\)\s*$/, 402, "INSUFFICIENT_CREDITS"],
  [/^miosa: permission denied\s*$/, 403, null],
  [/^miosa: rate limit exceeded\b/, 429, null],
  [/^miosa: cannot reach the MIOSA API\b/, null, "NETWORK_ERROR"],
  [/^miosa: connection error: /, null, "NETWORK_ERROR"],
];

function goCli(text: string, line: number): Evidence | null {
  const body = GO_CLI_BODY.exec(text);
  if (body) {
    const status = Number(body[1]);
    return bodyEvidence(body[2] ?? "", status, { line, form: FORM, status, complete: true });
  }
  if (!text.startsWith("miosa: ")) return null;
  const status = GO_CLI_STATUS.exec(text);
  // `miosa api <path>` (API returned / API error) always sends GET, and its `API error N` is its last line;
  // the logs command's line names no method.
  if (status) {
    const api = status[1]!.startsWith("API") ? { method: "GET", endsError: status[1] === "API error" } : {};
    return { line, form: FORM, status: Number(status[2]), print: true, ...api };
  }
  if (/^miosa: command failed\s*$/.test(text)) return { line, form: FORM, failed: true, endsError: true };
  for (const [pattern, friendlyStatus, code] of GO_CLI_FRIENDLY) {
    if (pattern.test(text))
      return {
        line,
        form: FORM,
        status: friendlyStatus,
        code,
        message: text.slice(7).trim(),
        complete: true,
        inferredStatus: friendlyStatus !== null,
        ...goUrlError(text),
      };
  }
  // Any other `miosa: <message>` (`http: Get "<URL>": ...`): an error once `miosa: command failed` follows it.
  return { line, form: FORM, ...messageAndCode(text.slice(7).trim()), print: true, ...goUrlError(text) };
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
    return { ...facts, message, complete: true };
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
const PYTHON_REPR = /\b([A-Za-z]+Error)\(message=(?:'((?:[^'\\]|\\.){0,2000})'|"((?:[^"\\]|\\.){0,2000})")/;

function python(text: string, line: number): Evidence | null {
  const raised = PYTHON_RAISED.exec(text);
  if (raised) {
    const facts = pythonClassFacts(raised[1]!);
    return { line, form: FORM, ...facts, message: (raised[2] ?? "").trim() || null, complete: true, inferredStatus: facts.status !== null };
  }
  const repr = PYTHON_REPR.exec(text);
  if (!repr || !SDK_CLASS.test(repr[1]!)) return null;
  const facts = lineFacts(text.slice(repr.index), line, FORM);
  const klass = pythonClassFacts(repr[1]!);
  return { ...facts, errorClass: klass.errorClass, code: facts.code ?? klass.code, message: repr[2] ?? repr[3] ?? null, complete: true };
}

// 11. The TypeScript SDK's error as Node prints it: `NotFoundError: message` heading the stack, its fields after.
// The bundled base class is `_MiosaError`. A caller's words may come first (`console.error("GET /x failed:", err)`).
const TS_SDK_HEADING = /(?:^|[\s:])_*([A-Za-z]+Error): (.*)$/;

function tsSdk(text: string, line: number): Evidence | null {
  const heading = TS_SDK_HEADING.exec(text);
  if (!heading || !SDK_CLASS.test(heading[1]!)) return null;
  const before = text.slice(0, heading.index);
  const facts = classFacts(heading[1]!);
  const said = before.trim() === "" ? { line, form: FORM } : definedFacts(lineFacts(before, line, FORM));
  return { ...said, ...facts, message: heading[2]!.trim() || null, opensBlock: true, startsError: "block" };
}

/** The facts a line gave, without those it left unset. */
function definedFacts(evidence: Evidence): Evidence {
  for (const key of Object.keys(evidence) as (keyof Evidence)[]) if (evidence[key] === undefined || evidence[key] === null) delete evidence[key];
  return evidence;
}

// A print inside a quoted value: slog's and logrus's `err="miosa: {\"error\": ...} (status=404, ...)"`, Go's %q
// of an error, fmt.wrapError's `msg:"..."` in %#v. Only a whole print (a complete one) counts from there.
const QUOTED_VALUE = /"((?:[^"\\\n]|\\.)+)"/g;
const GO_ESCAPE = /\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|(.))/g;
const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r" };

/** A string's content as Go's strconv.Quote (and JSON) wrote it, unescaped. */
function unquote(inner: string): string {
  if (!inner.includes("\\")) return inner;
  return inner.replace(GO_ESCAPE, (_all, hex?: string, unicode?: string, other?: string) =>
    hex || unicode ? String.fromCharCode(Number.parseInt((hex ?? unicode)!, 16)) : (SIMPLE_ESCAPES[other!] ?? other!),
  );
}

/** A client's whole print inside a quoted value of the line (a logfmt field, a %q), or null. */
export function quotedClientPrint(raw: string, line: number): Evidence | null {
  const text = raw.length > WINDOW ? raw.slice(0, WINDOW) : raw;
  if (!text.includes('"')) return null;
  for (const match of text.matchAll(QUOTED_VALUE)) {
    const evidence = clientPrint(unquote(match[1]!), line);
    if (evidence?.complete) return evidence;
  }
  return null;
}

/** What a client printed on this line (ANSI codes and quoting already taken off), or null. */
export function clientPrint(raw: string, line: number): Evidence | null {
  const text = raw.length > WINDOW ? raw.slice(0, WINDOW) : raw;
  const trimmed = text.trimEnd();
  return (
    goSdk(trimmed, line) ?? goCli(trimmed.trimStart(), line) ?? tsCli(trimmed, line) ?? python(trimmed, line) ?? elixir(trimmed, line) ?? tsSdk(trimmed, line)
  );
}
