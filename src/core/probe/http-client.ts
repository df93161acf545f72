// The HTTP side of probe as core sees it: send one request, get back
// what came (or how it failed) and when each phase ended. Only the
// implementation (src/net/undici-client.ts, loaded lazily) knows undici.
import type { ExchangeMarks } from "./timings.js";
import type { TransportFailure } from "./transport.js";

export interface HopRequest {
  url: URL;
  method: string;
  headers: readonly (readonly [string, string])[];
  body: Uint8Array | null;
}

export interface HopLimits {
  /** Absolute instant (on the client's clock, see HttpClient.now) by which the exchange must be over. */
  deadline: number;
  /** Body bytes kept; the rest is discarded and the connection closed. */
  maxBodyBytes: number;
  /** How long the whole exchange may take, for messages. */
  timeoutMs: number;
}

export interface HopResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Uint8Array;
  /** Bytes received (compressed, when the body was), including any beyond the cap read before closing. */
  receivedBytes: number;
  /** The cap was reached: the rest of the body was not read. */
  truncated: boolean;
  /** The Content-Encoding decoded (the body is then decompressed); null when used as received. */
  encoding: "gzip" | "deflate" | "br" | null;
  /** A Content-Encoding that was not decoded (zstd, several in a chain): the body is as received. */
  undecodedEncoding: string | null;
  /** Why decompressing failed part way; null when it did not. */
  decodeProblem: string | null;
  /** The body stopped early: the connection failed (HopResult.failure says how) after the headers. */
  incomplete: boolean;
}

export interface TlsFacts {
  protocol: string | null;
  subject: string | null;
  issuer: string | null;
  validTo: string | null;
}

/** The connection this exchange opened (null fields when it failed first). */
export interface ConnectionFacts {
  address: string | null;
  port: number;
  tls: TlsFacts | null;
}

export interface HopResult {
  /** The answer; when its body broke off, `incomplete` is set and `failure` says why. */
  response: HopResponse | null;
  failure: TransportFailure | null;
  marks: ExchangeMarks;
  /** The connection opened for this exchange; null when one was reused or none could be observed. */
  connection: ConnectionFacts | null;
  /** False when the dispatcher keeps no connection log (one handed in from outside): phases unknown. */
  connectionsObserved: boolean;
}

export interface HttpClient {
  send(request: HopRequest, limits: HopLimits): Promise<HopResult>;
  /** The monotonic clock deadlines are measured on. */
  now(): number;
  close(): Promise<void>;
}
