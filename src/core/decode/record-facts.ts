// What the objects around an error in a JSON record say about its request:
// status, method, path, request id, headers and time, from the fields logs
// and SDKs use for them, nearest object first. Worked out once per object,
// when first asked.
import type { ErrorContext } from "../finding/explain.js";
import { isObject, statusField, type JsonObject } from "../finding/values.js";
import { HEADER_LINE } from "./transcript.js";

/** An object on the way down to a value, with what it says about the request (worked out when first asked). */
export interface Frame {
  object: JsonObject;
  parent: Frame | null;
  facts: Facts | null;
}

export interface Facts {
  status: number | null;
  method: string | null;
  path: string | null;
  requestId: string | null;
  headers: Record<string, string>;
  /** When the record says it was written, as ISO 8601. */
  time: string | null;
}

// Which fields say what, in order of preference: status, status_code, statusCode, http_status,
// httpStatus, response_status, StatusCode (a Go struct as encoding/json writes it); method, http_method, httpMethod, verb; path, url, uri,
// request_path, requestPath, endpoint, target; request_id, requestId, req_id, x_request_id,
// x-request-id, RequestID; headers, response_headers, responseHeaders, resp_headers; and one level down
// response, res, request, req, http. Read by name in ownFacts: V8 makes a named read cheap,
// where object[key] over a list of keys is one of its slowest reads.
export const BODY_KEYS = new Set(["body", "response_body", "responseBody", "resp_body", "raw_body", "text", "content", "payload", "response"]);

/** A field's text when it is a non-blank string, trimmed; else null. */
function text(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

const ISO_UTC = /^(?:20\d\d|2100)-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-6]\d\.\d{3}Z$/;
// Epoch times are taken in milliseconds (pino, JavaScript) or seconds (most others) from 2000 to 2100.
const EPOCH_MS = [Date.UTC(2000, 0, 1), Date.UTC(2100, 0, 1)] as const;

/** A record's time: an ISO 8601 (or other Date-readable) text, or epoch seconds or milliseconds; as ISO 8601. */
export function timeField(value: unknown): string | null {
  // Most logs write exactly what toISOString gives: kept as it is, without a Date made and printed.
  if (typeof value === "string" && value.length === 24 && ISO_UTC.test(value)) return value;
  let ms = Number.NaN;
  if (typeof value === "number" && Number.isFinite(value)) ms = value >= EPOCH_MS[0] ? value : value * 1000;
  else if (typeof value === "string" && value.length >= 10 && value.length <= 40 && /^\d{4}-\d{2}-\d{2}/.test(value)) ms = Date.parse(value);
  if (!(ms >= EPOCH_MS[0] && ms <= EPOCH_MS[1])) return null;
  return new Date(ms).toISOString();
}

function headerMap(value: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (isObject(value)) {
    for (const key of Object.keys(value).slice(0, 200)) {
      const item = value[key];
      const text = typeof item === "string" ? item : Array.isArray(item) && typeof item[0] === "string" ? item[0] : null;
      if (text !== null) headers[key.toLowerCase()] = text;
    }
  }
  return headers;
}

/** What one object says about the request it belongs to, with one level of request/response children. */
function ownFacts(object: JsonObject): Facts {
  const facts: Facts = { status: null, method: null, path: null, requestId: null, headers: NO_HEADERS, time: null };
  readFacts(object, facts);
  if (isObject(object.response)) readFacts(object.response, facts);
  if (isObject(object.res)) readFacts(object.res, facts);
  if (isObject(object.request)) readFacts(object.request, facts);
  if (isObject(object.req)) readFacts(object.req, facts);
  if (isObject(object.http)) readFacts(object.http, facts);
  return facts;
}

