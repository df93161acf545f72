// decode's output around the findings: the JSON document written as the
// findings arrive (memory stays flat on a big log), and the closing summary.
import type { ChalkInstance } from "chalk";
import type { Finding } from "../../core/decode/finding.js";
import type { DecodeSummary } from "../../core/decode/summary.js";
import { mayHoldSecret, redactStrings, safeText } from "../../core/sanitize.js";
import type { IO } from "../io.js";
import { findingJson, logUrlFor, type FindingRenderOptions } from "./finding.js";
import { escapeUnsafeJson, nest } from "./json.js";
import { FindingBytes, FIRST_LEAD, NEXT_LEAD } from "./finding-bytes.js";
import { renderTable } from "./table.js";

/** Where decode's output goes: text, and bytes too when the sink takes them as they are (a descriptor written at once). */
export interface OutputSink {
  write(text: string): void;
  writeBytes?(bytes: Uint8Array): void;
}

const OUTPUT_BYTES = 256 * 1024;
const FLUSH_AT = 64 * 1024;

/**
 * Holds output until about 64 KB have gathered or flush() is called: one
 * write per batch instead of one per finding (a system call each when
 * stdout is a pipe or file). decode flushes after every input chunk, before
 * each warning and at the end, so findings still stream out as they are found.
 * Text is encoded as UTF-8 into one reused buffer as it comes: joining it
 * into a big string first cost more than the encoding (fresh memory, and
 * the catalog's typographic quotes make a string two bytes a character).
 */
export class OutputBuffer implements OutputSink {
  private bytes: Buffer | null = null;
  private used = 0;

  constructor(private readonly out: OutputSink) {}

  write(text: string): void {
    if (text.length === 0) return;
    // At most 3 bytes for each UTF-16 unit.
    if (!this.room(text.length * 3)) return this.out.write(text);
    this.used += this.bytes!.write(text, this.used, "utf8");
    if (this.used >= FLUSH_AT) this.flush();
  }

  writeBytes(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (!this.room(chunk.length)) return this.sinkBytes(chunk);
    this.bytes!.set(chunk, this.used);
    this.used += chunk.length;
    if (this.used >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.used === 0) return;
    const view = this.bytes!.subarray(0, this.used);
    this.used = 0;
    this.sinkBytes(view);
  }

  /**
   * For a writer that encodes a record in place (decode's JSON findings):
   * the buffer, and where the record starts. It writes from `start`, asks
   * for room as it goes, and ends with commit(end) or by not committing.
   */
  beginRecord(): { bytes: Buffer; start: number } {
    this.room(0);
    return { bytes: this.bytes!, start: this.used };
  }

  /**
   * Room for `size` more bytes after `end` in the record begun at `start`:
   * the output before the record is flushed and the record moved to the
   * front if need be. The record's new start, or -1 when it cannot grow
   * that large (the writer then gives it up).
   */
  recordRoom(start: number, end: number, size: number): number {
    if (end + size <= OUTPUT_BYTES) return start;
    if (end - start + size > OUTPUT_BYTES) return -1;
    this.flush();
    this.bytes!.copyWithin(0, start, end);
    return 0;
  }

  commit(end: number): void {
    this.used = end;
    if (this.used >= FLUSH_AT) this.flush();
  }

  /** Whether `size` more bytes fit, after a flush if need be; false for more than the buffer holds (written directly). */
  private room(size: number): boolean {
    this.bytes ??= Buffer.allocUnsafe(OUTPUT_BYTES);
    if (this.used + size <= OUTPUT_BYTES) return true;
    this.flush();
    return size <= OUTPUT_BYTES;
  }

  private sinkBytes(bytes: Uint8Array): void {
    if (this.out.writeBytes) this.out.writeBytes(bytes);
    else this.out.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  }
}

// JSON.stringify indents a value nested two levels down by four spaces more
// than at the top: what nest(json, "    ") does, without splitting the text.
const NESTED_OPEN = "[\n  [\n    ".length;
const NESTED_CLOSE = "\n  ]\n]".length;

/**
 * Writes `{"findings": [...], "request_ids": [...], "summary": {...}}`
 * piece by piece; byte for byte what JSON.stringify(document, null, 2) gives.
 */
export class JsonFindingWriter {
  private count = 0;
  private readonly bytes = new FindingBytes();
  private readonly buffer: OutputBuffer;

  /** `out` is best an OutputBuffer, which the findings are encoded into in place; any other sink gets them as text. */
  constructor(
    private readonly out: OutputSink,
    private readonly options: FindingRenderOptions,
  ) {
    this.buffer = out instanceof OutputBuffer ? out : new OutputBuffer(out);
  }

  add(finding: Finding): void {
    const first = this.count === 0;
    this.count++;
    // Core masks the secrets it knows to look for; a string that may hold another sends the finding to maskedText.
    const logUrl = logUrlFor(this.options.logUrlTemplate, finding.request_id);
    if (!this.bytes.write(this.buffer, finding, logUrl, first)) this.buffer.write(`${first ? FIRST_LEAD : NEXT_LEAD}${this.maskedText(finding)}`);
    if (this.buffer !== this.out) this.buffer.flush();
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
    const ids = escapeUnsafeJson(redactedJson([...summary.requestIds]));
    const counts = escapeUnsafeJson(JSON.stringify(redactStrings(summary.counts()), null, 2));
    // Only when the list is full, so a document's keys stay as they were for every other run.
    const omitted = summary.requestIdsOmitted > 0 ? `  "request_ids_omitted": ${summary.requestIdsOmitted},\n` : "";
    this.buffer.write(`${head}  "request_ids": ${nest(ids, "  ")},\n${omitted}  "summary": ${nest(counts, "  ")}\n}\n`);
    if (this.buffer !== this.out) this.buffer.flush();
  }
}

/**
 * JSON.stringify(redactStrings(texts), null, 2), checked for secrets once as
 * a whole: the request ids of a big log are thousands of strings, which core
 * has masked already. No match can span two of them in the JSON (quotes and
 * commas part them), so a whole with none means none has one.
 */
function redactedJson(texts: readonly string[]): string {
  const json = JSON.stringify(texts, null, 2);
  return mayHoldSecret(json) ? JSON.stringify(redactStrings(texts), null, 2) : json;
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
