// Phase timings of one exchange, from the instants the network layer saw.
// A phase that did not happen (no DNS for an IP literal, no TLS over http, a
// reused connection) is null, never 0.

export interface PhaseTimings {
  dns: number | null;
  connect: number | null;
  tls: number | null;
  ttfb: number | null;
  transfer: number | null;
  total: number;
}

export const PHASES = ["dns", "connect", "tls", "ttfb", "transfer"] as const;
export type Phase = (typeof PHASES)[number];

/** Instants (ms, one monotonic clock) of a connection opened for this exchange. */
export interface ConnectionMarks {
  startedAt: number;
  /** null: no lookup was needed (an IP literal) or it did not finish. */
  dnsDoneAt: number | null;
  tcpDoneAt: number | null;
  /** null: plain http, or the handshake did not finish. */
  tlsDoneAt: number | null;
}

export interface ExchangeMarks {
  startedAt: number;
  /** The new connection this exchange opened; null when it reused one (or none was seen). */
  connection: ConnectionMarks | null;
  /** When the response headers arrived; null when they never did. */
  headersAt: number | null;
  /** When the body was read to its end (or to the cap); null when it was not. */
  bodyDoneAt: number | null;
  endedAt: number;
}

function span(from: number | null, to: number | null): number | null {
  if (from === null || to === null) return null;
  return roundMs(Math.max(0, to - from));
}

export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}

export function phaseTimings(marks: ExchangeMarks): PhaseTimings {
  const connection = marks.connection;
  let ready = marks.startedAt;
  let dns: number | null = null;
  let connect: number | null = null;
  let tls: number | null = null;
  if (connection) {
    dns = span(connection.startedAt, connection.dnsDoneAt);
    connect = span(connection.dnsDoneAt ?? connection.startedAt, connection.tcpDoneAt);
    tls = span(connection.tcpDoneAt, connection.tlsDoneAt);
    ready = connection.tlsDoneAt ?? connection.tcpDoneAt ?? ready;
  }
  return {
    dns,
    connect,
    tls,
    ttfb: span(ready, marks.headersAt),
    transfer: span(marks.headersAt, marks.bodyDoneAt),
    total: roundMs(Math.max(0, marks.endedAt - marks.startedAt)),
  };
}
