// When a caller may retry: the Retry-After header (seconds or an HTTP-date)
// and the body's retry_after / retry_after_ms.

export interface RetryAfter {
  seconds: number | null;
  /** An HTTP-date that could not be turned into seconds (no Date header, and no local clock, to count from). */
  at: string | null;
}

const MAX_SECONDS = 10 * 365 * 24 * 3600;

/**
 * `dateHeader` is the answer's Date: an HTTP-date is counted from it. Without
 * one, `localNow` (ms since the epoch) stands in, when the answer was just
 * received (probe); a decoded paste has no "now" and keeps the date itself.
 */
export function parseRetryAfter(value: string | undefined, dateHeader?: string, localNow?: number): RetryAfter | null {
  const text = value?.trim();
  if (!text || text.length > 100) return null;
  if (/^\d+(?:\.\d+)?$/.test(text)) {
    const seconds = Number(text);
    return seconds <= MAX_SECONDS ? { seconds, at: null } : null;
  }
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  const serverNow = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  const now = Number.isNaN(serverNow) && localNow !== undefined ? localNow : serverNow;
  if (!Number.isNaN(now)) return { seconds: Math.max(0, Math.round((at - now) / 1000)), at: null };
  return { seconds: null, at: new Date(at).toISOString() };
}

/** `30 s`, `2 min 5 s`, `1.5 s`. */
export function describeSeconds(seconds: number): string {
  if (seconds < 60) return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(seconds < 10 ? 3 : 1).replace(/\.?0+$/, "")} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  if (minutes < 60) return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}
