// A catalog entry as Markdown, for a reply to a customer: the same block
// decode's Markdown gives a finding, without what only a finding knows.
import { describeStatus, FAULT_DESCRIPTION, RETRY_ADVICE } from "../core/advice.js";
import type { CatalogEntry } from "../core/catalog.js";
import { safeText } from "../core/sanitize.js";

function md(text: string): string {
  return safeText(text, { singleLine: true }).replace(/[\\`*_[\]<>#|]/g, (char) => `\\${char}`);
}

function mdCode(text: string): string {
  return `\`${safeText(text, { singleLine: true }).replace(/`/g, "'")}\``;
}

export function renderEntryMarkdown(entry: CatalogEntry): string {
  return [
    `### ${mdCode(entry.code)} (${describeStatus(entry.http_status)}, ${md(entry.area)})`,
    "",
    `- **What it means:** ${md(entry.meaning)}`,
    `- **What to do:** ${md(entry.action)}`,
    `- **Retry:** ${md(RETRY_ADVICE[entry.retry])}`,
    `- **Whose move:** ${md(FAULT_DESCRIPTION[entry.fault])}`,
    "",
  ].join("\n");
}
