// Errors inside one parsed JSON document: a bare envelope, the MIOSA CLI's
// --json output, or a log record holding an envelope as an object or
// JSON-encoded in a string, next to status, method, path and request id
// fields. Walks to a fixed depth and number of values.
import type { Catalog } from "../catalog.js";
import { readEnvelope, type EnvelopeFacts } from "./envelope.js";
import type { Finding, FindingForm, FindingSource } from "./finding.js";
import { envelopeFinding, nonEnvelopeFinding, readBody, type ErrorContext } from "./response.js";
import { sdkFinding } from "./sdk.js";
import { readElixir, readGoSdk } from "./text-forms.js";
import { isObject, statusField, type JsonObject } from "./values.js";

const MAX_DEPTH = 32;
const MAX_NODES = 20_000;

/** An object on the way down to a value, with what it says about the request (worked out when first asked). */
interface Frame {
  object: JsonObject;
  parent: Frame | null;
  facts: Facts | null;
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
  const facts: Facts = { status: null, method: null, path: null, requestId: null, headers: NO_HEADERS };
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

/** Facts from the objects around a value, nearest first, then the text around the document. */
function factsAround(frame: Frame | null, ambient: Facts): Facts {
  const merged: Facts = { status: null, method: null, path: null, requestId: null, headers: NO_HEADERS };
  for (let current = frame; current; current = current.parent) {
    const facts = factsOf(current);
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

/** factsAround(frame, ...).status, without gathering the other facts: asked of every object in a document. */
function statusAround(frame: Frame | null, ambient: Facts): number | null {
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
const NO_HEADERS: Record<string, string> = Object.freeze({});

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
  const walk = new DocumentWalk(catalog, place);
  walk.visit(root, null, null, 0);
  return walk.findings;
}

/**
 * One walk over a document, depth first in document order, recursive (to
 * MAX_DEPTH at most). Only objects get a Frame: the facts are read from
 * them, and lists and other values pass their nearest object on.
 */
class DocumentWalk {
  readonly findings: Finding[] = [];
  // Made when a second finding comes: most documents hold one.
  private seen: Set<string> | null = null;
  private readonly ambient: Facts;
  private nodes = 0;

  constructor(
    private readonly catalog: Catalog,
    private readonly place: DocumentPlace,
  ) {
    const around = place.around;
    this.ambient = {
      status: around?.status ?? null,
      method: around?.method ?? null,
      path: around?.path ?? null,
      requestId: around?.requestId ?? null,
      headers: around?.retryAfter ? { "retry-after": around.retryAfter } : NO_HEADERS,
    };
  }

  /** `value` under `key` (an array's items under the array's), inside the object `parent`, `depth` levels down. */
  visit(value: unknown, key: string | null, parent: Frame | null, depth: number): boolean {
    // Every value counts, whatever its kind; false stops the whole walk.
    if (this.nodes++ >= MAX_NODES) return false;
    if (isObject(value)) {
      const facts = readEnvelope(value, { statusHint: statusAround(parent, this.ambient) });
      const frame: Frame = { object: value, parent, facts: null };
      if (facts) {
        const form: FindingForm = facts.cli_wrapper ? "sdk" : depth === 0 ? (this.place.quoted ? "text" : "envelope") : "log";
        this.emit(envelopeFinding(facts, contextOf(factsAround(frame, this.ambient)), this.catalog, this.source(form)));
        return true;
      }
      if (depth >= MAX_DEPTH) return true;
      // for-in reads V8's cached key list, where Object.keys makes an array an object.
      for (const childKey in value) {
        if (Object.hasOwn(value, childKey) && !this.visit(value[childKey], childKey, frame, depth + 1)) return false;
      }
    } else if (Array.isArray(value)) {
      if (depth >= MAX_DEPTH) return true;
      for (let i = 0; i < value.length; i++) {
        if (!this.visit(value[i], key, parent, depth + 1)) return false;
      }
    } else if (typeof value === "string" && depth > 0 && value.length >= 8) {
      // Shorter strings (levels, methods, ids) hold no error.
      this.emit(stringFinding(value, parent, this.ambient, key, this.catalog, this));
    }
    return true;
  }

  source(form: FindingForm): FindingSource {
    return { line: this.place.line, form };
  }

  private emit(finding: Finding | null): void {
    if (!finding) return;
    if (this.findings.length > 0) {
      this.seen ??= new Set([findingKey(this.findings[0]!)]);
      const key = findingKey(finding);
      if (this.seen.has(key)) return;
      this.seen.add(key);
    }
    this.findings.push(finding);
  }
}

/** Findings that say the same are reported once per document. */
function findingKey(finding: Finding): string {
  return `${finding.code}\u0000${finding.message}\u0000${finding.request_id}`;
}

/**
 * An error inside a string field: an encoded body, an error page in a body
 * field, or an SDK's print. The facts around it are worked out only for a
 * string that may be one: most fields of a log record (times, levels,
 * messages) are not.
 */
function stringFinding(
  text: string,
  parent: Frame | null,
  ambient: Facts,
  key: string | null,
  catalog: Catalog,
  walk: DocumentWalk,
): Finding | null {
  let facts: Facts | null = null;
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    facts = factsAround(parent, ambient);
    const envelope = readBody(trimmed, facts.status);
    if (envelope) return envelopeFinding(envelope, contextOf(facts), catalog, walk.source("log"));
  }
  if (key !== null && BODY_KEYS.has(key)) {
    facts ??= factsAround(parent, ambient);
    if (facts.status !== null && facts.status >= 400) return nonEnvelopeFinding(text, contextOf(facts), walk.source("log"));
  }
  if (text.includes("miosa: ") || text.includes("] ")) {
    const print = readGoSdk(text) ?? readElixir(text);
    if (print) return sdkFinding(print, contextOf(facts ?? factsAround(parent, ambient)), catalog, walk.source("sdk"));
  }
  return null;
}

export type { EnvelopeFacts };
