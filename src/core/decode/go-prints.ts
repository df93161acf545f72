// What the Go SDK (miosa-go) and the Go CLI (miosa-cli-go) print for an
// API error, read from one line into Evidence (docs/client-formats.md, "What
// decode must recognise" 3 to 7).
import type { Evidence } from "./evidence.js";
import { lineFacts } from "./evidence.js";
import { bodyEvidence, FORM, messageAndCode } from "./print-parts.js";

// 3. Go SDK: `miosa: <MSG> (status=409[, request_id=req_...])`, the message the raw body for an envelope.
const GO_SDK_SUFFIX = / \(status=(\d{1,3})(?:, request_id=([^)\s]{1,200}))?\)\s*$/;

export function goSdk(text: string, line: number): Evidence | null {
  const suffix = GO_SDK_SUFFIX.exec(text);
  if (!suffix) return null;
  const start = text.lastIndexOf("miosa: ", suffix.index);
  // A proxy's page whose first line (`create template: miosa: <html>`) was passed over: its last line still
  // gives the status and request id (docs/performance.md).
  if (start === -1 && /<\/html>\s*$/i.test(text.slice(0, suffix.index))) {
    return { line, form: FORM, status: Number(suffix[1]), requestId: suffix[2] ?? null, complete: true, body: text.slice(0, suffix.index).trim() };
  }
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
  // The raw body: an envelope, or a proxy's page (joined back over its lines, joined-print.ts).
  if (message.startsWith("{") || message.startsWith("<")) return bodyEvidence(message, status, evidence);
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

export function goCli(text: string, line: number): Evidence | null {
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
  const rest = text.slice(7).trim();
  // The SDK's raw body when it is no JSON: an HTML page from a proxy, its status at the end of its last line.
  if (rest.startsWith("<")) return bodyEvidence(rest, null, { line, form: FORM, print: true });
  // Any other `miosa: <message>` (`http: Get "<URL>": ...`): an error once `miosa: command failed` follows it.
  return { line, form: FORM, ...messageAndCode(rest), print: true, ...goUrlError(text) };
}
