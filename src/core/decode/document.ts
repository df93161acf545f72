// Errors inside one parsed JSON document: a bare envelope, the MIOSA CLI's
// --json output, or a log record holding an envelope as an object or
// JSON-encoded in a string, next to status, method, path and request id
// fields. Walks with an explicit stack and fixed limits.
import type { Catalog } from "../catalog.js";
import { readEnvelope, type EnvelopeFacts } from "./envelope.js";
import type { Finding, FindingForm, FindingSource } from "./finding.js";
import { envelopeFinding, nonEnvelopeFinding, readBody, type ErrorContext } from "./response.js";
import { sdkFinding } from "./sdk.js";
import { readElixir, readGoSdk } from "./text-forms.js";
import { isObject, statusField, type JsonObject } from "./values.js";

const MAX_DEPTH = 32;
const MAX_NODES = 20_000;

interface Frame {
  value: unknown;
  key: string | null;
  parent: Frame | null;
  depth: number;
}

interface Facts {
  status: number | null;
  method: string | null;
  path: string | null;
  requestId: string | null;
  headers: Record<string, string>;
}

// Which fields say what, in order of preference: status, status_code, statusCode, http_status,
// httpStatus, response_status; method, http_method, httpMethod, verb; path, url, uri,
// request_path, requestPath, endpoint, target; request_id, requestId, req_id, x_request_id,
// x-request-id; headers, response_headers, responseHeaders, resp_headers; and one level down
// response, res, request, req, http. Read by name in ownFacts: V8 makes a named read cheap,
// where object[key] over a list of keys is one of its slowest reads.
const BODY_KEYS = new Set(["body", "response_body", "responseBody", "resp_body", "raw_body", "text", "content", "payload", "response"]);

