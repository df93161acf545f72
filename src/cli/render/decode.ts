// decode's output around the findings: the JSON document written as the
// findings arrive (memory stays flat on a big log), and the closing summary.
import type { ChalkInstance } from "chalk";
import type { Finding } from "../../core/decode/finding.js";
import type { DecodeSummary } from "../../core/decode/summary.js";
import { mayHoldSecret, redactStrings, safeText } from "../../core/sanitize.js";
import type { IO } from "../io.js";
import { findingJson, logUrlFor, type FindingRenderOptions } from "./finding.js";
import type { CatalogEntry } from "../../core/catalog.js";
import { entryJson, escapeUnsafeJson, prettyJson } from "./json.js";
import { renderTable } from "./table.js";

/** Indents every line but the first of a JSON text, to nest it in the document. */
function nest(json: string, indent: string): string {
  return json.split("\n").join(`\n${indent}`);
}

/**
 * Holds output until about 64 KB have gathered or flush() is called: one
 * write per batch instead of one per finding (a system call each when
 * stdout is a pipe or file). decode flushes after every input chunk, before
 * each warning and at the end, so findings still stream out as they are found.
 */
export class OutputBuffer {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly out: { write(text: string): void }) {}

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 64 * 1024) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join("");
    this.parts = [];
    this.size = 0;
    this.out.write(text);
  }
}

// JSON.stringify indents a value nested two levels down by four spaces more
// than at the top: what nest(json, "    ") does, without splitting the text.
const NESTED_OPEN = "[\n  [\n    ".length;
const NESTED_CLOSE = "\n  ]\n]".length;

// Where a finding's parts stand in the document: the finding at 4 spaces,
// its keys at 6, an alternative's keys at 10.
const FINDING_INDENT = "    ";
const KEY_INDENT = "      ";
const ITEM_INDENT = "        ";

/**
 * An entry's JSON as it stands in the document, made once per entry and
 * indent: a big log has thousands of findings and a few dozen entries.
 * Secrets masked and unsafe characters escaped, as the whole document is.
 */
class EntryTexts {
  private readonly texts = new Map<string, WeakMap<CatalogEntry, string>>();

  get(entry: CatalogEntry, indent: string): string {
    let byEntry = this.texts.get(indent);
    if (!byEntry) this.texts.set(indent, (byEntry = new WeakMap()));
    let text = byEntry.get(entry);
    if (text === undefined) {
      text = escapeUnsafeJson(prettyJson(redactStrings(entryJson(entry)), indent));
      byEntry.set(entry, text);
    }
    return text;
  }
}

// The keys of a Finding in the order blankFinding makes them (findingJson adds log_url last).
const FINDING_KEYS: readonly (keyof Finding)[] = [
  "kind", "code", "message", "request_id", "request_time", "http_status", "method", "path", "retry_after_s", "entry",
  "alternatives", "field_errors", "warnings", "source", "request_id_source", "retry_after_source", "retry_at", "retryable",
  "match_reasons", "suggestions", "details", "hint", "content_type", "page_title", "served_by", "body_kind",
];

// A string that can be written between two quotes as it is: no quote, backslash or control
// character (JSON escapes those), no character escapeUnsafeJson escapes, no surrogate (a lone
// one is escaped by JSON.stringify), no word a secret may follow.
// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /["\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]|msk_|authorization|bearer/i;

/**
 * One finding's JSON, key by key, as JSON.stringify(findingJson(finding), null, 2)
 * writes it nested in the document. V8's JSON.stringify costs several
 * microseconds a finding, most of it on strings that need no escaping.
 * A string that needs more than two quotes goes to JSON.stringify; one that
 * may hold a secret makes the whole finding go to the masking path.
 */
class FindingText {
  private secret = false;

  constructor(private readonly entries: EntryTexts) {}

