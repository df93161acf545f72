// Phase timings as numbers and a small waterfall, in the manner of httpstat:
// each phase's bar starts where the one before it ended.
import type { ChalkInstance } from "chalk";
import { PHASES, type Phase, type PhaseTimings } from "../core/probe/timings.js";

export const PHASE_LABELS: Record<Phase | "total", string> = {
  dns: "DNS lookup",
  connect: "TCP connect",
  tls: "TLS handshake",
  ttfb: "Server (TTFB)",
  transfer: "Transfer",
  total: "Total",
};

export function formatMs(ms: number | null): string {
  if (ms === null) return "n/a";
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

const LABEL_WIDTH = 15;
const NUMBER_WIDTH = 9;

/**
 * Lines of the chart; `width` is the terminal's, the bars get what is left.
 * `why` says, next to an n/a, why that phase did not happen.
 */
export function renderTimingChart(chalk: ChalkInstance, timings: PhaseTimings, width: number, why: Partial<Record<Phase, string>> = {}): string {
  const barWidth = Math.max(10, Math.min(50, width - LABEL_WIDTH - NUMBER_WIDTH - 6));
  const scale = timings.total > 0 ? barWidth / timings.total : 0;
  const colours: Record<Phase, (text: string) => string> = {
    dns: chalk.cyan,
    connect: chalk.blue,
    tls: chalk.magenta,
    ttfb: chalk.yellow,
    transfer: chalk.green,
  };
  let elapsed = 0;
  const lines = PHASES.map((phase) => {
    const ms = timings[phase];
    const label = `  ${PHASE_LABELS[phase].padEnd(LABEL_WIDTH)}${formatMs(ms).padStart(NUMBER_WIDTH)}`;
    if (ms === null) return chalk.dim(why[phase] ? `${label}  (${why[phase]})` : label);
    const start = Math.min(barWidth, Math.round(elapsed * scale));
    elapsed += ms;
    const end = Math.min(barWidth, Math.round(elapsed * scale));
    // A phase that took time gets at least one cell, so it never looks absent.
    const cells = Math.max(ms > 0 ? 1 : 0, end - start);
    return `${label}  ${" ".repeat(Math.min(start, barWidth - cells))}${colours[phase]("█".repeat(cells))}`;
  });
  lines.push(chalk.bold(`  ${PHASE_LABELS.total.padEnd(LABEL_WIDTH)}${formatMs(timings.total).padStart(NUMBER_WIDTH)}`));
  return `${lines.join("\n")}\n`;
}
