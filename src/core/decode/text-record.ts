// Joins the evidence of one text record (a paragraph, a traceback, a CLI's
// error block, a debug line and what follows it) into findings: the same
// error printed twice in one record (a debug line and a block, a repr and its
// fields) is one finding, and evidence that disagrees (another code, status
// or request id, a second whole print) starts another.
import type { Catalog } from "../catalog.js";
import { codeKey } from "../catalog.js";
import { emptyFacts, isValidationError, type EnvelopeFacts } from "../finding/envelope.js";
import type { Evidence } from "./evidence.js";
import type { Finding, FindingForm } from "../finding/finding.js";
import { envelopeFinding, nonEnvelopeFinding } from "../finding/explain.js";
import { printedContext, startsLogfmtRecord, startsTraceback } from "./text-forms.js";

// Node's and undici's connection codes are not MIOSA's.
const TRANSPORT_CODE = /^(?:E[A-Z]{3,}|UND_ERR_[A-Z_]+|ERR_[A-Z_]+)$/;

/** The evidence of one error so far, and the lines it came from. */
interface Group {
  items: Evidence[];
  code: string | null;
  status: number | null;
  requestId: string | null;
  complete: Evidence | null;
  /** How the client's print of this error began (see Evidence.startsError), when it did. */
  started: "block" | "request" | null;
}

export class TextRecord {
  private group: Group | null = null;

  constructor(
    private readonly catalog: Catalog,
    private readonly emit: (finding: Finding) => void,
  ) {}

  /** Whether anything has been gathered. */
  get open(): boolean {
    return this.group !== null;
  }

  /** The last line asked about (beginsRecord) was a logfmt record. */
  private afterLogfmt = false;

  /**
   * Whether the next line begins a record of its own: a logfmt record after another (one line, one record),
   * or a logfmt record or a traceback once a whole error was read. Before that (a block's heading, a log
   * line's facts) such a line may sit inside the same print, as concurrent writers interleave, or head it
   * (logger.exception's line before its traceback).
   */
  beginsRecord(text: string): boolean {
    const logfmt = startsLogfmtRecord(text);
    const after = this.afterLogfmt;
    this.afterLogfmt = logfmt;
    return (logfmt && after) || ((logfmt || startsTraceback(text)) && this.group?.complete != null);
  }

  add(evidence: Evidence): void {
    // A block's part (`  Code: X`) means something only inside its block.
    if (!this.group && evidence.continuation) return;
    if (this.group && (this.startsAnother(this.group, evidence) || this.conflicts(this.group, evidence))) this.flush();
    const group = (this.group ??= { items: [], code: null, status: null, requestId: null, complete: null, started: null });
    group.items.push(evidence);
    const code = evidence.finding?.code ?? evidence.envelope?.code ?? evidence.code ?? null;
    if (code !== null && !evidence.proseCode) group.code ??= code;
    group.status ??= evidence.finding?.http_status ?? evidence.status ?? evidence.envelope?.status ?? null;
    group.requestId ??= evidence.finding?.request_id ?? evidence.requestId ?? null;
    if (evidence.complete || evidence.finding) group.complete ??= evidence;
    if (evidence.startsError === "block" || group.started === null) group.started = evidence.startsError ?? null;
    // The Go CLI's last word on an error (`miosa: command failed`, `miosa: API error 409`): what follows is another.
    if (evidence.endsError) this.flush();
  }

  /** A client's print that begins a new error: the same code or status on the next lines is still another error. */
  private startsAnother(group: Group, evidence: Evidence): boolean {
    // A whole print (a Go SDK line, a repr) after a block that said no status yet (a TS CLI `Error:` and its
    // `Code:`) is another client's error: a block's own lines are its parts, never whole prints.
    if (evidence.complete && !evidence.startsError && group.started === "block" && group.complete === null) return true;
    if (evidence.startsError === undefined) return false;
    // A block's heading after a whole print (a Go SDK line, then the TS CLI's `Error:`): the block is another error.
    if (group.started === null) return evidence.startsError === "block" && group.complete !== null && !group.complete.finding;
    return evidence.startsError === "request" || group.started === "block";
  }

  /** The record ended: what it gathered becomes findings. */
  flush(): void {
    const group = this.group;
    this.group = null;
    if (!group) return;
    const finding = this.findingOf(group);
    if (finding) this.emit(finding);
  }

  private conflicts(group: Group, evidence: Evidence): boolean {
    const code = evidence.finding?.code ?? evidence.envelope?.code ?? (evidence.proseCode ? null : (evidence.code ?? null));
    if (code !== null && group.code !== null && codeKey(code) !== codeKey(group.code)) return true;
    const status = evidence.finding?.http_status ?? evidence.status ?? null;
    if (status !== null && group.status !== null && status !== group.status) return true;
    const requestId = evidence.finding?.request_id ?? evidence.requestId ?? null;
    if (requestId !== null && group.requestId !== null && requestId !== group.requestId) return true;
    // A second whole print is a second error, unless it says the same.
    const complete = group.complete;
    if (complete && (evidence.complete || evidence.finding)) {
      const message = evidence.finding?.message ?? evidence.envelope?.message ?? evidence.message ?? null;
      const before = complete.finding?.message ?? complete.envelope?.message ?? complete.message ?? null;
      return message !== before;
    }
    return false;
  }

