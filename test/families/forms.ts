// Builders shared by entries.test.ts and har.test.ts: one error with a method and path, written in each form
// that carries them (curl -v, TS CLI --debug, an NDJSON app log, a HAR entry).
import { envelope } from "./support.js";

export interface CallError {
  method: string;
  path: string;
  status: number;
  code: string;
  message: string;
  requestId: string;
  fields?: Record<string, string[]>;
}

export function body(e: CallError): string {
  const b = JSON.parse(envelope(e.code, e.message)) as Record<string, unknown>;
  if (e.fields) b.errors = e.fields;
  return JSON.stringify(b);
}

export function curlVerbose(e: CallError): string[] {
  return [
    `> ${e.method} ${e.path} HTTP/1.1\r`, "> Host: api.miosa.ai\r", "> \r",
    `< HTTP/1.1 ${e.status} Error\r`, "< content-type: application/json\r", `< x-request-id: ${e.requestId}\r`, "< \r",
    "{ [120 bytes data]", "* Connection #0 to host api.miosa.ai left intact", body(e),
  ];
}

export function tsCliDebug(e: CallError): string[] {
  const block = e.status === 401 || e.status === 403
    ? [`Error: Access denied (${e.status}): ${e.message}`, "  Hint: Run `miosa login` to connect this terminal."]
    : [`Error: ${e.message}`, `  Code: ${e.code}`];
  return [`[debug] ${e.method} ${e.path} -> HTTP ${e.status} request_id=${e.requestId}`, `[debug] response_body=${body(e)}`, ...block, `  Request ID: ${e.requestId}`];
}

export function appLog(e: CallError): string[] {
  return [JSON.stringify({
    ts: "2026-12-04T02:10:11.186Z", level: "error", msg: "miosa call failed",
    http: { method: e.method, path: e.path, status_code: e.status },
    response: { headers: { "x-request-id": e.requestId }, body: body(e) },
  })];
}

/** A HAR 1.2 entry; the body base64-encoded when asked. */
export function harEntry(e: CallError, auth: string, base64: boolean): Record<string, unknown> {
  const text = body(e);
  return {
    startedDateTime: "2026-12-04T02:09:37.000Z",
    time: 12,
    request: {
      method: e.method, url: `https://api.miosa.ai${e.path}`, httpVersion: "HTTP/1.1",
      headers: [{ name: "Authorization", value: auth }, { name: "Accept", value: "application/json" }],
      queryString: [], cookies: [], headersSize: -1, bodySize: 0,
    },
    response: {
      status: e.status, statusText: "", httpVersion: "HTTP/1.1",
      headers: [{ name: "content-type", value: "application/json; charset=utf-8" }, { name: "x-request-id", value: e.requestId }],
      cookies: [], content: { size: text.length, mimeType: "application/json; charset=utf-8", text: base64 ? Buffer.from(text).toString("base64") : text, ...(base64 ? { encoding: "base64" } : {}) },
      redirectURL: "", headersSize: -1, bodySize: text.length,
    },
    cache: {}, timings: { send: 0, wait: 10, receive: 2 },
  };
}

export function har(entries: Record<string, unknown>[]): string {
  return JSON.stringify({ log: { version: "1.2", creator: { name: "Firefox", version: "133.0" }, pages: [], entries } }, null, 2);
}

export function harLines(e: CallError): string[] {
  return har([harEntry(e, "Bearer msk_u_0000000000000000000000abcd", false)]).split("\n");
}

export const FORMS = { "curl -v": curlVerbose, "TS CLI --debug": tsCliDebug, "NDJSON app log": appLog, HAR: harLines } as const;
