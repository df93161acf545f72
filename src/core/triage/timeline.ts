// The timeline's numbers: each group's findings counted into one shared set
// of equal time buckets between the earliest and latest time of the run.
import type { TriageGroup } from "./groups.js";

export interface Timeline {
  startMs: number;
  endMs: number;
  /** Width of one bucket in ms (at least 1). */
  bucketMs: number;
  rows: { group: TriageGroup; counts: number[] }[];
}

/** `columns` buckets over the span of the groups' times; null when fewer than two distinct times exist. */
export function bucketTimeline(groups: readonly TriageGroup[], columns: number): Timeline | null {
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  for (const group of groups) {
    if (group.firstMs !== null && group.firstMs < startMs) startMs = group.firstMs;
    if (group.lastMs !== null && group.lastMs > endMs) endMs = group.lastMs;
  }
  if (!(endMs > startMs) || columns < 1) return null;
  // The last bucket holds endMs itself: the span is split as if it were 1 ms longer.
  const bucketMs = Math.max(1, Math.ceil((endMs - startMs + 1) / columns));
  const rows = groups
    .filter((group) => group.times.length > 0)
    .map((group) => {
      const counts = new Array<number>(columns).fill(0);
      for (const ms of group.times) counts[Math.min(columns - 1, Math.floor((ms - startMs) / bucketMs))]!++;
      return { group, counts };
    });
  return { startMs, endMs, bucketMs, rows };
}
