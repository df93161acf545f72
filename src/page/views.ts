// Core's triage results as the plain data the page shows (protocol.ts).
// Runs in the worker: the page itself holds no catalog.
import { FAULT_DESCRIPTION, RETRY_ADVICE } from "../core/advice.js";
import type { CatalogEntry } from "../core/catalog.js";
import { nonEnvelopeAdvice } from "../core/finding/non-envelope.js";
import type { BoundedCounter } from "../core/triage/counter.js";
import type { TriageGroup } from "../core/triage/groups.js";
import type { Timeline } from "../core/triage/timeline.js";
import type { CountView, EntryView, GroupView, TimelineView } from "./protocol.js";

/** Request ids listed per group; the rest are counted (a log can hold millions). */
export const MAX_GROUP_REQUEST_IDS = 1000;
/** Distinct values listed per aggregate (paths, messages ...). */
const MAX_VALUES = 20;

export function entryView(entry: CatalogEntry): EntryView {
  return {
    code: entry.code,
    area: entry.area,
    http_status: entry.http_status ?? null,
    meaning: entry.meaning,
    action: entry.action,
    retry: entry.retry,
    retryAdvice: RETRY_ADVICE[entry.retry],
    fault: FAULT_DESCRIPTION[entry.fault],
  };
}

function countViews<T>(counter: BoundedCounter<T>): CountView[] {
  return counter
    .sorted()
    .slice(0, MAX_VALUES)
    .map(({ value, count }) => ({ value: String(value), count }));
}

export function groupView(group: TriageGroup): GroupView {
  const ids = [...group.requestIds];
  const example = group.example;
  return {
    code: group.code,
    notEnvelope: group.kind === "non_envelope",
    entry: group.entry ? entryView(group.entry) : null,
    suggestions: example.suggestions,
    advice: group.kind === "non_envelope" ? nonEnvelopeAdvice(example.http_status, example.body_kind ?? "empty") : null,
    count: group.count,
    firstMs: group.firstMs,
    lastMs: group.lastMs,
    timeFrom: group.timeFrom,
    statuses: countViews(group.statuses),
    methods: countViews(group.methods),
    paths: countViews(group.paths),
    messages: countViews(group.messages),
    fieldErrors: countViews(group.fieldErrors),
    requestIds: ids.slice(0, MAX_GROUP_REQUEST_IDS),
    requestIdsOmitted: Math.max(0, ids.length - MAX_GROUP_REQUEST_IDS),
  };
}

export function timelineView(timeline: Timeline | null): TimelineView | null {
  if (!timeline) return null;
  const { startMs, endMs, bucketMs, rows } = timeline;
  return { startMs, endMs, bucketMs, rows: rows.map((row) => ({ code: row.group.code, counts: row.counts })) };
}
