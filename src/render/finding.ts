// Renders one Finding: a card for people (terminal or pipe) and a Markdown
// block to paste into a ticket reply (its JSON object is json.ts's). decode,
// probe and the browser page use these. A finding's own strings were masked
// as it was sealed (core sanitize.ts): here they only have their controls
// escaped; catalog text (a user catalog is outside text too) goes through
// safeText. Nothing here needs Node: the page bundles it.
import type { ChalkInstance } from "chalk";
import { describeStatus, FAULT_DESCRIPTION, RETRY_ADVICE } from "../core/advice.js";
import type { Finding } from "../core/finding/finding.js";
import { nonEnvelopeAdvice } from "../core/finding/non-envelope.js";
import { describeSeconds } from "../core/finding/retry-after.js";
import { escapeControls, redactSecrets, safeText } from "../core/sanitize.js";
import { logUrlFor } from "./json.js";
import { labelled, paintStatus, sourceNote } from "./entry.js";
import { wrapText } from "./wrap.js";

export interface FindingRenderOptions {
  /** Number shown before the heading when several findings are listed. */
  index?: number;
  /** A URL template with `{request_id}` (--log-url, MIOSA_ERR_LOG_URL). */
  logUrlTemplate?: string | null;
  /** Wrap links in OSC 8 escapes (a terminal that shows them as links). */
  hyperlinks?: boolean;
  /** Say where in the input the error was found (decode: yes; probe: no). */
  showSource?: boolean;
  /** A terminal's columns: lines wrap to it under their label. */
  width?: number;
}

/** An OSC 8 terminal hyperlink; `url` must be free of control characters (logUrlFor's output is). */
export function hyperlink(url: string, text: string): string {
  return `\u001b]8;;${url}\u001b\\${text}\u001b]8;;\u001b\\`;
}

export const NO_REQUEST_ID_ADVICE =
  "none in this answer: ask the customer for the X-Request-ID response header (or request_id in the body), and the time, method and path of the call";

function timeText(iso: string): string {
  return `${iso.replace("T", " ").replace("Z", "")} UTC (derived from the ULID id)`;
}

function retryAfterText(finding: Finding): string | null {
  const from = finding.retry_after_source === "header" ? "Retry-After header" : "retry_after in the body";
  if (finding.retry_after_s !== null) return `${describeSeconds(finding.retry_after_s)} (${from})`;
  if (finding.retry_at) return `at ${escapeControls(finding.retry_at, true)} (${from})`;
  return null;
}

function sourceText(finding: Finding): string {
  const { source } = finding;
  const where = source.line > 0 ? `line ${source.line}` : "";
  const input = source.input ? `${where ? " of " : ""}${escapeControls(source.input, true)}` : "";
  const entry = source.har_entry ? `, entry ${source.har_entry}` : "";
  return `${where}${input}${entry} (${source.form})`.trim();
}

function headingText(chalk: ChalkInstance, finding: Finding, options: FindingRenderOptions): string {
  const parts: string[] = [];
  const name =
    finding.kind === "non_envelope"
      ? chalk.bold("not a MIOSA error envelope")
      : finding.code
        ? chalk.bold(escapeControls(finding.code, true))
        : chalk.bold(finding.entry ? `(no code; matches ${safeText(finding.entry.code, { singleLine: true })})` : "(no code)");
  parts.push(name);
  if (finding.http_status !== null) parts.push(paintStatus(chalk, finding.http_status));
  if (finding.method || finding.path) parts.push(escapeControls([finding.method, finding.path].filter(Boolean).join(" "), true));
  const prefix = options.index !== undefined ? `${options.index}. ` : "";
  return `${prefix}${parts.join(chalk.dim(" · "))}\n`;
}

