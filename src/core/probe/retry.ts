// When probe --retry tries again, and how long it waits first: the official
// SDKs' practice (429, 502, 503, 504 and codes the catalog says to retry;
// Retry-After honoured, else exponential backoff from 500 ms with jitter,
// capped at 30 s). Pure: the random source is passed in.
import type { CatalogEntry } from "../catalog.js";

export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 30_000;
/** A server asking for a longer wait than this is not waited for: probe is interactive. */
export const MAX_RETRY_AFTER_S = 300;

/** Transport failures worth another try: the connection broke or was slow, not absent. */
const RETRYABLE_TRANSPORT = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "TIMEOUT", "ETIMEDOUT", "EAI_AGAIN", "UND_ERR_CLOSED"]);

export type RetryReason = { retry: true; why: string } | { retry: false; why: string | null };

/**
 * Whether an HTTP answer should be retried. `retryable` is what the body said
 * (null when silent): the server's own word wins over status and catalog.
 */
export function shouldRetryAnswer(status: number, entry: CatalogEntry | null, retryAfterS: number | null, retryable: boolean | null = null): RetryReason {
  if (retryAfterS !== null && retryAfterS > MAX_RETRY_AFTER_S) {
    return { retry: false, why: `the server asks to wait ${retryAfterS} s, longer than probe waits (${MAX_RETRY_AFTER_S} s)` };
  }
  if (retryable === false) return { retry: false, why: "the body says retryable: false" };
  if (RETRY_STATUSES.has(status)) return { retry: true, why: `HTTP ${status} is transient` };
  if (retryable === true && status >= 400) return { retry: true, why: "the body says retryable: true" };
  if (entry && (entry.retry === "backoff" || entry.retry === "after_retry_after") && status >= 400) {
    return { retry: true, why: `the catalog says ${entry.code} may be retried` };
  }
  return { retry: false, why: null };
}

/** Whether a failure without an HTTP answer should be retried. */
export function shouldRetryTransport(code: string): RetryReason {
  if (RETRYABLE_TRANSPORT.has(code)) return { retry: true, why: `${code} is transient` };
  return { retry: false, why: `${code} will not change by retrying at once` };
}

/**
 * The wait before retry number `retryIndex` (0 for the first retry): the
 * server's Retry-After when given, else exponential backoff with equal jitter
 * (half fixed, half random) so many clients do not retry in step.
 */
export function retryDelayMs(retryIndex: number, retryAfterS: number | null, random: () => number): number {
  if (retryAfterS !== null && retryAfterS >= 0) return Math.round(retryAfterS * 1000);
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(retryIndex, 20));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
