// probe --json: one document per run, in the shape README documents. The
// caller redacts the finished text once more, so no key survives anywhere.
import type { HeaderList } from "../core/probe/request.js";
import { redactHeaders } from "../core/sanitize.js";
import type { Attempt } from "../core/probe/exchange.js";
import { findingJson } from "./json.js";
import type { Outcome } from "../cli/exit.js";

function headerObject(headers: HeaderList, redact: (text: string) => string): Record<string, string> {
  const object: Record<string, string> = {};
  for (const [name, value] of redactHeaders(headers, redact)) {
    object[name] = object[name] === undefined ? value : `${object[name]}, ${value}`;
  }
  return object;
}

export function attemptJson(attempt: Attempt, verbose: boolean, redact: (text: string) => string) {
  const response = attempt.response;
  return {
    status: attempt.status,
    timings_ms: attempt.timings,
    request_id: attempt.requestIdHeader ?? attempt.requestIdBody,
    retry_after_s: attempt.retryAfterS,
    finding: attempt.finding ? findingJson(attempt.finding) : null,
    transport_error:
      attempt.failure && attempt.explanation
        ? {
            code: attempt.failure.code,
            message: attempt.explanation.summary,
            phase: attempt.failure.phase,
            detail: attempt.failure.message,
            checks: attempt.explanation.checks,
          }
        : null,
    url: attempt.url,
    request_ids: { header: attempt.requestIdHeader, body: attempt.requestIdBody },
    request_id_mismatch: attempt.requestIdHeader !== null && attempt.requestIdBody !== null && attempt.requestIdHeader !== attempt.requestIdBody,
    content_type: response?.headers["content-type"] ?? null,
    body_bytes: response ? response.body.length : null,
    body_truncated: response ? response.truncated : null,
    body_incomplete: response ? response.incomplete : null,
    received_bytes: response ? response.receivedBytes : null,
    content_encoding_decoded: response ? response.encoding : null,
    redirects: attempt.redirects,
    notes: attempt.notes,
    retry: attempt.retry ? { delay_ms: attempt.retry.delayMs, reason: attempt.retry.reason } : null,
    ...(verbose && response ? { response_headers: headerObject(Object.entries(response.headers), redact) } : {}),
  };
}

export function probeJson(
  request: { method: string; url: string; headers: HeaderList },
  attempts: readonly Attempt[],
  result: Outcome,
  verbose: boolean,
  redact: (text: string) => string,
) {
  return {
    request: { method: request.method, url: request.url, headers: headerObject(request.headers, redact) },
    attempts: attempts.map((attempt) => attemptJson(attempt, verbose, redact)),
    result,
  };
}
