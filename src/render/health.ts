// The health check report: a header a support engineer can read at a glance,
// one line per check, and hints under a failure. Keys appear masked only.
import type { ChalkInstance } from "chalk";
import type { HealthCheck } from "../core/probe/health.js";
import { describeClockOffset } from "../core/probe/health.js";
import { safeText } from "../core/sanitize.js";
import type { HealthReport } from "../core/probe/health.js";
import { formatMs } from "./timing-chart.js";
import { VERSION_TEXT } from "./version.js";

/** A check's line: its words, and how long it took when it was timed. */
function detailOf(check: HealthCheck): string {
  return check.ms === null ? check.detail : `${check.detail} (${formatMs(check.ms)})`;
}

const STATUS_MARK: Record<HealthCheck["status"], string> = { pass: "pass", fail: "FAIL", skipped: "skip" };

export function renderHealthReport(chalk: ChalkInstance, report: HealthReport, redact: (text: string) => string, showClock: boolean): string {
  const paint = { pass: chalk.green, fail: chalk.red.bold, skipped: chalk.dim };
  let text = `${chalk.bold("miosa-err health check")}\n`;
  text += `  base URL  ${safeText(report.baseUrl, { singleLine: true, redact })} (from ${safeText(report.baseSource, { singleLine: true, redact })})\n`;
  text += `  key       ${report.key ? `${report.key} (from ${report.keySource})` : "none"}\n`;
  text += `  run by    ${VERSION_TEXT} at ${report.checkedAt}\n\n`;
  for (const check of report.checks) {
    text += `  ${paint[check.status](STATUS_MARK[check.status].padEnd(5))} ${check.name.padEnd(7)} ${safeText(detailOf(check), { singleLine: true, redact })}\n`;
    for (const hint of check.hints) text += `  ${" ".repeat(14)}${chalk.dim("-")} ${safeText(hint, { singleLine: true, redact })}\n`;
  }
  if (showClock && report.clockOffsetS !== null) text += `\n  ${chalk.yellow("clock")}  ${describeClockOffset(report.clockOffsetS)}\n`;
  return text;
}

/** `result`: the outcome, as --json says it (ok, api_error, no_response). */
export function healthJson(report: HealthReport, result: string) {
  return {
    checks: report.checks.map((check) => ({ name: check.name, status: check.status, detail: detailOf(check), hints: check.hints })),
    base_url: report.baseUrl,
    key: report.key,
    clock_offset_s: report.clockOffsetS,
    checked_at: report.checkedAt,
    version: VERSION_TEXT,
    result,
  };
}
