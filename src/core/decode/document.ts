// Errors inside one parsed JSON document: a bare envelope, the MIOSA CLI's
// --json output, or a log record holding an envelope as an object, as
// JSON-encoded text (at any depth of encoding: a Docker or Kubernetes log
// line around an app's JSON log line), or as a client's print in a string,
// next to status, method, path, request id and time fields.
import type { Catalog } from "../catalog.js";
import { clientPrint } from "./client-prints.js";
import { readBuildRecord, readEnvelope } from "../finding/envelope.js";
import type { Finding, FindingForm, FindingSource } from "../finding/finding.js";
import { BODY_KEYS, contextOf, factsAround, NO_HEADERS, statusAround, type Facts, type Frame } from "./record-facts.js";
import { buildRecordFinding, envelopeFinding, nonEnvelopeFinding, readBody } from "../finding/explain.js";
import { TextRecord } from "./text-record.js";
import { isObject, parseJson, type JsonObject } from "../finding/values.js";

/** Objects and lists are read this deep; a value below is passed over (with a warning on the finding-less walk's place). */
export const MAX_DEPTH = 32;
/** JSON inside a string inside JSON is read to this many levels of encoding. */
const MAX_ENCODING_DEPTH = 8;
/** Fields whose text may be a client's print (a log's message, a stack, a container's log line); others (times, paths) are not read for one. */
const TEXT_KEYS = new Set([
  "msg",
  "message",
  "log",
  "text",
  "stack",
  "error",
  "err",
  "exception",
  "exc_info",
  "exc_text",
  "traceback",
  "stack_trace",
  "detail",
  "details",
  "description",
  "output",
  "stderr",
  "stdout",
  "line",
  "event",
  "body",
  "content",
  "payload",
]);
/** What a string must hold to be read for a client's print (see mayHoldPrint). */
export const PRINT_WORDS = ["Error", "miosa: ", "] ", "(status=", "[debug]", "API error status="] as const;
/** Lines of a string field read for a client's print (a stack in a log record). */
const MAX_STRING_LINES = 50;

export interface DocumentPlace {
  line: number;
  /** The document was quoted in a ticket (`> {...}`). */
  quoted: boolean;
  /** Facts from the text around the document (a log line's `status=409 path=...`), weaker than its own. */
  around?: { status: number | null; method: string | null; path: string | null; requestId: string | null; retryAfter: string | null; time?: string | null };
  /** Told once when values nested deeper than MAX_DEPTH were passed over. */
  onTooDeep?: () => void;
}

const NO_FACTS: Facts = Object.freeze({ status: null, method: null, path: null, requestId: null, headers: NO_HEADERS, time: null });

