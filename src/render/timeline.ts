// The triage view's timeline: one row per group on one shared time axis, each
// column a bucket of equal time, its height the bucket's count on one scale
// for all rows (any error at all shows as the lowest mark), so a burst stands
// out against its row and against the others. Unicode blocks on a UTF-8
// terminal, ASCII otherwise.
import type { ChalkInstance } from "chalk";
import type { TriageGroup } from "../core/triage/groups.js";
import { bucketTimeline } from "../core/triage/timeline.js";
import { safeText } from "../core/sanitize.js";
import { clockText, durationText } from "./triage-facts.js";
import { truncate, wrapText } from "./wrap.js";

const BLOCKS = " ▁▂▃▄▅▆▇█";
const ASCII = " .:-=+*#@";
const MAX_ROWS = 10;
const MAX_CHART = 60;
const MIN_CHART = 10;
const MAX_LABEL = 24;

export interface TimelineOptions {
  /** Columns available; Infinity when not on a terminal. */
  width: number;
  unicode: boolean;
}

/** Column heights 0 to 8 for `counts` on a scale whose top is `max`; a count above zero is at least 1. */
export function columnLevels(counts: readonly number[], max: number): number[] {
  return counts.map((count) => (count === 0 ? 0 : Math.max(1, Math.round((count / max) * 8))));
}

export function renderTimeline(chalk: ChalkInstance, groups: readonly TriageGroup[], options: TimelineOptions): string | null {
  const charted = groups.filter((group) => group.times.length > 0).slice(0, MAX_ROWS);
  if (charted.length === 0) return null;
  const labels = charted.map((group) => safeText(group.code, { singleLine: true }));
  const labelWidth = Math.min(MAX_LABEL, Math.max(...labels.map((label) => label.length)));
  const countWidth = Math.max(...charted.map((group) => String(group.times.length).length));
  const room = Number.isFinite(options.width) ? options.width - 2 - labelWidth - 2 - 2 - countWidth : MAX_CHART;
  const chartWidth = Math.max(MIN_CHART, Math.min(MAX_CHART, room));
  const timeline = bucketTimeline(charted, chartWidth);
  if (!timeline) return null;
  const max = Math.max(...timeline.rows.flatMap((row) => row.counts));
  const marks = options.unicode ? BLOCKS : ASCII;
  const title = `Timeline (UTC; one column = ${durationText(timeline.bucketMs)}; the tallest mark = ${max} error${max === 1 ? "" : "s"})`;
  let text = `${wrapText(title, options.width)
    .map((line) => chalk.dim(line))
    .join("\n")}\n`;
  timeline.rows.forEach((row, index) => {
    const label = truncate(labels[index] ?? "", labelWidth).padEnd(labelWidth);
    const chart = columnLevels(row.counts, max)
      .map((level) => marks[level])
      .join("");
    text += `  ${label}  ${chalk.cyan(chart)}  ${String(row.group.times.length).padStart(countWidth)}\n`;
  });
  const start = clockText(timeline.startMs);
  const end = clockText(timeline.endMs);
  const endShown = start.slice(0, 10) === end.slice(0, 10) ? end.slice(11) : end;
  const gap = chartWidth - start.length - endShown.length;
  const axis = gap >= 1 ? `${start}${" ".repeat(gap)}${endShown}` : start;
  text += `  ${" ".repeat(labelWidth)}  ${chalk.dim(axis)}\n`;
  const hidden = groups.filter((group) => group.times.length > 0).length - charted.length;
  if (hidden > 0) text += chalk.dim(`  … and ${hidden} more group${hidden === 1 ? "" : "s"} not charted\n`);
  return text;
}
