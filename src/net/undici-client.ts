// HttpClient over an undici Dispatcher: one request per call, the body read up
// to a cap, everything bounded by one deadline. Loaded only when probe runs.
import { performance } from "node:perf_hooks";
import type { Dispatcher } from "undici";
import type { TransportFailure, TransportPhase } from "../core/probe/transport.js";
import { connectionLogOf, createProbeDispatcher, destroyDispatcher, type LookupAll, type PhasedError } from "./connector.js";
import type { ConnectionFacts, HopLimits, HopRequest, HopResponse, HopResult, HttpClient } from "./http-client.js";

export interface UndiciClientOptions {
  /** Use this dispatcher (tests pass one); otherwise one is made, and closed by close(). */
  dispatcher?: Dispatcher;
  ca?: string | Buffer;
  timeoutMs: number;
  lookup?: LookupAll;
}

class DeadlineReached extends Error {
  override name = "DeadlineReached";
  readonly code = "TIMEOUT";
  constructor() {
    super("the --timeout deadline passed");
  }
}

const TIMEOUT_CODES = new Set(["TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT", "ETIMEDOUT"]);

export function createUndiciClient(options: UndiciClientOptions): HttpClient {
  const owned = options.dispatcher === undefined;
  const dispatcher =
    options.dispatcher ??
    createProbeDispatcher({
      connectTimeoutMs: options.timeoutMs,
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
      ...(options.lookup !== undefined ? { lookup: options.lookup } : {}),
    });
  return {
    now: () => performance.now(),
    send: (request, limits) => sendOne(dispatcher, request, limits),
    close: async () => {
      if (owned) await destroyDispatcher(dispatcher);
    },
  };
}

function flatHeaders(headers: HopRequest["headers"]): string[] {
  return headers.flatMap(([name, value]) => [name, value]);
}

function joinHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const joined: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    joined[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return joined;
}

async function sendOne(dispatcher: Dispatcher, request: HopRequest, limits: HopLimits): Promise<HopResult> {
  const log = connectionLogOf(dispatcher);
  const logStart = log?.length ?? 0;
  const startedAt = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineReached()), Math.max(0, limits.deadline - startedAt));
  let headersAt: number | null = null;
  let bodyDoneAt: number | null = null;
  let response: HopResponse | null = null;
  let failure: TransportFailure | null = null;
  const port = Number(request.url.port) || (request.url.protocol === "https:" ? 443 : 80);
  const host = request.url.hostname.replace(/^\[(.*)\]$/, "$1");
  try {
    const answer = await dispatcher.request({
      origin: request.url.origin,
      path: `${request.url.pathname}${request.url.search}`,
      method: request.method as Dispatcher.HttpMethod,
      headers: flatHeaders(request.headers),
      body: request.body === null ? null : Buffer.from(request.body),
      signal: controller.signal,
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    headersAt = performance.now();
    const { body, receivedBytes, truncated } = await readCapped(answer.body, limits.maxBodyBytes, controller.signal);
    bodyDoneAt = performance.now();
    response = { status: answer.statusCode, headers: joinHeaders(answer.headers), body, receivedBytes, truncated };
  } catch (error) {
    // Where it stopped: in the body, in a connection step that never finished, or waiting for headers.
    const opened = log?.[logStart];
    let phase: TransportPhase = "response";
    if (headersAt !== null) phase = "body";
    else if (opened && opened.stage !== "ready") phase = opened.stage;
    failure = { ...describeFailure(error, phase, host, port, controller.signal), address: opened?.address ?? null };
  } finally {
    clearTimeout(timer);
  }
  const endedAt = performance.now();
  const opened = log?.[logStart] ?? null;
  const connection: ConnectionFacts | null = opened ? { address: opened.address, port: opened.port, tls: opened.tls } : null;
  return {
    response,
    failure,
    marks: { startedAt, connection: opened, headersAt, bodyDoneAt, endedAt },
    connection,
    connectionsObserved: log !== undefined,
  };
}

/** Reads at most `cap` bytes, then stops reading and closes the stream. */
async function readCapped(
  stream: Dispatcher.ResponseData["body"],
  cap: number,
  signal: AbortSignal,
): Promise<{ body: Uint8Array; receivedBytes: number; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let receivedBytes = 0;
  let truncated = false;
  const onAbort = () => stream.destroy(signal.reason as Error);
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      receivedBytes += chunk.length;
      const room = cap - kept;
      if (chunk.length > room) {
        if (room > 0) chunks.push(chunk.subarray(0, room));
        kept = cap;
        truncated = true;
        break;
      }
      chunks.push(chunk);
      kept += chunk.length;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    // An endless or oversized body: stop it here; undici closes the connection.
    if (truncated) stream.destroy();
  }
  return { body: Buffer.concat(chunks, kept), receivedBytes, truncated };
}

function describeFailure(error: unknown, phase: TransportPhase, host: string, port: number, signal: AbortSignal): TransportFailure {
  const base = (error ?? {}) as PhasedError & { cause?: PhasedError };
  // undici wraps some socket errors; the cause has the system code.
  const inner = base.cause && typeof base.cause === "object" && base.cause.code ? base.cause : base;
  let code = inner.code ?? base.code ?? base.name ?? "UNKNOWN";
  const message = inner.message || base.message || String(error);
  if (signal.aborted || TIMEOUT_CODES.has(code)) code = "TIMEOUT";
  return { code, message, phase: base.probePhase ?? inner.probePhase ?? phase, host, port };
}
