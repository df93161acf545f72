// probe's report for people: the request, each attempt, then the last answer
// in full (status, ids, size, timing chart, explanation). Everything that came
// from outside passes through `show`: safeText with probe's redactor, which knows the key.
import type { ChalkInstance } from "chalk";
import type { HeaderList } from "../core/probe/request.js";
import { escapeControls, redactHeaders, redactStrings, safeText } from "../core/sanitize.js";
import { describeSource, isIpHost, type UrlSource } from "../core/probe/target.js";
import type { Attempt } from "../core/probe/exchange.js";
import type { Phase } from "../core/probe/timings.js";
import { paintStatus } from "./entry.js";
import { renderFinding } from "./finding.js";
import { formatMs, renderTimingChart } from "./timing-chart.js";

export interface ProbeView {
  chalk: ChalkInstance;
  columns: number;
  verbose: boolean;
  redact: (text: string) => string;
}

const FACT_WIDTH = 14;

/** `  Label         value`, continuation lines aligned under the value. */
function fact(chalk: ChalkInstance, label: string, value: string): string {
  return `  ${chalk.dim(label.padEnd(FACT_WIDTH))}${value.split("\n").join(`\n  ${" ".repeat(FACT_WIDTH)}`)}\n`;
}

export function show(view: ProbeView, text: string, singleLine = true): string {
  return safeText(text, { singleLine, redact: view.redact });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? "" : "s"}`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export interface RequestSummary {
  method: string;
  url: string;
  headers: HeaderList;
  keyShown: string | null;
  keySource: string | null;
  hostSource: UrlSource;
}

export function renderRequestLine(view: ProbeView, request: RequestSummary): string {
  const { chalk } = view;
  let text = `${chalk.bold(request.method)} ${show(view, request.url)}\n`;
  const key = request.keyShown ? `key ${request.keyShown} (from ${request.keySource})` : "no key";
  text += chalk.dim(`${key} · host from ${describeSource(request.hostSource)}\n`);
  return text;
}

function statusText(view: ProbeView, attempt: Attempt): string {
  if (attempt.status !== null) return paintStatus(view.chalk, attempt.status);
  return view.chalk.red(`no answer (${show(view, attempt.failure?.code ?? "unknown")})`);
}

/** One line per attempt, printed as each ends when --retry is on. */
export function renderAttemptLine(view: ProbeView, attempt: Attempt): string {
  const { chalk } = view;
  const parts = [`attempt ${attempt.number}`, statusText(view, attempt), formatMs(attempt.timings.total)];
  const id = attempt.requestIdHeader ?? attempt.requestIdBody;
  if (id) parts.push(show(view, id));
  let line = parts.join("  ");
  if (attempt.retry) line += chalk.dim(`  → retrying in ${(attempt.retry.delayMs / 1000).toFixed(1)} s (${attempt.retry.reason})`);
  else if (attempt.noRetryReason) line += chalk.dim(`  → not retried: ${show(view, attempt.noRetryReason)}`);
  return `${line}\n`;
}

function requestIdLine(view: ProbeView, attempt: Attempt): string | null {
  const header = attempt.requestIdHeader;
  const body = attempt.requestIdBody;
  if (header && body && header !== body) {
    return `${view.chalk.yellow("mismatch")}: header ${show(view, header)}, body ${show(view, body)} (quote both to support)`;
  }
  if (header && body) return `${show(view, header)} (header and body agree)`;
  if (header) return `${show(view, header)} (header)`;
  if (body) return `${show(view, body)} (body; no X-Request-ID header)`;
  return null;
}

function answerFacts(view: ProbeView, attempt: Attempt): string {
  const { chalk } = view;
  const response = attempt.response!;
  let text = "";
  const id = requestIdLine(view, attempt);
  if (id) text += fact(chalk, "Request ID", id);
  if (attempt.retryAfterS !== null) text += fact(chalk, "Retry-After", `${attempt.retryAfterS} s`);
  const type = response.headers["content-type"];
  if (type) text += fact(chalk, "Content type", show(view, type));
  const declared = response.headers["content-length"];
  const wire = response.encoding ? `, ${response.encoding}: ${formatBytes(response.receivedBytes)} received` : "";
  const announced = declared && /^\d+$/.test(declared) && !response.encoding ? formatBytes(Number(declared)) : null;
  const size = response.truncated
    ? `${formatBytes(response.body.length)} kept of ${announced ?? "a longer body"} (truncated${wire})`
    : response.incomplete
      ? `${formatBytes(response.body.length)}${announced ? ` of ${announced}` : ""} (incomplete${wire})`
      : `${formatBytes(response.body.length)}${wire ? ` (${wire.slice(2)})` : ""}`;
  text += fact(chalk, "Size", size);
  const tls = attempt.connection?.tls;
  if (tls) {
    const cert = [
      tls.subject && `for ${show(view, tls.subject)}`,
      tls.issuer && `issued by ${show(view, tls.issuer)}`,
      tls.validTo && `until ${tls.validTo.slice(0, 10)}`,
    ];
    text += fact(chalk, "TLS", [tls.protocol, ...cert].filter(Boolean).join(", "));
  }
  return text;
}

function redirectLines(view: ProbeView, attempt: Attempt): string {
  return attempt.redirects
    .map((hop) => {
      const dropped = hop.dropped_headers.length > 0 ? ` (${hop.dropped_headers.join(", ")} not sent on: another origin)` : "";
      return fact(view.chalk, "Redirected", `${hop.status} → ${show(view, hop.to)}${dropped}`);
    })
    .join("");
}

function headerBlock(view: ProbeView, title: string, marker: string, headers: HeaderList): string {
  const lines = redactHeaders(headers, view.redact).map(([name, value]) => `  ${marker} ${show(view, name)}: ${show(view, value)}`);
  return `${view.chalk.bold(title)}\n${lines.join("\n")}\n`;
}

function bodyPreview(view: ProbeView, body: Uint8Array): string | null {
  if (body.length === 0) return null;
  let text = new TextDecoder().decode(body.subarray(0, 4096));
  try {
    text = JSON.stringify(JSON.parse(new TextDecoder().decode(body)), null, 2);
  } catch {
    // Not JSON (or cut short): shown as it came.
  }
  // Masked whole, before it is cut into lines of 200: a key split across lines, or cut short, no longer looks like one.
  const lines = view.redact(text).split("\n");
  const shown = lines.slice(0, 20).map((line) => `  ${escapeControls(line.slice(0, 200), true)}`);
  if (lines.length > 20) shown.push(view.chalk.dim(`  … ${lines.length - 20} more lines`));
  return `${view.chalk.bold("Body")}\n${shown.join("\n")}\n`;
}

/** Why a phase shows n/a: it was not needed, or the connection was reused, or it was never reached. */
export function skippedPhases(attempt: Attempt): Partial<Record<Phase, string>> {
  const url = new URL(attempt.url);
  const reused = attempt.connection === null && (attempt.response !== null || attempt.failure?.phase === "response" || attempt.failure?.phase === "body");
  const why: Partial<Record<Phase, string>> = {};
  if (!attempt.connectionsObserved) {
    why.dns = why.connect = why.tls = "not observable through the dispatcher given";
  } else if (reused) {
    why.dns = why.connect = "connection reused";
    why.tls = url.protocol === "https:" ? "connection reused" : "plain http";
  } else {
    if (isIpHost(url)) why.dns = "IP address: no lookup";
    if (url.protocol === "http:") why.tls = "plain http";
  }
  if (attempt.failure) {
    for (const phase of ["dns", "connect", "tls", "ttfb", "transfer"] as const) {
      if (attempt.timings[phase] === null && why[phase] === undefined) why[phase] = "not reached";
    }
    if (attempt.failure.phase === "body") why.transfer = "did not finish";
  }
  return why;
}

/** The last attempt in full. */
export function renderAttemptReport(view: ProbeView, attempt: Attempt, sentHeaders: HeaderList): string {
  const { chalk } = view;
  const sections: string[] = [];
  const failureLines = () => {
    if (!attempt.failure || !attempt.explanation) return "";
    let text = `  ${show(view, attempt.explanation.summary)}\n`;
    text += attempt.explanation.checks.map((check) => `  ${chalk.dim("-")} ${show(view, check)}\n`).join("");
    return text + chalk.dim(`  (${show(view, attempt.failure.message)})\n`);
  };
  if (attempt.response) {
    sections.push(`${chalk.bold(statusText(view, attempt))}\n${redirectLines(view, attempt)}${answerFacts(view, attempt)}`);
    // Headers came, then the body broke off: the answer above is all there is.
    if (attempt.failure) sections.push(`${chalk.red.bold("Incomplete answer")} ${chalk.dim(`(${show(view, attempt.failure.code)})`)}\n${failureLines()}`);
  } else if (attempt.failure && attempt.explanation) {
    sections.push(
      `${chalk.red.bold("No HTTP answer")} ${chalk.dim(`(${show(view, attempt.failure.code)})`)}\n${redirectLines(view, attempt)}${failureLines()}`,
    );
  }
  const notes = [...attempt.notes];
  if (notes.length > 0) sections.push(`${notes.map((note) => `${chalk.yellow("Note")}  ${show(view, note)}`).join("\n")}\n`);
  sections.push(`${chalk.bold("Timing")}\n${renderTimingChart(chalk, attempt.timings, view.columns, skippedPhases(attempt))}`);
  // The explained finding quotes the server, which may echo the key back: masked with the key known.
  if (attempt.finding) sections.push(renderFinding(chalk, redactStrings(attempt.finding, view.redact)));
  else if (attempt.response && attempt.response.status < 300) {
    const preview = bodyPreview(view, attempt.response.body);
    if (preview) sections.push(preview);
  }
  if (view.verbose) {
    sections.push(headerBlock(view, "Request headers", ">", sentHeaders));
    if (attempt.response) sections.push(headerBlock(view, "Response headers", "<", Object.entries(attempt.response.headers)));
  }
  return sections.join("\n");
}
