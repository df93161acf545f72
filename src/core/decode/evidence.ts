// What one line of text says about an error, in whatever syntax: JSON at any
// depth of string encoding, `key=value`, `key: 'value'`, `key='value'`,
// `"key" => "value"`, `Key: value`, `HTTP 409`, `(409)`, `[404]`, an SDK's
// exception class. A line gives Evidence; text-record.ts joins the evidence
// of one record into findings. The client forms (client-prints.ts) are read
// first; what they leave, the generic facts here fill in.
import type { FieldError, Finding, FindingForm } from "../finding/finding.js";
import type { EnvelopeFacts } from "../finding/envelope.js";
import { METHOD_AND_PATH } from "./text-forms.js";

/** What a line of text must hold for its words to be read for evidence (see markers.ts). */
export const EVIDENCE_MARKERS = { proseWords: ["req_", "equest", "code", "status=", "HTTP "] } as const;

export interface Evidence {
  line: number;
  form: FindingForm;
  code?: string | null;
  message?: string | null;
  status?: number | null;
  requestId?: string | null;
  method?: string | null;
  path?: string | null;
  fieldErrors?: FieldError[];
  hint?: string | null;
  details?: string | null;
  retryable?: boolean | null;
  retryAfter?: string | null;
  /** The time the log line starts with, as ISO 8601. */
  time?: string | null;
  /** An error class (Python's NotFoundError, the TS SDK's AuthError): the status it implies, when it implies one. */
  errorClass?: string | null;
  /** A parsed body the evidence came from, with everything it says. */
  envelope?: EnvelopeFacts;
  /** A whole error printed on its own (a Go SDK line, an Elixir banner, a repr): a second one is a second error. */
  complete?: boolean;
  /** A code seen only in prose: it counts with other evidence of an error, or when it is a known code. */
  proseCode?: boolean;
  /** The status came from a word that implies it (`Not found:`), not a number. */
  inferredStatus?: boolean;
  /** Warnings the reading gave (a cut JSON, a field of the wrong type). */
  warnings?: string[];
  /** Read from a client's print (a TS CLI block line, a Go CLI line): evidence of an error with a status or code beside it. */
  print?: boolean;
  /** `miosa: command failed`, or a caller's words that a MIOSA call failed before an SDK error: what it gathered was an error. */
  failed?: boolean;
  /** The client's last line of an error (`miosa: command failed`, the api command's `miosa: API error 409`): what follows is another. */
  endsError?: boolean;
  /** Opens a block whose next lines are its fields (`Error:` of the TS CLI, the TS SDK's heading). */
  opensBlock?: boolean;
  /**
   * Begins an error of its own in a client's print: the TS CLI's `Error:` line
   * or an SDK error's heading (`block`), or the TS CLI's `[debug] POST /path ->
   * HTTP 409` line (`request`). A request comes before its block, so a block
   * after a request joins it; anything else after a block starts another error.
   */
  startsError?: "block" | "request";
  /** A `  - field: message` line of the TS CLI's block. */
  fieldLine?: boolean;
  /** The field errors are a `details` map's entries: field errors only on a validation error, as in a body (envelope.ts). */
  detailsMap?: boolean;
  /** Only a part of a block (the TS CLI's `  Code:` line): it joins an open record, and opens none. */
  continuation?: boolean;
  /** A whole finding read from JSON in the line: kept as it is when nothing else joins it. */
  finding?: Finding;
  /** A body a client printed that holds no envelope (an HTML page, text). */
  body?: string;
}

const WINDOW = 64 * 1024;

// key=value, key: value, key='value', "key": "value", "key" => "value", key: 'value' (Node's inspect).
const KEY_VALUE = (keys: string) =>
  new RegExp(String.raw`(?:^|[\s,{(\[;|])["']?(?:${keys})["']?\s*(?:=>|[=:])\s*(?:"([^"\n]{1,300})"|'([^'\n]{1,300})'|([^\s,;'"(){}\[\]]{1,300}))`, "i");
const CODE_FIELD = KEY_VALUE("code|error_code|errorCode|err_code");
const STATUS_FIELD = KEY_VALUE(String.raw`status|status_code|statusCode|http_status|httpStatus|response_status|http\.status_code`);
const REQUEST_ID_FIELD = KEY_VALUE("request[_-]?id|requestId|req_id|x-request-id|request id");
const METHOD_FIELD = KEY_VALUE(String.raw`method|http_method|httpMethod|http\.method`);
const PATH_FIELD = KEY_VALUE(String.raw`path|url|uri|request_path|requestPath|endpoint|http\.target|http\.url`);
const MESSAGE_FIELD = KEY_VALUE("message|msg|error_message|errorMessage|detail");
const RETRY_AFTER_FIELD = KEY_VALUE("retry[_-]after|retryAfter|retry_after_ms");

