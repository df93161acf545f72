// decode's closing summary, for people and for a ticket reply. (--json's
// document is written by json-writer/.)
import type { ChalkInstance } from "chalk";
import type { DecodeSummary } from "../core/decode/summary.js";
import { safeText } from "../core/sanitize.js";
import type { IO } from "../cli/io.js";
import { renderTable } from "./table.js";

function omittedNote(summary: DecodeSummary): string {
  const n = summary.requestIdsOmitted;
  return `…and ${n} more finding${n === 1 ? "" : "s"} with request ids past the first ${summary.requestIds.size} (each finding shows its own)`;
}

export async function renderHumanSummary(io: IO, chalk: ChalkInstance, summary: DecodeSummary): Promise<string> {
  const rows = [...Object.entries(summary.counts())].map(([code, count]) => [code, String(count)]);
  let text = `${chalk.bold(`${summary.findings} errors found`)}\n`;
  text += await renderTable(io, [{ header: "CODE", keep: true }, { header: "COUNT" }], rows);
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
