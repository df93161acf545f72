// What the triage view says of a group in words, shared by its human and
// Markdown forms: times and spans, counted values, the explanation's parts.
import { FAULT_DESCRIPTION, RETRY_ADVICE } from "../core/advice.js";
import { nonEnvelopeAdvice } from "../core/finding/non-envelope.js";
import { safeText } from "../core/sanitize.js";
import type { CountedValue } from "../core/triage/counter.js";
import type { Triage, TriageGroup } from "../core/triage/groups.js";

const one = (text: string) => safeText(text, { singleLine: true });

/** `2026-11-28 09:14:01` (UTC), with milliseconds only when there are any. */
export function clockText(ms: number): string {
  const iso = new Date(ms).toISOString();
  const text = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  return ms % 1000 === 0 ? text : `${text}.${iso.slice(20, 23)}`;
}

/** A duration in the largest unit that reads well: `45 s`, `16 min`, `3.5 h`, `2 days`. */
export function durationText(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 2 * 86_400_000) return `${(ms / 3_600_000).toFixed(1).replace(/\.0$/, "")} h`;
  return `${(ms / 86_400_000).toFixed(1).replace(/\.0$/, "")} days`;
}

/** `2026-11-28 09:14:01 – 09:30:00 UTC (16 min)`; the second date left out on the same day. */
export function spanText(firstMs: number, lastMs: number): string {
  const first = clockText(firstMs);
  if (firstMs === lastMs) return `${first} UTC`;
  const last = clockText(lastMs);
  const sameDay = first.slice(0, 10) === last.slice(0, 10);
  return `${first} – ${sameDay ? last.slice(11) : last} UTC (${durationText(lastMs - firstMs)})`;
}

/** When a group was seen: its time span and where the times came from, else its place in the input. */
export function seenText(group: TriageGroup): string {
  if (group.firstMs === null || group.lastMs === null) {
    return group.count === 1
      ? `error ${group.firstIndex} of the input (no time in it)`
      : `errors ${group.firstIndex} to ${group.lastIndex} of the input (no times in them)`;
  }
  const from = group.timeFrom === "record" ? "" : " (from the request ids)";
  return `${spanText(group.firstMs, group.lastMs)}${from}`;
}

/** Values shown per aggregate of a group (statuses, paths, messages ...), on a terminal and in a ticket reply alike. */
export const VALUES_SHOWN = 5;

/** The values most frequent first, `value ×count`, at most `max` of them and how many more. */
export function countedList<T>(values: CountedValue<T>[], others: number, max: number, show: (value: T) => string = (value) => one(String(value))): string[] {
  const lines = values.slice(0, max).map(({ value, count }) => `${show(value)} ×${count}`);
  const more = values.length - Math.min(values.length, max);
  if (more > 0 || others > 0)
    lines.push(`… and ${more > 0 ? `${more} more` : ""}${more > 0 && others > 0 ? ", " : ""}${others > 0 ? `${others} not counted apart` : ""}`);
  return lines;
}

export interface GroupExplanation {
  meaning: string;
  action: string | null;
  retry: string | null;
  fault: string | null;
  /** For a code the catalog does not know: what it is closest to. */
  unknown: string | null;
}

export function explanationOf(group: TriageGroup): GroupExplanation {
  if (group.kind === "non_envelope") {
    const advice = nonEnvelopeAdvice(group.example.http_status, group.example.body_kind ?? "empty");
    return { meaning: advice.meaning, action: advice.action, retry: advice.retry, fault: null, unknown: null };
  }
  const entry = group.entry;
  if (entry)
    return {
      meaning: safeText(entry.meaning),
      action: safeText(entry.action),
      retry: RETRY_ADVICE[entry.retry],
      fault: FAULT_DESCRIPTION[entry.fault],
      unknown: null,
    };
  const suggestions = group.example.suggestions;
  const unknown = `not in the MIOSA error catalog${suggestions.length ? `; closest known codes: ${suggestions.map(one).join(", ")}` : ""}`;
  return { meaning: unknown, action: null, retry: null, fault: null, unknown };
}

/** The header's facts: `N errors in M groups`, the time span, the inputs read. */
export function headlineParts(triage: Triage, inputs: readonly string[]): { counts: string; span: string | null; read: string } {
  const groups = triage.groupCount;
  const counts = `${triage.findings} error${triage.findings === 1 ? "" : "s"} in ${groups} group${groups === 1 ? "" : "s"}`;
  const span = triage.span();
  // Inputs of one name (several -e texts) are named once, with how many.
  const named = new Map<string, number>();
  for (const input of inputs) named.set(input, (named.get(input) ?? 0) + 1);
  const read = [...named].map(([name, n]) => (n > 1 ? `${one(name)} ×${n}` : one(name))).join(", ");
  return { counts, span: span ? spanText(span.firstMs, span.lastMs) : null, read: `read ${read}` };
}
