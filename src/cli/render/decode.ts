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
 * Writes `{"findings": [...], "request_ids": [...], "summary": {...}}`
 * piece by piece; byte for byte what JSON.stringify(document, null, 2) gives.
 */
export class JsonFindingWriter {
  private count = 0;

  constructor(
    private readonly io: IO,
    private readonly options: FindingRenderOptions,
  ) {}

  add(finding: Finding): void {
    const object = findingJson(finding, this.options);
    let text = JSON.stringify(object, null, 2);
    // Core masks the secrets it knows to look for; this catches one in any other field.
    if (mayHoldSecret(text)) text = JSON.stringify(redactStrings(object), null, 2);
    const json = nest(escapeUnsafeJson(text), "    ");
    this.io.stdout.write(`${this.count === 0 ? '{\n  "findings": [\n' : ",\n"}    ${json}`);
    this.count++;
  }

  finish(summary: DecodeSummary): void {
    const head = this.count === 0 ? '{\n  "findings": [],\n' : "\n  ],\n";
    const ids = escapeUnsafeJson(JSON.stringify(redactStrings([...summary.requestIds]), null, 2));
    const counts = escapeUnsafeJson(JSON.stringify(redactStrings(summary.counts()), null, 2));
    this.io.stdout.write(`${head}  "request_ids": ${nest(ids, "  ")},\n  "summary": ${nest(counts, "  ")}\n}\n`);
  }
}

export async function renderHumanSummary(io: IO, chalk: ChalkInstance, summary: DecodeSummary): Promise<string> {
  const rows = [...Object.entries(summary.counts())].map(([code, count]) => [code, String(count)]);
  let text = `${chalk.bold(`${summary.findings} errors found`)}\n`;
  text += await renderTable(io, [{ header: "CODE" }, { header: "COUNT" }], rows);
  if (summary.requestIds.size > 0) {
    text += `\n${chalk.bold("Request IDs")} ${chalk.dim("(one per line, for support)")}\n`;
    for (const id of summary.requestIds) text += `${safeText(id, { singleLine: true })}\n`;
  }
  return text;
}

export function renderMarkdownSummary(summary: DecodeSummary): string {
  const rows = Object.entries(summary.counts()).map(([code, count]) => `| \`${safeText(code, { singleLine: true }).replace(/[`|]/g, "'")}\` | ${count} |`);
  let text = `### Summary\n\n| Code | Count |\n| --- | --- |\n${rows.join("\n")}\n`;
  if (summary.requestIds.size > 0) {
    text += `\nRequest IDs:\n\n\`\`\`\n${[...summary.requestIds].map((id) => safeText(id, { singleLine: true }).replace(/`/g, "'")).join("\n")}\n\`\`\`\n`;
  }
  return text;
}