export function renderFinding(chalk: ChalkInstance, finding: Finding, options: FindingRenderOptions = {}): string {
  let text = headingText(chalk, finding, options);
  if (options.width !== undefined) text = `${wrapText(text.slice(0, -1), options.width).join("\n   ")}\n`;
  const line = (label: string, value: string) => (text += labelled(chalk, label, value, "  ", options.width));
  if (finding.message && finding.message !== finding.page_title) line("Message", escapeControls(finding.message));
  if (finding.kind === "non_envelope") {
    if (finding.content_type) line("Content type", escapeControls(finding.content_type, true));
    if (finding.page_title) line("Page title", escapeControls(finding.page_title, true));
    if (finding.served_by) line("Served by", escapeControls(finding.served_by, true));
  }
  for (const error of finding.field_errors)
    line("Field", `${chalk.bold(escapeControls(error.field || "(body)", true))}: ${escapeControls(error.message, true)}`);
  if (finding.details) line("Details", escapeControls(finding.details, true));
  if (finding.hint) line("CLI hint", escapeControls(finding.hint));

  if (finding.request_id) {
    const id = escapeControls(finding.request_id, true);
    const url = logUrlFor(options.logUrlTemplate, finding.request_id);
    const shown = url && options.hyperlinks ? hyperlink(escapeControls(url, true), id) : id;
    const from =
      finding.request_id_source === "header"
        ? chalk.dim(" (from the request-id header)")
        : finding.request_id_source === "log"
          ? chalk.dim(" (from the log line)")
          : "";
    line("Request ID", `${chalk.bold(shown)}${from}${finding.request_time ? `\nmade ${timeText(finding.request_time)}` : ""}`);
    if (url) line("Logs", options.hyperlinks ? hyperlink(escapeControls(url, true), escapeControls(url, true)) : escapeControls(url, true));
  } else {
    line("Request ID", chalk.yellow(NO_REQUEST_ID_ADVICE));
  }

  if (finding.kind === "non_envelope") {
    const advice = nonEnvelopeAdvice(finding.http_status, finding.body_kind ?? "empty");
    line("Meaning", advice.meaning);
    line("What to do", advice.action);
    line("Retry", advice.retry);
  } else if (finding.entry) {
    const entry = finding.entry;
    line(
      "Entry",
      `${chalk.cyan(entry.area)} · ${paintStatus(chalk, entry.http_status)}${finding.match_reasons.length ? chalk.dim(`  (chosen by ${finding.match_reasons.join(", ")})`) : ""}`,
    );
    line("Meaning", safeText(entry.meaning));
    line("What to do", safeText(entry.action));
    line("Retry", RETRY_ADVICE[entry.retry]);
    line("Whose move", FAULT_DESCRIPTION[entry.fault]);
    const note = sourceNote(entry);
    if (note) line("Source", note);
  } else {
    const known = finding.suggestions.length ? `; closest known codes: ${finding.suggestions.map((code) => escapeControls(code, true)).join(", ")}` : "";
    line("Catalog", chalk.yellow(`no entry for ${finding.code ? escapeControls(finding.code, true) : "this error"}${known}`));
  }
  const retryAfter = retryAfterText(finding);
  if (retryAfter) line("Retry after", retryAfter);
  if (finding.retryable !== null) line("Retryable", finding.retryable ? "yes, the body says so" : "no, the body says so");
  if (finding.alternatives.length > 0) {
    line("Also", finding.alternatives.map((entry) => `${entry.area} ${entry.http_status}: ${safeText(entry.meaning)}`).join("\n"));
  }
  for (const warning of finding.warnings) line("Warning", chalk.yellow(escapeControls(warning, true)));
  if (options.showSource) line("Found", chalk.dim(sourceText(finding)));
  return text;
}

// What GitHub would turn into a link on its own: a URL, a www address, an e-mail address.
// Bounded repeats, and an address only from the start of its run: on a long run of word characters an
// unbounded `[\w.+-]+@` tried again from every position would take time growing with the square of it.
const AUTOLINKABLE = /\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s<>`]*|\bwww\.[^\s<>`]*|(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/gi;

/**
 * Text for Markdown: one line, the characters Markdown would act on escaped,
 * and whatever GitHub would autolink put in a code span, where it stays text.
 */
function md(text: string): string {
  const line = escapeControls(text, true);
  let out = "";
  let at = 0;
  for (const link of line.matchAll(AUTOLINKABLE)) {
    out += `${escapeMarkdown(line.slice(at, link.index))}\`${link[0].replace(/`/g, "'")}\``;
    at = link.index + link[0].length;
  }
  return out + escapeMarkdown(line.slice(at));
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (char) => `\\${char}`);
}

/** A URL that cannot end a Markdown link early. */
function markdownUrl(url: string): string {
  return escapeControls(url, true).replace(/[()\s<>]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** Inline code that cannot be broken out of: backticks inside become quotes. */
function mdCode(text: string): string {
  return `\`${escapeControls(text, true).replace(/`/g, "'")}\``;
}

export function renderFindingMarkdown(finding: Finding, options: FindingRenderOptions = {}): string {
  const title =
    finding.kind === "non_envelope"
      ? "Not a MIOSA error envelope"
      : finding.code
        ? mdCode(finding.code)
        : finding.entry
          ? `${mdCode(finding.entry.code)} (matched by message)`
          : "Error without a code";
  const status = finding.http_status !== null ? ` (${describeStatus(finding.http_status)})` : "";
  const call = finding.method || finding.path ? ` on ${mdCode([finding.method, finding.path].filter(Boolean).join(" "))}` : "";
  const lines = [`### ${options.index !== undefined ? `${options.index}. ` : ""}${title}${status}${call}`, ""];
  const item = (label: string, value: string) => lines.push(`- **${label}:** ${value}`);
  if (finding.message) item("Message", md(finding.message));
  if (finding.kind === "non_envelope") {
    const advice = nonEnvelopeAdvice(finding.http_status, finding.body_kind ?? "empty");
    item("What it means", md(advice.meaning));
    item("What to do", md(advice.action));
  } else if (finding.entry) {
    item("What it means", md(redactSecrets(finding.entry.meaning)));
    item("What to do", md(redactSecrets(finding.entry.action)));
    item("Retry", md(RETRY_ADVICE[finding.entry.retry]));
  } else {
    item(
      "What it means",
      `not in the MIOSA error catalog${finding.suggestions.length ? `; closest known codes: ${finding.suggestions.map(mdCode).join(", ")}` : ""}`,
    );
  }
  for (const error of finding.field_errors) item("Field", `${mdCode(error.field || "(body)")}: ${md(error.message)}`);
  const retryAfter = retryAfterText(finding);
  if (retryAfter) item("Retry after", md(retryAfter));
  if (finding.request_id) {
    const url = logUrlFor(options.logUrlTemplate, finding.request_id);
    const time = finding.request_time ? ` (made ${md(finding.request_time.replace("T", " ").replace("Z", ""))} UTC, derived from the ID)` : "";
    item("Request ID", `${mdCode(finding.request_id)}${time}${url ? ` ([logs](${markdownUrl(url)}))` : ""}`);
  } else {
    item("Request ID", md(NO_REQUEST_ID_ADVICE));
  }
  for (const warning of finding.warnings) item("Note", md(warning));
  return `${lines.join("\n")}\n`;
}