/** Fills in what `facts` does not know yet from one object's fields (see the list above ownFacts). */
function readFacts(source: JsonObject, facts: Facts): void {
  facts.status ??=
    statusField(source.status) ??
    statusField(source.status_code) ??
    statusField(source.statusCode) ??
    statusField(source.http_status) ??
    statusField(source.httpStatus) ??
    statusField(source.response_status) ??
    statusField(source.StatusCode);
  facts.method ??= text(source.method) ?? text(source.http_method) ?? text(source.httpMethod) ?? text(source.verb);
  const path =
    text(source.path) ??
    text(source.url) ??
    text(source.uri) ??
    text(source.request_path) ??
    text(source.requestPath) ??
    text(source.endpoint) ??
    text(source.target);
  if (facts.path === null && path !== null && (path.startsWith("/") || /^https?:\/\//.test(path))) facts.path = path;
  facts.requestId ??=
    text(source.request_id) ??
    text(source.requestId) ??
    text(source.req_id) ??
    text(source.x_request_id) ??
    text(source["x-request-id"]) ??
    text(source.RequestID);
  facts.time ??=
    timeField(source.ts) ??
    timeField(source.time) ??
    timeField(source.timestamp) ??
    timeField(source["@timestamp"]) ??
    timeField(source.startedDateTime) ??
    timeField(source.date);
  if (isObject(source.headers)) facts.headers = underneath(headerMap(source.headers), facts.headers);
  if (isObject(source.response_headers)) facts.headers = underneath(headerMap(source.response_headers), facts.headers);
  if (isObject(source.responseHeaders)) facts.headers = underneath(headerMap(source.responseHeaders), facts.headers);
  if (isObject(source.resp_headers)) facts.headers = underneath(headerMap(source.resp_headers), facts.headers);
  // bunyan's res serializer: the raw header block as the server wrote it.
  if (typeof source.header === "string") facts.headers = underneath(rawHeaderMap(source.header), facts.headers);
}

/** `Name: value` lines of a raw HTTP header block (its status line is not one). */
function rawHeaderMap(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.slice(0, 64 * 1024).split(/\r?\n/, 200)) {
    const header = HEADER_LINE.exec(line);
    if (header) headers[header[1]!.toLowerCase()] = header[2]!.trimEnd();
  }
  return headers;
}

/** Facts from the objects around a value, nearest first, then the text around the document. */
export function factsAround(frame: Frame | null, ambient: Facts): Facts {
  const merged: Facts = { status: null, method: null, path: null, requestId: null, headers: NO_HEADERS, time: null };
  for (let current = frame; current; current = current.parent) {
    const facts = factsOf(current);
    merged.status ??= facts.status;
    merged.method ??= facts.method;
    merged.path ??= facts.path;
    merged.requestId ??= facts.requestId;
    merged.time ??= facts.time;
    merged.headers = underneath(facts.headers, merged.headers);
  }
  merged.status ??= ambient.status;
  merged.method ??= ambient.method;
  merged.path ??= ambient.path;
  merged.requestId ??= ambient.requestId;
  merged.time ??= ambient.time;
  merged.headers = underneath(ambient.headers, merged.headers);
  return merged;
}

/** factsAround(frame, ...).status, without gathering the other facts: asked of every object in a document. */
export function statusAround(frame: Frame | null, ambient: Facts): number | null {
  for (let current = frame; current; current = current.parent) {
    const status = factsOf(current).status;
    if (status !== null) return status;
  }
  return ambient.status;
}

/** ownFacts of a frame's object, worked out once per document. */
function factsOf(frame: Frame): Facts {
  return (frame.facts ??= ownFacts(frame.object));
}

// Header maps are never changed once made (see underneath): objects without headers share this one.
export const NO_HEADERS: Record<string, string> = Object.freeze({});

/** `{ ...lower, ...upper }`, without a copy when one side is empty (the usual case: neither is ever changed). */
function underneath(lower: Record<string, string>, upper: Record<string, string>): Record<string, string> {
  if (isEmpty(lower)) return upper;
  if (isEmpty(upper)) return lower;
  return { ...lower, ...upper };
}

function isEmpty(object: Record<string, string>): boolean {
  for (const _ in object) return false;
  return true;
}

export function contextOf(facts: Facts): ErrorContext {
  const headerId = facts.headers["x-request-id"] ?? facts.headers["request-id"];
  return {
    time: facts.time,
    status: facts.status,
    method: facts.method,
    path: facts.path,
    headers: facts.headers,
    outerRequestId: headerId
      ? { value: headerId, label: "the X-Request-ID header in the log record", source: "header" }
      : facts.requestId
        ? { value: facts.requestId, label: "the log record's request_id field", source: "log" }
        : null,
  };
}