/** A field's text when it is a non-blank string, trimmed; else null. */
function text(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
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
  const facts: Facts = { status: null, method: null, path: null, requestId: null, headers: {} };
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
    statusField(source.response_status);
  facts.method ??= text(source.method) ?? text(source.http_method) ?? text(source.httpMethod) ?? text(source.verb);
  const path =
    text(source.path) ?? text(source.url) ?? text(source.uri) ?? text(source.request_path) ?? text(source.requestPath) ?? text(source.endpoint) ?? text(source.target);
  if (facts.path === null && path !== null && (path.startsWith("/") || /^https?:\/\//.test(path))) facts.path = path;
  facts.requestId ??= text(source.request_id) ?? text(source.requestId) ?? text(source.req_id) ?? text(source.x_request_id) ?? text(source["x-request-id"]);
  if (isObject(source.headers)) facts.headers = underneath(headerMap(source.headers), facts.headers);
  if (isObject(source.response_headers)) facts.headers = underneath(headerMap(source.response_headers), facts.headers);
  if (isObject(source.responseHeaders)) facts.headers = underneath(headerMap(source.responseHeaders), facts.headers);
  if (isObject(source.resp_headers)) facts.headers = underneath(headerMap(source.resp_headers), facts.headers);
}

/** Facts from a frame's objects, nearest first; `self` says whether the frame's own object counts. */
function factsAround(frame: Frame, self: boolean, cache: Map<Frame, Facts>, ambient: Facts): Facts {
  const merged: Facts = { status: null, method: null, path: null, requestId: null, headers: {} };
  for (let current: Frame | null = self ? frame : frame.parent; current; current = current.parent) {
    if (!isObject(current.value)) continue;
    const facts = cachedFacts(current, current.value, cache);
    merged.status ??= facts.status;
    merged.method ??= facts.method;
    merged.path ??= facts.path;
    merged.requestId ??= facts.requestId;
    merged.headers = underneath(facts.headers, merged.headers);
  }
  merged.status ??= ambient.status;
  merged.method ??= ambient.method;
  merged.path ??= ambient.path;
  merged.requestId ??= ambient.requestId;
  merged.headers = underneath(ambient.headers, merged.headers);
  return merged;
}

/** factsAround(frame, false, ...).status, without gathering the other facts: asked of every object in a document. */
function statusAround(frame: Frame, cache: Map<Frame, Facts>, ambient: Facts): number | null {
  for (let current = frame.parent; current; current = current.parent) {
    if (!isObject(current.value)) continue;
    const facts = cachedFacts(current, current.value, cache);
    if (facts.status !== null) return facts.status;
  }
  return ambient.status;
}

/** ownFacts of a frame's object, worked out once per document. */
function cachedFacts(frame: Frame, object: JsonObject, cache: Map<Frame, Facts>): Facts {
  let facts = cache.get(frame);
  if (!facts) {
    facts = ownFacts(object);
    cache.set(frame, facts);
  }
  return facts;
}

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

function contextOf(facts: Facts): ErrorContext {
  const headerId = facts.headers["x-request-id"] ?? facts.headers["request-id"];
  return {
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

export interface DocumentPlace {
  line: number;
  /** The document was quoted in a ticket (`> {...}`). */
  quoted: boolean;
  /** Facts from the text around the document (a log line's `status=409 path=...`), weaker than its own. */
  around?: { status: number | null; method: string | null; path: string | null; requestId: string | null; retryAfter: string | null };
}

/** Every error in a parsed document, in document order. */
export function findingsInDocument(root: unknown, catalog: Catalog, place: DocumentPlace): Finding[] {
  const findings: Finding[] = [];
  // Made when a second finding comes: most documents hold one.
  let seen: Set<string> | null = null;
  const cache = new Map<Frame, Facts>();
  const around = place.around;
  const ambient: Facts = {
    status: around?.status ?? null,
    method: around?.method ?? null,
    path: around?.path ?? null,
    requestId: around?.requestId ?? null,
    headers: around?.retryAfter ? { "retry-after": around.retryAfter } : {},
  };
  const factsOf = (frame: Frame, self: boolean) => factsAround(frame, self, cache, ambient);
  const keyOf = (finding: Finding) => `${finding.code}\u0000${finding.message}\u0000${finding.request_id}`;
  const emit = (finding: Finding | null) => {
    if (!finding) return;
    if (findings.length > 0) {
      seen ??= new Set([keyOf(findings[0]!)]);
      const key = keyOf(finding);
      if (seen.has(key)) return;
      seen.add(key);
    }
    findings.push(finding);
  };
  const source = (form: FindingForm): FindingSource => ({ line: place.line, form });
  const stack: Frame[] = [{ value: root, key: null, parent: null, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0 && nodes++ < MAX_NODES) {
    const frame = stack.pop()!;
    const { value } = frame;
    if (isObject(value)) {
      const facts = readEnvelope(value, { statusHint: statusAround(frame, cache, ambient) });
      if (facts) {
        const isRoot = frame.parent === null;
        const form: FindingForm = facts.cli_wrapper ? "sdk" : isRoot ? (place.quoted ? "text" : "envelope") : "log";
        emit(envelopeFinding(facts, contextOf(factsOf(frame, true)), catalog, source(form)));
        continue;
      }
      if (frame.depth >= MAX_DEPTH) continue;
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        stack.push({ value: value[key], key, parent: frame, depth: frame.depth + 1 });
      }
    } else if (Array.isArray(value)) {
      if (frame.depth >= MAX_DEPTH) continue;
      for (let i = Math.min(value.length, MAX_NODES) - 1; i >= 0; i--) {
        stack.push({ value: value[i], key: frame.key, parent: frame, depth: frame.depth + 1 });
      }
    } else if (typeof value === "string" && frame.parent && value.length >= 8) {
      // Shorter strings (levels, methods, ids) hold no error.
      emit(stringFinding(value, () => factsOf(frame, false), frame.key, catalog, source));
    }
  }
  return findings;
}

/**
 * An error inside a string field: an encoded body, an error page in a body
 * field, or an SDK's print. The facts around it are worked out only for a
 * string that may be one: most fields of a log record (times, levels,
 * messages) are not.
 */
function stringFinding(
  text: string,
  factsAround: () => Facts,
  key: string | null,
  catalog: Catalog,
  source: (form: FindingForm) => FindingSource,
): Finding | null {
  let facts: Facts | null = null;
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    facts = factsAround();
    const envelope = readBody(trimmed, facts.status);
    if (envelope) return envelopeFinding(envelope, contextOf(facts), catalog, source("log"));
  }
  if (key !== null && BODY_KEYS.has(key)) {
    facts ??= factsAround();
    if (facts.status !== null && facts.status >= 400) return nonEnvelopeFinding(text, contextOf(facts), source("log"));
  }
  if (text.includes("miosa: ") || text.includes("] ")) {
    const print = readGoSdk(text) ?? readElixir(text);
    if (print) return sdkFinding(print, contextOf(facts ?? factsAround()), catalog, source("sdk"));
  }
  return null;
}

export type { EnvelopeFacts };
