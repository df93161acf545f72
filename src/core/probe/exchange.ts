// One probe run: attempts (with --retry) made of hops (with --follow), each
// turned into what the report needs: status, ids, timings, explanation.
import type { Catalog } from "../catalog.js";
import type { Finding } from "../finding/finding.js";
import { requestIdFromHeaders } from "../finding/request-id.js";
import { explainResponse } from "../finding/explain.js";
import { describeSeconds, parseRetryAfter } from "../finding/retry-after.js";
import { MAX_REDIRECTS, nextRedirect, REDIRECT_STATUSES, type RedirectableRequest } from "./redirect.js";
import { retryDelayMs, shouldRetryAnswer, shouldRetryTransport } from "./retry.js";
import { phaseTimings, type PhaseTimings } from "./timings.js";
import { explainTransportFailure, type TransportExplanation, type TransportFailure } from "./transport.js";
import type { UrlSource } from "./target.js";
import type { ConnectionFacts, HopResponse, HttpClient } from "./http-client.js";

export interface RedirectHop {
  status: number;
  from: string;
  to: string;
  /** Credential headers not sent on, because the redirect left the origin. */
  dropped_headers: string[];
}

export interface Attempt {
  number: number;
  method: string;
  url: string;
  status: number | null;
  timings: PhaseTimings;
  response: HopResponse | null;
  connection: ConnectionFacts | null;
  /** False when the dispatcher could not tell whether a connection was opened. */
  connectionsObserved: boolean;
  requestIdHeader: string | null;
  requestIdBody: string | null;
  retryAfterS: number | null;
  finding: Finding | null;
  failure: TransportFailure | null;
  explanation: TransportExplanation | null;
  redirects: RedirectHop[];
  /** Facts worth a line of their own: truncation, an unfollowed redirect, a missing key. */
  notes: string[];
  /** Set when another attempt follows: how long probe waits and why. */
  retry: { delayMs: number; reason: string } | null;
  /** Set on the last attempt when it could have been retried but was not. */
  noRetryReason: string | null;
}

export interface ExchangeSettings {
  request: RedirectableRequest;
  /** The key sent, if any: a 401 without one is explained as a missing key. */
  keySent: boolean;
  hostSource: UrlSource;
  timeoutMs: number;
  maxBodyBytes: number;
  follow: boolean;
  retries: number;
  extraCa: boolean;
  catalog: Catalog;
  random: () => number;
  /** The bound on all waits between attempts together (--retry-max-time). */
  maxTotalWaitMs: number;
  /** Milliseconds since the epoch: counts an HTTP-date Retry-After when the answer has no Date header. */
  wallClock: () => number;
}

export interface ExchangeHooks {
  /** Called when an attempt is over, before any wait for the next. */
  attemptDone(attempt: Attempt): void;
  /** Waits before the next attempt (a countdown on a terminal). */
  wait(ms: number, nextAttempt: number, totalAttempts: number): Promise<void>;
}

export async function runExchange(client: HttpClient, settings: ExchangeSettings, hooks: ExchangeHooks): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  let waitedMs = 0;
  for (let index = 0; ; index++) {
    const attempt = await attemptOnce(client, settings, index + 1);
    attempts.push(attempt);
    const decision = attempt.failure
      ? shouldRetryTransport(attempt.failure.code)
      : attempt.status !== null && attempt.status >= 400
        ? shouldRetryAnswer(attempt.status, attempt.finding?.entry ?? null, attempt.retryAfterS, attempt.finding?.retryable ?? null)
        : { retry: false as const, why: null };
    if (!decision.retry || index >= settings.retries) {
      if (settings.retries > 0 && decision.why) attempt.noRetryReason = decision.retry ? `--retry ${settings.retries} used up` : decision.why;
      hooks.attemptDone(attempt);
      return attempts;
    }
    const delayMs = retryDelayMs(index, attempt.retryAfterS, settings.random);
    if (waitedMs + delayMs > settings.maxTotalWaitMs) {
      attempt.noRetryReason = `waiting ${describeSeconds(delayMs / 1000)} more would pass the ${describeSeconds(settings.maxTotalWaitMs / 1000)} bound on the total wait (--retry-max-time)`;
      hooks.attemptDone(attempt);
      return attempts;
    }
    waitedMs += delayMs;
    attempt.retry = { delayMs, reason: decision.why };
    hooks.attemptDone(attempt);
    await hooks.wait(delayMs, index + 2, settings.retries + 1);
  }
}

