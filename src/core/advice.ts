// Words for the inferred fields, shared by every renderer.
import type { Fault, RetryPolicy } from "./catalog.js";

export const RETRY_ADVICE: Record<RetryPolicy, string> = {
  never: "Do not retry as is: the same request fails the same way until the request or credentials change.",
  after_retry_after: "Retry after the time the Retry-After header (or retry_after in the body) gives; back off if none.",
  backoff: "Transient: retry with exponential backoff (from 500 ms, with jitter, capped at 30 s).",
  after_state_change: "Retry once the state it names has changed (resource running or ready, capacity freed, credits added).",
};

export const FAULT_DESCRIPTION: Record<Fault, string> = {
  request: "the request: fix what was sent",
  credentials: "the credentials: the key, token or its permissions",
  account: "the account: credits, limits or tenant",
  resource_state: "the resource: its current state does not allow this yet",
  platform: "MIOSA's side: report it with the request_id if it persists",
  network: "the connection between you and MIOSA: DNS, network, proxy or a timeout",
};

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  301: "Moved Permanently",
  302: "Found",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  428: "Precondition Required",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** What is shown for an entry whose source states no HTTP status. */
export const NO_STATUS_TEXT = "no HTTP status given";

/** `409 Conflict`; just the number for statuses without a common name; null says none was given. */
export function describeStatus(status: number | null): string {
  if (status === null) return NO_STATUS_TEXT;
  const text = STATUS_TEXT[status];
  return text ? `${status} ${text}` : String(status);
}