  private isError(group: Group, merged: Merged): boolean {
    if (group.items.some((item) => item.finding || item.envelope || item.complete)) return true;
    if (merged.body !== null) return (merged.status ?? 0) >= 400;
    const failed = group.items.some((item) => item.failed);
    const printed = group.items.some((item) => item.print);
    const classed = merged.errorClass !== null;
    const code = merged.code;
    if (code !== null && !merged.proseCode) {
      if (TRANSPORT_CODE.test(code)) return false;
      return this.known(code) || (merged.status ?? 0) >= 400 || classed || printed || failed;
    }
    if (code !== null) {
      // Only in prose: a code the catalog knows, written as codes are (or with more evidence beside it).
      return this.known(code) && (code.includes("_") || (merged.status ?? 0) >= 400 || merged.requestId !== null);
    }
    if ((merged.status ?? 0) >= 400) return classed || printed || failed;
    return failed && merged.message !== null;
  }

  private known(code: string): boolean {
    return this.catalog.byCode.has(codeKey(code));
  }

  private findingOf(group: Group): Finding | null {
    // A finding read whole from JSON, with nothing beside it: as it was found.
    if (group.items.length === 1 && group.items[0]!.finding) return group.items[0]!.finding;
    const merged = merge(group.items);
    if (!this.isError(group, merged)) return null;
    const first = group.items[0]!;
    const source = { line: first.line, form: merged.form };
    const context = printedContext(merged, "the request id printed with it", "header");
    if (merged.body !== null) return nonEnvelopeFinding(merged.body, context, source);
    return envelopeFinding(merged.facts, context, this.catalog, source);
  }
}

interface Merged {
  facts: EnvelopeFacts;
  code: string | null;
  proseCode: boolean;
  status: number | null;
  requestId: string | null;
  method: string | null;
  path: string | null;
  retryAfter: string | null;
  errorClass: string | null;
  message: string | null;
  time: string | null;
  form: FindingForm;
  /** A body that held no envelope (an HTML page), when that is all there is. */
  body: string | null;
}

/** The group's evidence as one error: the first of each fact, a parsed body's facts before the lines'. */
function merge(items: readonly Evidence[]): Merged {
  const withBody = items.find((item) => item.envelope || item.finding);
  const facts: EnvelopeFacts = withBody?.envelope
    ? { ...withBody.envelope, warnings: [...withBody.envelope.warnings] }
    : withBody?.finding
      ? factsOf(withBody.finding)
      : emptyFacts(null);
  const first = <K extends keyof Evidence>(key: K): NonNullable<Evidence[K]> | null => {
    for (const item of items) if (item[key] !== undefined && item[key] !== null) return item[key] as NonNullable<Evidence[K]>;
    return null;
  };
  const proseOnly = facts.code === null && items.every((item) => item.code == null || item.proseCode);
  facts.code ??= first("code");
  facts.message ??= items.find((item) => item.message)?.message ?? null;
  if (facts.field_errors.length === 0) {
    const validation = isValidationError(first("status") ?? facts.status, facts.code);
    facts.field_errors = items.flatMap((item) => (item.detailsMap && !validation ? [] : (item.fieldErrors ?? [])));
  }
  facts.hint ??= first("hint");
  facts.details ??= first("details");
  facts.retryable ??= first("retryable");
  for (const item of items) if (item.warnings) facts.warnings.push(...item.warnings);
  const finding = withBody?.finding;
  const sdkLike = items.some((item) => item.form === "sdk");
  return {
    facts,
    code: facts.code,
    proseCode: proseOnly && facts.code !== null,
    status: first("status") ?? finding?.http_status ?? facts.status,
    requestId: first("requestId") ?? finding?.request_id ?? null,
    method: first("method") ?? finding?.method ?? null,
    path: first("path") ?? finding?.path ?? null,
    retryAfter: first("retryAfter"),
    errorClass: first("errorClass"),
    message: facts.message,
    time: first("time") ?? finding?.time ?? null,
    form: finding?.source.form ?? (sdkLike ? "sdk" : items[0]!.form),
    body: withBody ? null : (items.find((item) => item.body !== undefined)?.body ?? null),
  };
}

/** A finding's facts again, to join it with what the lines around it say. */
export function factsOf(finding: Finding): EnvelopeFacts {
  const facts = emptyFacts(finding.http_status);
  facts.code = finding.code;
  facts.message = finding.message;
  facts.request_id = finding.request_id_source === "body" ? finding.request_id : null;
  facts.retryable = finding.retryable;
  facts.field_errors = [...finding.field_errors];
  facts.details = finding.details;
  facts.hint = finding.hint;
  // Only a body's own retry_after: a header's is the answer's, given again by whatever stands beside it.
  if (finding.retry_after_source === "body") facts.retry_after_s = finding.retry_after_s;
  facts.warnings = finding.warnings.filter((warning) => !warning.startsWith("observed status "));
  return facts;
}
