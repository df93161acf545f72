// decode's output around the findings: the JSON document written as the
// findings arrive (memory stays flat on a big log), and the closing summary.
import type { ChalkInstance } from "chalk";
import type { Finding } from "../../core/decode/finding.js";
import type { DecodeSummary } from "../../core/decode/summary.js";
import { mayHoldSecret, redactStrings, safeText } from "../../core/sanitize.js";
import type { IO } from "../io.js";
import { findingJson, type FindingRenderOptions } from "./finding.js";
import { escapeUnsafeJson } from "./json.js";
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

/**
 * Writes `{"findings": [...], "request_ids": [...], "summary": {...}}`
 * piece by piece; byte for byte what JSON.stringify(document, null, 2) gives.
 */
export class JsonFindingWriter {
  private count = 0;

  constructor(
    private readonly out: { write(text: string): void },
    private readonly options: FindingRenderOptions,
  ) {}

  add(finding: Finding): void {
    const object = findingJson(finding, this.options);
    // Nested twice so JSON.stringify indents it as it stands in the document.
    let nested = JSON.stringify([[object]], null, 2);
    // Core masks the secrets it knows to look for; this catches one in any other field.
    if (mayHoldSecret(nested)) nested = JSON.stringify([[redactStrings(object)]], null, 2);
    const json = escapeUnsafeJson(nested.slice(NESTED_OPEN, nested.length - NESTED_CLOSE));
    this.out.write(`${this.count === 0 ? '{\n  "findings": [\n' : ",\n"}    ${json}`);
    this.count++;
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
