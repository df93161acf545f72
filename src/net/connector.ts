// A connector for undici that opens connections step by step (DNS lookup,
// TCP connect, TLS handshake) and notes when each step ended, so probe can
// report the phases separately. Each dispatcher made here keeps a log of the
// connections it opened; an exchange that adds nothing to it reused one.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from "node:dns";
import { connect as netConnect, isIP, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { connect as tlsConnect, rootCertificates, type TLSSocket } from "node:tls";
import { Agent, type Dispatcher } from "undici";
import type { ConnectionMarks } from "../core/probe/timings.js";
import { MAX_RESPONSE_HEADER_BYTES, type TransportPhase } from "../core/probe/transport.js";
import type { TlsFacts } from "../core/probe/http-client.js";

export type LookupAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export interface ConnectionRecord extends ConnectionMarks {
  host: string;
  port: number;
  protocol: "http:" | "https:";
  /** The step under way, "ready" once usable, or the step that failed. */
  stage: "dns" | "connect" | "tls" | "ready";
  failed: boolean;
  address: string | null;
  tls: TlsFacts | null;
  /** The first bytes the server sent on this connection, to quote when they are not HTTP. */
  firstBytes: Buffer;
}

const FIRST_BYTES = 256;

export interface ProbeDispatcherOptions {
  /** Extra trusted CA certificates (PEM), added to Node's built-in roots. */
  ca?: string | Buffer;
  /** Limit for opening one connection, DNS to TLS. */
  connectTimeoutMs: number;
  /** Replaces dns.lookup: tests resolve made-up names to 127.0.0.1 with it. */
  lookup?: LookupAll;
}

/** A failure tagged with the step it happened in. */
export type PhasedError = NodeJS.ErrnoException & { probePhase?: TransportPhase };

const logs = new WeakMap<Dispatcher, ConnectionRecord[]>();
const pendings = new WeakMap<Dispatcher, Set<() => void>>();

/** The connections a dispatcher made by createProbeDispatcher has opened; undefined for any other. */
export function connectionLogOf(dispatcher: Dispatcher): readonly ConnectionRecord[] | undefined {
  return logs.get(dispatcher);
}

export function createProbeDispatcher(options: ProbeDispatcherOptions): Dispatcher {
  const log: ConnectionRecord[] = [];
  const pending = new Set<() => void>();
  const agent = new Agent({
    connect: (connectOptions, callback) => openConnection(connectOptions, options, log, pending, callback),
    // One connection per origin: a follow-up request waits for it rather than racing it open.
    connections: 1,
    maxHeaderSize: MAX_RESPONSE_HEADER_BYTES,
    // probe's own deadline covers headers and body; undici's would only cut it short.
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  logs.set(agent, log);
  pendings.set(agent, pending);
  return agent;
}

/**
 * Closes a dispatcher: connections still being opened are abandoned (undici
 * does not know them yet) and open ones destroyed, so nothing keeps the
 * process alive after probe has reported.
 */
export async function destroyDispatcher(dispatcher: Dispatcher): Promise<void> {
  for (const cancel of pendings.get(dispatcher) ?? []) cancel();
  await dispatcher.destroy();
}

// Retried on the next address: this address is out of reach, another may not be.
const NEXT_ADDRESS = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "EAFNOSUPPORT"]);

interface ConnectRequest {
  hostname: string;
  protocol: string;
  port: string;
}

function openConnection(
  request: ConnectRequest,
  options: ProbeDispatcherOptions,
  log: ConnectionRecord[],
  pending: Set<() => void>,
  callback: (...args: [null, Socket | TLSSocket] | [Error, null]) => void,
): void {
  const host = request.hostname.replace(/^\[(.*)\]$/, "$1");
  const https = request.protocol === "https:";
  const port = Number(request.port) || (https ? 443 : 80);
  const literal = isIP(host) !== 0;
  const record: ConnectionRecord = {
    host,
    port,
    protocol: https ? "https:" : "http:",
    startedAt: performance.now(),
    dnsDoneAt: null,
    tcpDoneAt: null,
    tlsDoneAt: null,
    stage: literal ? "connect" : "dns",
    failed: false,
    address: literal ? host : null,
    tls: null,
    firstBytes: Buffer.alloc(0),
  };
  log.push(record);
  let settled = false;
  let socket: Socket | null = null;

  const fail = (error: PhasedError) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    pending.delete(cancel);
    record.failed = true;
    error.probePhase = record.stage === "ready" ? "connect" : record.stage;
    socket?.destroy();
    callback(error, null);
  };
  const succeed = (ready: Socket) => {
    if (settled) return void ready.destroy();
    settled = true;
    clearTimeout(timer);
    pending.delete(cancel);
    record.stage = "ready";
    keepFirstBytes(ready, record);
    callback(null, ready);
  };
  const timer = setTimeout(() => {
    const error: PhasedError = new Error(`could not connect to ${host}:${port} within ${options.connectTimeoutMs} ms`);
    error.code = "ETIMEDOUT";
    fail(error);
  }, options.connectTimeoutMs);
  const cancel = () => {
    const error: PhasedError = new Error("connection abandoned: probe has finished");
    error.code = "UND_ERR_DESTROYED";
    fail(error);
  };
  pending.add(cancel);

  const startTls = (tcp: Socket) => {
    record.stage = "tls";
    const secure = tlsConnect({
      socket: tcp,
      host,
      ...(literal ? {} : { servername: host }),
      ...(options.ca ? { ca: [...rootCertificates, options.ca.toString()] } : {}),
      ALPNProtocols: ["http/1.1"],
    });
    socket = secure;
    secure.once("secureConnect", () => {
      record.tlsDoneAt = performance.now();
      record.tls = tlsFacts(secure);
      succeed(secure);
    });
    secure.once("error", fail);
  };

  const tryAddress = (addresses: readonly LookupAddress[], index: number) => {
    const target = addresses[index];
    if (!target) return;
    record.stage = "connect";
    record.address = target.address;
    const tcp = netConnect({ host: target.address, port, family: target.family, autoSelectFamily: false });
    socket = tcp;
    tcp.setNoDelay(true);
    tcp.once("connect", () => {
      tcp.removeListener("error", onError);
      record.tcpDoneAt = performance.now();
      if (https) startTls(tcp);
      else {
        tcp.once("error", fail);
        succeed(tcp);
      }
    });
    const onError = (error: PhasedError) => {
      if (!settled && NEXT_ADDRESS.has(error.code ?? "") && index + 1 < addresses.length) {
        tcp.destroy();
        tryAddress(addresses, index + 1);
      } else fail(error);
    };
    tcp.once("error", onError);
  };

  if (literal) {
    tryAddress([{ address: host, family: isIP(host) }], 0);
    return;
  }
  (options.lookup ?? (dnsLookup as unknown as LookupAll))(host, { all: true }, (error, addresses) => {
    if (settled) return;
    if (error || addresses.length === 0) {
      const failure: PhasedError = error ?? new Error(`${host} has no addresses`);
      failure.code ??= "ENOTFOUND";
      return fail(failure);
    }
    record.dnsDoneAt = performance.now();
    tryAddress(addresses, 0);
  });
}