/** Every error in a parsed document, in document order. */
export function findingsInDocument(root: unknown, catalog: Catalog, place: DocumentPlace): Finding[] {
  const walk = new DocumentWalk(catalog, place, 0);
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
  /** Where the findings of the record being walked begin (a document that is a list holds many). */
  private recordStart = 0;
  readonly ambient: Facts;

  constructor(
    readonly catalog: Catalog,
    private readonly place: DocumentPlace,
    readonly encoding: number,
  ) {
    const around = place.around;
    // Most walks (a large document's records) have nothing around them: they share one set of facts, never changed.
    if (!around) {
      this.ambient = NO_FACTS;
      return;
    }
    this.ambient = {
      status: around?.status ?? null,
      method: around?.method ?? null,
      path: around?.path ?? null,
      requestId: around?.requestId ?? null,
      headers: around?.retryAfter ? { "retry-after": around.retryAfter } : NO_HEADERS,
      time: around?.time ?? null,
    };
  }

  /** `value` under `key` (an array's items under the array's), inside the object `parent`, `depth` levels down. */
  visit(value: unknown, key: string | null, parent: Frame | null, depth: number): void {
    if (isObject(value)) {
      const facts = readEnvelope(value, { statusHint: statusAround(parent, this.ambient) });
      const frame: Frame = { object: value, parent, facts: null };
      if (facts) {
        const form: FindingForm = facts.cli_wrapper ? "sdk" : depth === 0 && this.encoding === 0 ? (this.place.quoted ? "text" : "envelope") : "log";
        const finding = () => envelopeFinding(facts, contextOf(factsAround(frame, this.ambient)), this.catalog, this.source(form));
        // A log record's own `message` beside an error status looks like a body of that shape; a body field
        // in the record (winston's `{"message": "request failed", "status": 422, "response": "{...}"}`) says more.
        if (facts.code !== null || !holdsBody(value) || depth >= MAX_DEPTH) return this.emit(finding());
        const before = this.findings.length;
        for (const childKey in value) if (Object.hasOwn(value, childKey)) this.visit(value[childKey], childKey, frame, depth + 1);
        // A body that says more than the record wins: an envelope, a page, a text; a short one (`payload: "tiny"`) may be the request's.
        if (this.findings.slice(before).some(saysMore)) return;
        this.forget(before);
        this.emit(finding());
        return;
      }
      const build = readBuildRecord(value);
      if (build)
        return this.emit(buildRecordFinding(build, contextOf(factsAround(frame, this.ambient)), this.catalog, this.source(depth === 0 ? "envelope" : "log")));
      if (depth >= MAX_DEPTH) return this.tooDeep();
      // for-in reads V8's cached key list, where Object.keys makes an array an object.
      for (const childKey in value) if (Object.hasOwn(value, childKey)) this.visit(value[childKey], childKey, frame, depth + 1);
    } else if (Array.isArray(value)) {
      if (depth >= MAX_DEPTH) return this.tooDeep();
      for (let i = 0; i < value.length; i++) {
        // Each item of a document that is a list is a record of its own.
        if (depth === 0) this.recordStart = this.findings.length;
        this.visit(value[i], key, parent, depth + 1);
      }
    } else if (typeof value === "string" && depth > 0 && (value.length >= 8 || (key !== null && BODY_KEYS.has(key)))) {
      // Shorter strings (levels, methods, ids) hold no error; a short or empty body beside an error status is one.
      stringFindings(value, parent, key, depth, this);
    }
  }

  private toldTooDeep = false;

  private tooDeep(): void {
    if (this.toldTooDeep) return;
    this.toldTooDeep = true;
    this.place.onTooDeep?.();
  }

  source(form: FindingForm): FindingSource {
    return { line: this.place.line, form };
  }

  emit(finding: Finding | null): void {
    if (!finding) return;
    if (this.findings.length > 0) {
      this.seen ??= new Set([findingKey(this.findings[0]!)]);
      const key = findingKey(finding);
      if (this.seen.has(key)) return;
      this.seen.add(key);
      // The same error told twice in one record, once without its request id or status (pino's `err` and the
      // raw `responseBody` beside it): one finding, the fuller. Such tellings are near each other.
      for (let i = Math.max(this.recordStart, this.findings.length - NEAR_FINDINGS); i < this.findings.length; i++) {
        const other = this.findings[i]!;
        if (!sameError(other, finding)) continue;
        if (fullness(finding) > fullness(other)) this.findings[i] = finding;
        return;
      }
    }
    this.findings.push(finding);
  }

  /** Takes back the findings from index `from` on. */
  private forget(from: number): void {
    for (const finding of this.findings.splice(from)) this.seen?.delete(findingKey(finding));
  }
}

/** Whether a body's finding says more than the record's own message: an envelope, a page, or a text of some length. */
function saysMore(finding: Finding): boolean {
  return finding.kind === "envelope" || finding.page_title !== null || (finding.message?.length ?? 0) >= 8;
}

/** How many of the last findings a new one is held against as the same error told again. */
const NEAR_FINDINGS = 4;

/** Findings that say the same (under the same status) are reported once per document. */
function findingKey(finding: Finding): string {
  return `${finding.code}\u0000${finding.message}\u0000${finding.request_id}\u0000${finding.http_status}`;
}

/** The same code and message, and no request id or status that differ. */
function sameError(a: Finding, b: Finding): boolean {
  if (a.code !== b.code || a.message !== b.message) return false;
  if (a.request_id !== null && b.request_id !== null && a.request_id !== b.request_id) return false;
  return a.http_status === null || b.http_status === null || a.http_status === b.http_status;
}