// Statuses said in words: HTTP 409, HTTP/1.1 409, -> HTTP 422, (401), [404], status 409.
const HTTP_STATUS = /\bHTTP(?:\/\d(?:\.\d)?)?\s+([1-5]\d\d)\b/;
const BRACKET_STATUS = /(?:\(|\[)([45]\d\d)(?:\)|\])/;
// A request id as MIOSA writes them, anywhere in prose.
const REQUEST_ID_TOKEN = /\b(req_[A-Za-z0-9]{6,64})\b/;
// A code-like token: SANDBOX_LIMIT_REACHED, rate_limit_exceeded (at least one underscore), or a single upper
// word of four or more (FORBIDDEN), which counts only when the catalog knows it.
const CODE_TOKEN = /\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[A-Z][A-Z0-9]{3,})\b/g;

// A field's name as its value: source code (`code=code,` in a traceback's context, pytest's listing), not a value.
const KEY_NAMES = /^(?:code|error_?code|errorCode|err_code|request_?id|requestId|req_id|status_?code|statusCode)$/i;

function fieldValue(match: RegExpExecArray | null): string | null {
  if (!match) return null;
  const value = (match[1] ?? match[2] ?? match[3] ?? "").trim();
  return value === "" || value === "undefined" || value === "nil" || value === "None" || value === "null" ? null : value;
}

function statusOf(text: string | null): number | null {
  if (text === null || !/^[1-5]\d\d$/.test(text)) return null;
  return Number(text);
}

/** The generic facts in a line: fields in any of the usual syntaxes, statuses in words, a method and path. */
export function lineFacts(raw: string, line: number, form: FindingForm): Evidence {
  const text = raw.length > WINDOW ? raw.slice(0, WINDOW) : raw;
  const evidence: Evidence = { line, form };
  const code = fieldValue(CODE_FIELD.exec(text));
  if (code !== null && /^[A-Za-z][A-Za-z0-9_.-]{1,80}$/.test(code) && !KEY_NAMES.test(code)) evidence.code = code;
  // A success status is no evidence of an error.
  const status =
    statusOf(fieldValue(STATUS_FIELD.exec(text))) ?? statusOf(HTTP_STATUS.exec(text)?.[1] ?? null) ?? statusOf(BRACKET_STATUS.exec(text)?.[1] ?? null);
  if (status !== null && status >= 400) evidence.status = status;
  const requestId = fieldValue(REQUEST_ID_FIELD.exec(text)) ?? REQUEST_ID_TOKEN.exec(text)?.[1] ?? null;
  if (requestId !== null && /^[A-Za-z0-9][A-Za-z0-9_.:-]{3,99}$/.test(requestId) && !KEY_NAMES.test(requestId)) evidence.requestId = requestId;
  const methodPath = METHOD_AND_PATH.exec(text);
  const method = methodPath?.[1] ?? fieldValue(METHOD_FIELD.exec(text))?.toUpperCase() ?? null;
  if (method !== null && /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(method)) evidence.method = method;
  const path = fieldValue(PATH_FIELD.exec(text)) ?? methodPath?.[2] ?? null;
  if (path !== null && (path.startsWith("/") || /^https?:\/\//.test(path))) evidence.path = path;
  const retryAfter = fieldValue(RETRY_AFTER_FIELD.exec(text));
  if (retryAfter !== null && /^\d{1,9}$/.test(retryAfter)) evidence.retryAfter = retryAfter;
  return evidence;
}

/** A message in a `message=` / `message: '...'` field, for forms whose message is a field. */
export function messageField(text: string): string | null {
  return fieldValue(MESSAGE_FIELD.exec(text.slice(0, WINDOW)));
}

/** Code-like tokens in prose that `known` accepts (the catalog's codes), in order; capitalised words it rejects do not count. */
export function proseCodes(text: string, known: (token: string) => boolean): string[] {
  const found: string[] = [];
  const window = text.slice(0, WINDOW);
  CODE_TOKEN.lastIndex = 0;
  for (let match = CODE_TOKEN.exec(window); match && found.length < 20; match = CODE_TOKEN.exec(window)) if (known(match[1]!)) found.push(match[1]!);
  return found;
}
