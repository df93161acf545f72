// The health check's steps, in order, and how each one's result is decided
// from what the network layer saw. Pure: the command does the requests.
import type { ConnectionMarks } from "./timings.js";
import type { TransportPhase } from "./transport.js";

export const HEALTH_STEPS = ["dns", "tcp", "tls", "health", "auth"] as const;
export type HealthStep = (typeof HEALTH_STEPS)[number];
export type CheckStatus = "pass" | "fail" | "skipped";

export interface HealthCheck {
  name: HealthStep;
  status: CheckStatus;
  detail: string;
  /** What to look at when it failed. */
  hints: string[];
  /** How long the step took, when it was timed. */
  ms: number | null;
}

/** The whole report a support engineer asks a customer to paste. */
export interface HealthReport {
  baseUrl: string;
  baseSource: string;
  key: string | null;
  keySource: string | null;
  checkedAt: string;
  checks: HealthCheck[];
  clockOffsetS: number | null;
}

/** The Date header is whole seconds and the answer took time: only larger offsets mean anything. */
export const CLOCK_SKEW_THRESHOLD_S = 5;

/** Server clock minus local clock, in whole seconds; null without a readable Date header. */
export function clockOffsetSeconds(dateHeader: string | undefined, localMs: number): number | null {
  if (dateHeader === undefined) return null;
  const server = Date.parse(dateHeader);
  if (Number.isNaN(server)) return null;
  return Math.round((server - localMs) / 1000);
}

export function describeClockOffset(offsetS: number): string {
  const size = Math.abs(offsetS);
  const amount = size >= 120 ? `${Math.round(size / 60)} min` : `${size} s`;
  return `The server's clock is ${amount} ${offsetS > 0 ? "ahead of" : "behind"} this machine's: check this machine's time (NTP); request-id times and certificate checks depend on it.`;
}

/** Which connection step a transport failure belongs to, for the first three checks. */
export function connectionStepOf(phase: TransportPhase): "dns" | "tcp" | "tls" | null {
  if (phase === "dns") return "dns";
  if (phase === "connect") return "tcp";
  if (phase === "tls") return "tls";
  return null;
}

export function spanMs(from: number | null, to: number | null): number | null {
  return from === null || to === null ? null : Math.round((to - from) * 10) / 10;
}

export interface ConnectionSpans {
  dns: number | null;
  tcp: number | null;
  tls: number | null;
}

export function connectionSpans(marks: ConnectionMarks): ConnectionSpans {
  return {
    dns: spanMs(marks.startedAt, marks.dnsDoneAt),
    tcp: spanMs(marks.dnsDoneAt ?? marks.startedAt, marks.tcpDoneAt),
    tls: spanMs(marks.tcpDoneAt, marks.tlsDoneAt),
  };
}

/** Marks every step after the first failure as skipped. */
export function skipAfterFailure(checks: HealthCheck[]): HealthCheck[] {
  const failed = checks.findIndex((check) => check.status === "fail");
  if (failed < 0) return checks;
  return checks.map((check, index) =>
    index > failed ? { name: check.name, status: "skipped", detail: `skipped: ${checks[failed]!.name} failed`, hints: [], ms: null } : check,
  );
}