function fullness(finding: Finding): number {
  return (finding.request_id === null ? 0 : 1) + (finding.http_status === null ? 0 : 1);
}

/** Whether a record holds a body of its own: under a body key, or as its `error` encoded as a JSON string. */
function holdsBody(object: JsonObject): boolean {
  for (const key in object) if (BODY_KEYS.has(key) && object[key] !== null) return true;
  return typeof object.error === "string" && object.error.trimStart().startsWith("{");
}

/**
 * The errors inside a string field, given to the walk: an encoded body, an
 * encoded log record around one (read with the facts of the record outside),
 * an error page in a body field, or a client's print. The facts around it
 * are worked out only for a string that may be one: most fields (times,
 * levels, paths, messages) are not, and cost a few compares.
 */
function stringFindings(text: string, parent: Frame | null, key: string | null, depth: number, walk: DocumentWalk): void {
  let facts: Facts | null = null;
  let at = 0;
  while (at < text.length && text.charCodeAt(at) <= 32) at++;
  const first = text.charCodeAt(at);
  if (first === 123 || first === 91) {
    const trimmed = text.slice(at);
    facts = factsAround(parent, walk.ambient);
    const envelope = first === 123 ? readBody(trimmed, facts.status) : null;
    if (envelope) return walk.emit(envelopeFinding(envelope, contextOf(facts), walk.catalog, walk.source("log")));
    const inner = walk.encoding < MAX_ENCODING_DEPTH ? parseJson(trimmed) : undefined;
    if (inner !== undefined && (isObject(inner) || Array.isArray(inner))) {
      // JSON in the string (a wrapped log line): walked with what the record outside says around it.
      const nested = new DocumentWalk(
        walk.catalog,
        { line: walk.source("log").line, quoted: false, around: { ...facts, retryAfter: facts.headers["retry-after"] ?? null } },
        walk.encoding + 1,
      );
      nested.visit(inner, null, null, depth);
      for (const finding of nested.findings) walk.emit(finding);
      return;
    }
  }
  if (first === 34 && walk.encoding < MAX_ENCODING_DEPTH) {
    // The string holds a JSON string: a body encoded once more. Read as the string it holds, in the same place.
    const inner = parseJson(text.slice(at));
    if (typeof inner === "string") {
      const nested = new DocumentWalk(walk.catalog, { line: walk.source("log").line, quoted: false }, walk.encoding + 1);
      nested.visit(inner, key, parent, depth);
      for (const finding of nested.findings) walk.emit(finding);
      return;
    }
  }
  if (key !== null && BODY_KEYS.has(key)) {
    facts ??= factsAround(parent, walk.ambient);
    if (facts.status !== null && facts.status >= 400) return walk.emit(nonEnvelopeFinding(text, contextOf(facts), walk.source("log")));
  }
  if (!(key === null || TEXT_KEYS.has(key)) || !mayHoldPrint(text)) return;
  // A client's print in the string (a log's message, a stack): its lines as a text record, in the record's context.
  const found: Finding[] = [];
  const record = new TextRecord(walk.catalog, (finding) => found.push(finding));
  for (const line of text.split("\n", MAX_STRING_LINES)) {
    const evidence = clientPrint(line, walk.source("sdk").line);
    if (evidence) record.add(evidence);
  }
  record.flush();
  if (found.length === 0) return;
  const context = contextOf(facts ?? factsAround(parent, walk.ambient));
  for (const finding of found) {
    finding.method ??= context.method;
    finding.path ??= context.path;
    finding.time ??= context.time ?? null;
    walk.emit(finding);
  }
}

/**
 * Whether a string may hold a client's print (what each starts with or
 * carries: `miosa: `, `(status=`, `[404] `, `Error`, `[debug]`, the Go CLI's `API error status=`): most strings of a
 * log record (times, levels, paths, messages) are not worth reading line by line.
 */
function mayHoldPrint(text: string): boolean {
  for (const word of PRINT_WORDS) if (text.includes(word)) return true;
  return false;
}