  /** The text, or null when a string in it may hold a secret (or the finding is not shaped as blankFinding makes it). */
  write(finding: Finding, logUrl: string | null): string | null {
    const keys = Object.keys(finding);
    if (keys.length !== FINDING_KEYS.length) return null;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== FINDING_KEYS[i]) return null;
    this.secret = false;
    const I = `,\n${KEY_INDENT}`;
    const alternatives = finding.alternatives.length === 0 ? "[]" : this.items(finding.alternatives.map((entry) => this.entries.get(entry, ITEM_INDENT)));
    const text =
      `{\n${KEY_INDENT}"kind": ${this.string(finding.kind)}` +
      `${I}"code": ${this.string(finding.code)}` +
      `${I}"message": ${this.string(finding.message)}` +
      `${I}"request_id": ${this.string(finding.request_id)}` +
      `${I}"request_time": ${this.string(finding.request_time)}` +
      `${I}"http_status": ${number(finding.http_status)}` +
      `${I}"method": ${this.string(finding.method)}` +
      `${I}"path": ${this.string(finding.path)}` +
      `${I}"retry_after_s": ${number(finding.retry_after_s)}` +
      `${I}"entry": ${finding.entry === null ? "null" : this.entries.get(finding.entry, KEY_INDENT)}` +
      `${I}"alternatives": ${alternatives}` +
      `${I}"field_errors": ${this.fieldErrors(finding.field_errors)}` +
      `${I}"warnings": ${this.strings(finding.warnings)}` +
      `${I}"source": ${this.source(finding.source)}` +
      `${I}"request_id_source": ${this.string(finding.request_id_source)}` +
      `${I}"retry_after_source": ${this.string(finding.retry_after_source)}` +
      `${I}"retry_at": ${this.string(finding.retry_at)}` +
      `${I}"retryable": ${finding.retryable === null ? "null" : String(finding.retryable)}` +
      `${I}"match_reasons": ${this.strings(finding.match_reasons)}` +
      `${I}"suggestions": ${this.strings(finding.suggestions)}` +
      `${I}"details": ${this.string(finding.details)}` +
      `${I}"hint": ${this.string(finding.hint)}` +
      `${I}"content_type": ${this.string(finding.content_type)}` +
      `${I}"page_title": ${this.string(finding.page_title)}` +
      `${I}"served_by": ${this.string(finding.served_by)}` +
      `${I}"body_kind": ${this.string(finding.body_kind)}` +
      `${I}"log_url": ${this.string(logUrl)}` +
      `\n${FINDING_INDENT}}`;
    return this.secret ? null : text;
  }

  private string(text: string | null): string {
    if (text === null) return "null";
    if (!NOT_PLAIN.test(text)) return `"${text}"`;
    if (mayHoldSecret(text)) this.secret = true;
    return escapeUnsafeJson(JSON.stringify(text));
  }

  /** An array of already written values, one per line at ITEM_INDENT. */
  private items(texts: readonly string[]): string {
    return `[\n${ITEM_INDENT}${texts.join(`,\n${ITEM_INDENT}`)}\n${KEY_INDENT}]`;
  }

  private strings(list: readonly string[]): string {
    return list.length === 0 ? "[]" : this.items(list.map((text) => this.string(text)));
  }

  private fieldErrors(list: Finding["field_errors"]): string {
    if (list.length === 0) return "[]";
    const inner = `${ITEM_INDENT}  `;
    return this.items(list.map((error) => `{\n${inner}"field": ${this.string(error.field)},\n${inner}"message": ${this.string(error.message)}\n${ITEM_INDENT}}`));
  }

  /** {line, form} and whichever of input and har_entry were added, in the order they were. */
  private source(source: Finding["source"]): string {
    let text = "";
    for (const key of Object.keys(source) as (keyof Finding["source"])[]) {
      const value = source[key];
      if (value === undefined) continue;
      text += `${text === "" ? "" : ","}\n${ITEM_INDENT}${this.string(key)}: ${typeof value === "number" ? number(value) : this.string(value)}`;
    }
    return text === "" ? "{}" : `{${text}\n${KEY_INDENT}}`;
  }
}