async function attemptOnce(client: HttpClient, settings: ExchangeSettings, number: number): Promise<Attempt> {
  const deadline = client.now() + settings.timeoutMs;
  const limits = { deadline, maxBodyBytes: settings.maxBodyBytes, timeoutMs: settings.timeoutMs };
  const redirects: RedirectHop[] = [];
  const notes: string[] = [];
  let request = settings.request;
  let hostSource = settings.hostSource;
  let keySent = settings.keySent;
  // A URL seen twice is a loop: stop there rather than go round until the limit.
  const visited = new Set([`${request.method} ${request.url.href}`]);
  for (;;) {
    const hop = await client.send(request, limits);
    const response = hop.response;
    const location = response?.headers.location;
    if (response && !hop.failure && REDIRECT_STATUSES.has(response.status)) {
      if (!settings.follow) notes.push(`redirect to ${location ?? "(no Location)"} not followed (add --follow to follow it)`);
      else if (redirects.length >= MAX_REDIRECTS) notes.push(`stopped after ${MAX_REDIRECTS} redirects`);
      else {
        const step = nextRedirect(request, response.status, location);
        const key = step.ok ? `${step.request.method} ${step.request.url.href}` : "";
        if (step.ok && visited.has(key)) {
          const path = [...redirects.map((hop) => hop.from), request.url.href, step.request.url.href];
          notes.push(`redirect loop: ${path.join(" → ")}; stopped following`);
        } else if (step.ok) {
          visited.add(key);
          redirects.push({ status: response.status, from: request.url.href, to: step.request.url.href, dropped_headers: step.droppedHeaders });
          if (step.crossOrigin) {
            hostSource = "redirect";
            if (step.droppedHeaders.length > 0) keySent = false;
          }
          request = step.request;
          continue;
        } else notes.push(`redirect not followed: ${step.problem}`);
      }
    }
    return describeAttempt(number, request, hop.response, hop.failure, phaseTimings(hop.marks), hop.connection, hop.connectionsObserved, redirects, notes, {
      ...settings,
      hostSource,
      keySent,
    });
  }
}

function describeAttempt(
  number: number,
  request: RedirectableRequest,
  response: HopResponse | null,
  failure: TransportFailure | null,
  timings: PhaseTimings,
  connection: ConnectionFacts | null,
  connectionsObserved: boolean,
  redirects: RedirectHop[],
  notes: string[],
  settings: ExchangeSettings,
): Attempt {
  const attempt: Attempt = {
    number,
    method: request.method,
    url: request.url.href,
    status: response?.status ?? null,
    timings,
    response,
    connection,
    connectionsObserved,
    requestIdHeader: null,
    requestIdBody: null,
    retryAfterS: null,
    finding: null,
    failure,
    explanation: failure
      ? explainTransportFailure(failure, { hostSource: settings.hostSource, timeoutMs: settings.timeoutMs, extraCa: settings.extraCa })
      : null,
    redirects,
    notes,
    retry: null,
    noRetryReason: null,
  };
  if (!response) return attempt;
  attempt.requestIdHeader = requestIdFromHeaders(response.headers)?.value ?? null;
  attempt.retryAfterS = parseRetryAfter(response.headers["retry-after"], response.headers.date, settings.wallClock())?.seconds ?? null;
  if (response.status >= 400) {
    const finding = explainResponse(
      {
        status: response.status,
        headers: response.headers,
        body: new TextDecoder().decode(response.body),
        method: request.method,
        path: `${request.url.pathname}${request.url.search}`,
      },
      settings.catalog,
    );
    attempt.finding = finding;
    // decode falls back to the header's id; only one read from the body counts as the body's.
    attempt.requestIdBody = finding?.request_id_source === "body" ? finding.request_id : null;
    // decode also reads retry_after / retry_after_ms from the body.
    if (finding?.retry_after_s != null) attempt.retryAfterS = finding.retry_after_s;
  }
  notes.push(...bodyNotes(response, settings.maxBodyBytes));
  if (response.status === 401 && !settings.keySent) {
    notes.push("no key was sent: set MIOSA_API_KEY or pass --key (the API answers 401 to requests without one)");
  }
  return attempt;
}

function bytes(count: number): string {
  return `${count} byte${count === 1 ? "" : "s"}`;
}

/** What the report must say about how the body came: cut, decompressed, broken off, not UTF-8. */
export function bodyNotes(response: HopResponse, maxBodyBytes: number): string[] {
  const notes: string[] = [];
  const declared = response.headers["content-length"];
  if (response.incomplete) {
    const of = declared && /^\d+$/.test(declared) ? ` of the ${bytes(Number(declared))} announced` : "";
    notes.push(`body incomplete: the connection broke after ${bytes(response.receivedBytes)}${of}; what arrived is shown`);
  }
  if (response.truncated && response.encoding) {
    notes.push(
      `the ${response.encoding} body inflates past the --max-body limit: ${bytes(maxBodyBytes)} kept from ${bytes(response.receivedBytes)} received ` +
        "(a very large answer, or a decompression bomb); the rest was discarded",
    );
  } else if (response.truncated) {
    notes.push(`body cut at ${response.body.length} bytes (the --max-body limit); the rest was discarded`);
  } else if (response.encoding) {
    notes.push(`body decompressed (${response.encoding}): ${bytes(response.receivedBytes)} received, ${bytes(response.body.length)} after decompressing`);
  }
  if (response.decodeProblem) {
    const shown = response.encoding ? "shown as far as it decompressed" : "shown as received";
    notes.push(`the body says Content-Encoding ${response.headers["content-encoding"] ?? ""} but does not decompress (${response.decodeProblem}); ${shown}`);
  }
  if (response.undecodedEncoding) notes.push(`Content-Encoding ${response.undecodedEncoding} is not decoded by probe: the body is shown as received`);
  if (!isUtf8(response.body, response.truncated || response.incomplete)) {
    notes.push("the body is not valid UTF-8: bytes that are not UTF-8 are shown as \uFFFD");
  }
  return notes;
}

/** Whether bytes are UTF-8; a body cut short may end inside a character, which is not held against it. */
function isUtf8(body: Uint8Array, cut: boolean): boolean {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    decoder.decode(body, { stream: cut });
    return true;
  } catch {
    return false;
  }
}
