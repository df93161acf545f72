// HttpClient over an undici Dispatcher: one request per call, the body read up
// to a cap, everything bounded by one deadline. Loaded only when probe runs.
import { performance } from "node:perf_hooks";
import type { Dispatcher } from "undici";
import type { TransportFailure, TransportPhase } from "../core/probe/transport.js";
import { readBody } from "./body-reader.js";
import { connectionLogOf, createProbeDispatcher, destroyDispatcher, type LookupAll, type PhasedError } from "./connector.js";
import type { ConnectionFacts, HopLimits, HopRequest, HopResponse, HopResult, HttpClient } from "../core/probe/http-client.js";

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
  return headers.flat();
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
    const headers = joinHeaders(answer.headers);
    const onAbort = () => answer.body.destroy(controller.signal.reason as Error);
    controller.signal.addEventListener("abort", onAbort, { once: true });
    const read = await readBody(answer.body, headers["content-encoding"], limits.maxBodyBytes).finally(() =>
      controller.signal.removeEventListener("abort", onAbort),
    );
    // A body that broke off never finished: its transfer phase has no end.
    if (read.error === null) bodyDoneAt = performance.now();
    response = {
      status: answer.statusCode,
      headers,
      body: read.body,
      receivedBytes: read.receivedBytes,
      truncated: read.truncated,
      encoding: read.encoding,
      undecodedEncoding: read.undecodedEncoding,
      decodeProblem: read.decodeProblem,
      incomplete: read.error !== null,
    };
    // The status and headers came but the body did not finish: keep both the answer and the failure.
    if (read.error !== null) throw read.error;
  } catch (error) {
    // Where it stopped: in the body, in a connection step that never finished, or waiting for headers.
    const opened = log?.[logStart];
    let phase: TransportPhase = "response";
    if (headersAt !== null) phase = "body";
    else if (opened && opened.stage !== "ready") phase = opened.stage;
    failure = {
      ...describeFailure(error, phase, host, port, controller.signal),
      address: opened?.address ?? null,
      // What the server sent on the connection opened for this exchange: quoted when it is not HTTP.
      received: opened && headersAt === null && opened.firstBytes.length > 0 ? opened.firstBytes.toString("utf8") : null,
    };
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

function describeFailure(error: unknown, phase: TransportPhase, host: string, port: number, signal: AbortSignal): TransportFailure {
  const base = (error ?? {}) as PhasedError & { cause?: PhasedError };
  // undici wraps some socket errors; the cause has the system code.
  const inner = base.cause && typeof base.cause === "object" && base.cause.code ? base.cause : base;
  let code = inner.code ?? base.code ?? base.name ?? "UNKNOWN";
  const message = inner.message || base.message || String(error);
  if (signal.aborted || TIMEOUT_CODES.has(code)) code = "TIMEOUT";
  // Bytes that are not an answer to this request: undici's parser gives no code, and its
  // socket error says "bad response" (an unasked-for 100 Continue, bytes before any request).
  else if (base.name === "HTTPParserError" || code.startsWith("HPE_") || (code === "UND_ERR_SOCKET" && /^bad (response|upgrade)$/.test(message))) {
    code = "INVALID_HTTP";
  }
  return { code, message, phase: base.probePhase ?? inner.probePhase ?? phase, host, port };
}