function number(value: number | null): string {
  return value === null || !Number.isFinite(value) ? "null" : String(value);
}

/**
 * Writes `{"findings": [...], "request_ids": [...], "summary": {...}}`
 * piece by piece; byte for byte what JSON.stringify(document, null, 2) gives.
 */
export class JsonFindingWriter {
  private count = 0;
  private readonly text = new FindingText(new EntryTexts());

  constructor(
    private readonly out: { write(text: string): void },
    private readonly options: FindingRenderOptions,
  ) {}

  add(finding: Finding): void {
    // Core masks the secrets it knows to look for; a string that may hold another sends the finding to maskedText.
    const json = this.text.write(finding, logUrlFor(this.options.logUrlTemplate, finding.request_id)) ?? this.maskedText(finding);
    this.out.write(`${this.count === 0 ? '{\n  "findings": [\n' : ",\n"}${FINDING_INDENT}${json}`);
    this.count++;
  }

  /** The finding with every string in it masked (a secret in a field core does not mask). */
  private maskedText(finding: Finding): string {
    const object = redactStrings(findingJson(finding, this.options));
    // Nested twice so JSON.stringify indents it as it stands in the document.
    const nested = JSON.stringify([[object]], null, 2);
    return escapeUnsafeJson(nested.slice(NESTED_OPEN, nested.length - NESTED_CLOSE));
  }

  finish(summary: DecodeSummary): void {
    const head = this.count === 0 ? '{\n  "findings": [],\n' : "\n  ],\n";
    const ids = escapeUnsafeJson(JSON.stringify(redactStrings([...summary.requestIds]), null, 2));
    const counts = escapeUnsafeJson(JSON.stringify(redactStrings(summary.counts()), null, 2));
    // Only when the list is full, so a document's keys stay as they were for every other run.
    const omitted = summary.requestIdsOmitted > 0 ? `  "request_ids_omitted": ${summary.requestIdsOmitted},\n` : "";
    this.out.write(`${head}  "request_ids": ${nest(ids, "  ")},\n${omitted}  "summary": ${nest(counts, "  ")}\n}\n`);
  }
}

function omittedNote(summary: DecodeSummary): string {
  const n = summary.requestIdsOmitted;
  return `…and ${n} more finding${n === 1 ? "" : "s"} with request ids past the first ${summary.requestIds.size} (each finding shows its own)`;
}

export async function renderHumanSummary(io: IO, chalk: ChalkInstance, summary: DecodeSummary): Promise<string> {
  const rows = [...Object.entries(summary.counts())].map(([code, count]) => [code, String(count)]);
  let text = `${chalk.bold(`${summary.findings} errors found`)}\n`;
  text += await renderTable(io, [{ header: "CODE" }, { header: "COUNT" }], rows);
  if (summary.requestIds.size > 0) {
    text += `\n${chalk.bold("Request IDs")} ${chalk.dim("(one per line, for support)")}\n`;
    for (const id of summary.requestIds) text += `${safeText(id, { singleLine: true })}\n`;
    if (summary.requestIdsOmitted > 0) text += `${chalk.dim(omittedNote(summary))}\n`;
  }
  return text;
}

export function renderMarkdownSummary(summary: DecodeSummary): string {
  const rows = Object.entries(summary.counts()).map(([code, count]) => `| \`${safeText(code, { singleLine: true }).replace(/[`|]/g, "'")}\` | ${count} |`);
  let text = `### Summary\n\n| Code | Count |\n| --- | --- |\n${rows.join("\n")}\n`;
  if (summary.requestIds.size > 0) {
    text += `\nRequest IDs:\n\n\`\`\`\n${[...summary.requestIds].map((id) => safeText(id, { singleLine: true }).replace(/`/g, "'")).join("\n")}\n\`\`\`\n`;
    if (summary.requestIdsOmitted > 0) text += `\n${omittedNote(summary)}\n`;
  }
  return text;
}
