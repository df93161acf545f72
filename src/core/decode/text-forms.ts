// The text forms around errors: curl commands, a ticket's quoting, the
// start of a log record, and the status/method/path/request-id facts
// scattered through a log line. Every pattern runs on a bounded window and
// is linear per start. (What the clients print is client-prints.ts.)
import type { ErrorContext } from "../finding/explain.js";

/**
 * What a line must hold for an SDK's or CLI's print, or a ticket's quote, to
 * be in it (see markers.ts). The Go SDK's print is found by its `(status=`,
 * not its `miosa: `: each search stops at every byte that starts its word,
 * and `(` is rare where `m` is not. `[4`/`[5` start the Elixir SDK's print.
 */
export const TEXT_FORM_MARKERS = {
  // ESC: a line with terminal colours in it may hide a word behind them.
  words: ["(status=", "\u001b"],
  // A mail's `Content-Transfer-Encoding: quoted-printable` header: the body after it is (line-undo.ts).
  starts: ["[4", "[5", "** (", "miosa:", ">", "curl ", "$ curl ", "Content-Transfer-Encoding:", "content-transfer-encoding:"],
} as const;

/** How much of a line the patterns look at: enough for any print, bounded for hostile input. */
export const TEXT_WINDOW = 64 * 1024;
/** Around an envelope inside a long line, how far context (status, path) is looked for. */
const CONTEXT_WINDOW = 4096;

export interface CurlCommand {
  method: string;
  url: string;
}

