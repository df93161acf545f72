// When a finding was seen, for triage's first/last seen, --since/--until and
// the timeline: the input record's own time when it has one, else the time
// a ULID request id encodes, else nothing (the caller falls back to the
// finding's position in the input).
import type { Finding } from "../finding/finding.js";

export type SeenFrom = "record" | "request_id";

export interface SeenTime {
  /** Milliseconds since the epoch. */
  ms: number;
  from: SeenFrom;
}

// Most times in a log share their day: the day's milliseconds are kept for its
// `YYYY-MM-DDT` prefix, so a time costs a few character reads, not a Date.parse.
let lastDayPrefix = "";
let lastDayMs = 0;
const ISO_IN_DAY = /^\d\d:\d\d:\d\d(?:\.\d{1,9})?Z$/;

/** The number of the two digits at `at` (checked to be digits by ISO_IN_DAY). */
function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
}

/** An ISO 8601 time as milliseconds since the epoch; null when it is not one. */
export function isoMs(text: string): number | null {
  const prefix = text.slice(0, 11);
  if (prefix.length === 11 && prefix[10] === "T") {
    if (prefix !== lastDayPrefix) {
      const day = Date.parse(`${prefix.slice(0, 10)}T00:00:00Z`);
      if (!Number.isNaN(day)) {
        lastDayPrefix = prefix;
        lastDayMs = day;
      }
    }
    if (prefix === lastDayPrefix && ISO_IN_DAY.test(text.slice(11))) {
      let ms = 0;
      // Milliseconds: up to three digits after the point, the rest dropped.
      for (let at = 20, scale = 100; scale >= 1 && text.charCodeAt(at) !== 90 && at < text.length; at++, scale /= 10) ms += (text.charCodeAt(at) - 48) * scale;
      return lastDayMs + twoDigits(text, 11) * 3_600_000 + twoDigits(text, 14) * 60_000 + twoDigits(text, 17) * 1000 + ms;
    }
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * An ISO 8601 time bound as given to --since/--until: a date (`2026-11-28`),
 * a date and time with or without seconds, with `Z` or an offset; without
 * one it is UTC, as MIOSA's logs are. A bare date as an upper bound (`end`)
 * means the end of that day. Null when it is none of these.
 */
export function parseTimeBound(text: string, end = false): number | null {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i.test(trimmed)) return null;
  let iso = trimmed.replace(" ", "T");
  const dateOnly = iso.length === 10;
  if (dateOnly) iso += "T00:00:00";
  if (!/(?:Z|[+-]\d{2}:?\d{2})$/i.test(iso)) iso += "Z";
  const ms = isoMs(iso);
  return ms !== null && dateOnly && end ? ms + 86_400_000 - 1 : ms;
}

/** The finding's time: the record's own, else its ULID request id's; null when it has neither. */
export function seenTime(finding: Finding): SeenTime | null {
  if (finding.time) {
    const ms = isoMs(finding.time);
    if (ms !== null) return { ms, from: "record" };
  }
  if (finding.request_time) {
    const ms = isoMs(finding.request_time);
    if (ms !== null) return { ms, from: "request_id" };
  }
  return null;
}