/**
 * Notes the first bytes undici reads from the socket. undici reads with
 * read() on 'readable'; wrapping read() sees the same chunks without
 * touching the stream's flow (a 'data' listener could take bytes from it).
 */
function keepFirstBytes(socket: Socket, record: ConnectionRecord): void {
  const read = socket.read;
  socket.read = function (this: Socket, size?: number) {
    const chunk: unknown = read.call(this, size);
    if (Buffer.isBuffer(chunk)) {
      record.firstBytes = Buffer.concat([record.firstBytes, chunk.subarray(0, FIRST_BYTES - record.firstBytes.length)]);
      if (record.firstBytes.length >= FIRST_BYTES) socket.read = read;
    }
    return chunk;
  } as Socket["read"];
}

function tlsFacts(socket: TLSSocket): TlsFacts {
  const certificate = socket.getPeerCertificate();
  const name = (fields: Record<string, unknown> | undefined) => {
    if (!fields) return null;
    const value = fields.CN ?? fields.O;
    return typeof value === "string" ? value : Array.isArray(value) ? String(value[0]) : null;
  };
  const hasCertificate = certificate && Object.keys(certificate).length > 0;
  return {
    protocol: socket.getProtocol() ?? null,
    subject: hasCertificate ? name(certificate.subject as unknown as Record<string, unknown>) : null,
    issuer: hasCertificate ? name(certificate.issuer as unknown as Record<string, unknown>) : null,
    validTo: hasCertificate && certificate.valid_to ? new Date(certificate.valid_to).toISOString() : null,
  };
}