/** `curl -si -X POST https://api.miosa.ai/api/v1/sandboxes ...`: the method and URL of the call. */
export function readCurlCommand(line: string): CurlCommand | null {
  const start = line.trimStart();
  if (!start.startsWith("curl ") && !start.startsWith("$ ")) return null;
  const text = start
    .slice(0, TEXT_WINDOW)
    .trim()
    .replace(/^\$\s+/, "");
  if (!text.startsWith("curl ")) return null;
  const words = text.split(/\s+/);
  let method: string | null = null;
  let url: string | null = null;
  let sendsData = false;
  for (let i = 1; i < words.length; i++) {
    const word = (words[i] ?? "").replace(/^['"]|['"]$/g, "");
    if (word === "-X" || word === "--request") method = (words[++i] ?? "").replace(/^['"]|['"]$/g, "").toUpperCase();
    else if (word.startsWith("-X") && word.length > 2) method = word.slice(2).toUpperCase();
    else if (/^(?:-d|--data(?:-raw|-binary|-urlencode)?|--json|-F|--form)$/.test(word)) sendsData = true;
    else if (/^https?:\/\//.test(word)) url = word;
  }
  if (!url) return null;
  return { method: method && /^[A-Z]{3,10}$/.test(method) ? method : sendsData ? "POST" : "GET", url };
}

export interface TextContext {
  status: number | null;
  method: string | null;
  path: string | null;
  requestId: string | null;
  retryAfter: string | null;
  /** The time a log line starts with (`2026-11-28T09:14:01Z ERROR ...`), as ISO 8601. */
  time: string | null;
}

/**
 * The facts printed around an error, as the context it is explained in. Where
 * the request id beside it came from differs by reader: `requestIdLabel` and
 * `requestIdSource` say it.
 */
export function printedContext(printed: TextContext, requestIdLabel: string, requestIdSource: "header" | "log"): ErrorContext {
  return {
    time: printed.time,
    status: printed.status,
    method: printed.method,
    path: printed.path,
    headers: printed.retryAfter ? { "retry-after": printed.retryAfter } : {},
    outerRequestId: printed.requestId ? { value: printed.requestId, label: requestIdLabel, source: requestIdSource } : null,
  };
}

const STATUS_FIELD = /\b(?:status|status_code|statusCode|StatusCode|http_status|httpStatus|response_status|http\.status_code)["']?\s*[=:]\s*["']?([1-5]\d\d)\b/;
const ACCESS_LOG_STATUS = /\bHTTP\/\d(?:\.\d)?"?\s+([1-5]\d\d)\b/;
// `curl -s -w '%{http_code}'`: the status written right after the body, and nothing else on the line.
const WRITTEN_OUT_STATUS = /^([1-5]\d\d)[ \t\r]*(?:\n|$)/;
/** A method and its path or URL in prose: `POST /api/v1/sandboxes`, `GET https://...` (evidence.ts reads it too). */
export const METHOD_AND_PATH = /\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(https?:\/\/[^\s"'<>]{1,2048}|\/[^\s"'<>]{0,2048})/;
const PATH_FIELD =
  /\b(?:path|url|uri|request_path|requestPath|endpoint|http\.target|http\.url)["']?\s*[=:]\s*["']?(https?:\/\/[^\s"',<>]{1,2048}|\/[^\s"',<>]{0,2048})/;
const METHOD_FIELD = /\b(?:method|http_method|httpMethod|http\.method)["']?\s*[=:]\s*["']?(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/i;
const REQUEST_ID_FIELD = /\b(?:x-request-id|request[_-]?id|requestId|req_id)["']?\s*[=:]\s*["']?([A-Za-z0-9][A-Za-z0-9_.:-]{3,99})/i;
const RETRY_AFTER_FIELD = /\bretry[_-]after["']?\s*[=:]\s*["']?(\d{1,9})\b/i;
// An ISO 8601 time at the very start of the line (its decimals after `.` or `,`); without a zone it is taken as UTC, as servers log.
const LEADING_TIME = /^\[?(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?)(Z|[+-]\d{2}:?\d{2})?\b/;

/** Where the text after the line's leading time (its bracket and one blank with it) starts; 0 when the line starts otherwise. */
export function afterLeadingTime(line: string): number {
  const match = LEADING_TIME.exec(line);
  if (!match) return 0;
  let at = match[0].length;
  if (line.charCodeAt(at) === 93) at++;
  if (line.charCodeAt(at) === 32) at++;
  return at;
}

/** The record's time from the start of its line, as ISO 8601; null when the line starts otherwise. */
export function leadingTime(line: string): string | null {
  const match = LEADING_TIME.exec(line);
  if (!match) return null;
  // Python's and logback's `10:00:00,123`: the decimals after a comma.
  const ms = Date.parse(`${match[1]}T${match[2]!.replace(",", ".")}${match[3] ?? "Z"}`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * Facts about a request in the text around an error: `status=409`,
 * `"GET /api/v1/x HTTP/1.1" 409`, `path=/api/v1/...`, `request_id=...`.
 * `start`/`end` is the error's place; the parts of the text inside it are not read.
 */
export function readTextContext(text: string, start = 0, end = start): TextContext {
  const before = text.slice(Math.max(0, start - CONTEXT_WINDOW), start);
  const after = text.slice(end, end + CONTEXT_WINDOW);
  const around = `${before}\n${after}`;
  const methodPath = METHOD_AND_PATH.exec(around);
  const status = STATUS_FIELD.exec(around) ?? ACCESS_LOG_STATUS.exec(around) ?? (end > start ? WRITTEN_OUT_STATUS.exec(after) : null);
  return {
    status: status ? Number(status[1]) : null,
    method: methodPath?.[1] ?? METHOD_FIELD.exec(around)?.[1]?.toUpperCase() ?? null,
    path: PATH_FIELD.exec(around)?.[1] ?? methodPath?.[2] ?? null,
    requestId: REQUEST_ID_FIELD.exec(around)?.[1] ?? null,
    retryAfter: RETRY_AFTER_FIELD.exec(around)?.[1] ?? null,
    time: start > 0 ? leadingTime(text) : null,
  };
}

// A line that starts like a log record: a timestamp, a syslog date, a level tag.
const LOG_START =
  /^(?:\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\[?\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}|[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}|\[?\d{2}:\d{2}:\d{2}|\[?(?:ERROR|WARN(?:ING)?|INFO|DEBUG|error|warn|info|debug)\b|level=)/;
const LOG_FIELDS = /\blevel=|\bseverity=|"level"\s*:|\bts=/;

// A log record's own start: a time (ISO, Go's log, syslog, a bracketed clock).
const TIME_START = /^\[?(?:\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}|[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}|\d{2}:\d{2}:\d{2})/;

// A logfmt record (`level=error err="..."`, `time="..." level=...`): one line, one record.
const LOGFMT_START = /^(?:level|lvl|time|ts)=\S/;

// A command typed at a shell prompt: what follows is another command's output.
const PROMPT = /^(?:\$|%|❯|PS [A-Za-z]:\\[^>]{0,200}>)\s/;

/** A line that starts a record of its own (a log record with its time, a command at a prompt): it ends the text record before it. */
export function startsLogRecord(line: string): boolean {
  // Most lines (JSON, prose) are ruled out by their first character.
  const first = line.charCodeAt(0);
  if (first === 123 || (first >= 97 && first <= 122)) return false;
  const start = line.slice(0, 256);
  return TIME_START.test(start.trimStart()) || PROMPT.test(start);
}

/** A logfmt record's line (`level=error err="..."`): one line, one record. */
export function startsLogfmtRecord(line: string): boolean {
  return LOGFMT_START.test(line.slice(0, 8));
}

/** Python's traceback begins. */
export function startsTraceback(line: string): boolean {
  return line.startsWith("Traceback (most recent call last):");
}

export function looksLikeLogLine(line: string): boolean {
  const head = line.slice(0, 512);
  return LOG_START.test(head.trimStart()) || LOG_FIELDS.test(head);
}

/** `> > text` → `text`: a ticket's quoting taken off. */
export function dequote(line: string): { text: string; quoted: boolean } {
  let i = 0;
  let quoted = false;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9) i++;
    else if (c === 62) {
      quoted = true;
      i++;
    } else break;
  }
  return quoted ? { text: line.slice(i), quoted } : { text: line, quoted };
}

/** Could this line continue a pretty-printed JSON value? Prose cannot. */
export function continuesJson(line: string): boolean {
  const text = line.trimStart();
  if (text === "") return true;
  const c = text.charCodeAt(0);
  // " { } [ ] , : - digits
  if (c === 34 || c === 123 || c === 125 || c === 91 || c === 93 || c === 44 || c === 58 || c === 45 || (c >= 48 && c <= 57)) return true;
  return text.startsWith("true") || text.startsWith("false") || text.startsWith("null");
}
