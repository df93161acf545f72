// Human rendering of catalog entries: one card per entry.
import type { ChalkInstance } from "chalk";
import { describeStatus, FAULT_DESCRIPTION, RETRY_ADVICE } from "../core/advice.js";
import type { CatalogEntry } from "../core/catalog.js";
import { safeText } from "../core/sanitize.js";
import { wrapText } from "./wrap.js";

export function paintStatus(chalk: ChalkInstance, status: number | null): string {
  const text = describeStatus(status);
  if (status === null) return chalk.dim(text);
  return status >= 500 ? chalk.red(text) : status >= 400 ? chalk.yellow(text) : chalk.green(text);
}

export function sourceNote(entry: CatalogEntry): string | null {
  if (entry.source === "sdk" && entry.area === "client") {
    return "not in the error reference; seen in MIOSA's SDKs, which raise it themselves (the server never sends it)";
  }
  if (entry.source === "sdk") return "not in the error reference; seen in MIOSA's SDKs";
  if (entry.source === "user") return "from your catalog file, not the built-in one";
  return null;
}

const LABEL_WIDTH = 12;

/**
 * `label  value`, the value's further lines under its first; with a `width`
 * (a terminal's), each line wrapped to it with the same hanging indent.
 */
export function labelled(chalk: ChalkInstance, label: string, value: string, indent = "  ", width = Number.POSITIVE_INFINITY): string {
  const pad = " ".repeat(Math.max(1, LABEL_WIDTH - label.length));
  const hanging = indent.length + Math.max(LABEL_WIDTH, label.length + 1);
  const continuation = `\n${indent}${" ".repeat(hanging - indent.length)}`;
  return `${indent}${chalk.dim(label)}${pad}${wrapText(value, Math.max(20, width - hanging)).join(continuation)}\n`;
}

/** The heading line: code, area and status. */
export function entryHeading(chalk: ChalkInstance, entry: CatalogEntry): string {
  return `${chalk.bold(safeText(entry.code, { singleLine: true }))}  ${chalk.cyan(entry.area)} · ${paintStatus(chalk, entry.http_status)}`;
}

/** The body of a card: meaning, what to do, retry advice, whose move; wrapped to `width` (a terminal's). */
export function entryDetails(chalk: ChalkInstance, entry: CatalogEntry, indent = "  ", width = Number.POSITIVE_INFINITY): string {
  let text =
    labelled(chalk, "Meaning", safeText(entry.meaning), indent, width) +
    labelled(chalk, "What to do", safeText(entry.action), indent, width) +
    labelled(chalk, "Retry", RETRY_ADVICE[entry.retry], indent, width) +
    labelled(chalk, "Whose move", FAULT_DESCRIPTION[entry.fault], indent, width);
  const note = sourceNote(entry);
  if (note) text += labelled(chalk, "Source", note, indent, width);
  return text;
}

export function renderEntryCard(chalk: ChalkInstance, entry: CatalogEntry, width = Number.POSITIVE_INFINITY): string {
  return `${entryHeading(chalk, entry)}\n${entryDetails(chalk, entry, "  ", width)}`;
}
