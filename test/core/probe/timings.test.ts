import { describe, expect, test } from "vitest";
import { phaseTimings } from "../../../src/core/probe/timings.js";
import { clockOffsetSeconds, describeClockOffset, skipAfterFailure } from "../../../src/core/probe/health.js";

describe("phaseTimings", () => {
  test("a new TLS connection with a lookup: every phase measured", () => {
    expect(
      phaseTimings({
        startedAt: 100,
        connection: { startedAt: 101, dnsDoneAt: 111, tcpDoneAt: 131, tlsDoneAt: 171 },
        headersAt: 271,
        bodyDoneAt: 276,
        endedAt: 277,
      }),
    ).toEqual({ dns: 10, connect: 20, tls: 40, ttfb: 100, transfer: 5, total: 177 });
  });
  test("an IP literal over http: no DNS, no TLS (null, not 0)", () => {
    expect(
      phaseTimings({ startedAt: 0, connection: { startedAt: 0, dnsDoneAt: null, tcpDoneAt: 2, tlsDoneAt: null }, headersAt: 5, bodyDoneAt: 6, endedAt: 6 }),
    ).toEqual({ dns: null, connect: 2, tls: null, ttfb: 3, transfer: 1, total: 6 });
  });
  test("a reused connection: no connection phases; TTFB from the start", () => {
    expect(phaseTimings({ startedAt: 10, connection: null, headersAt: 14.44, bodyDoneAt: 15, endedAt: 15 })).toEqual({
      dns: null,
      connect: null,
      tls: null,
      ttfb: 4.4,
      transfer: 0.6,
      total: 5,
    });
  });
  test("no answer: only what happened before the failure", () => {
    expect(
      phaseTimings({ startedAt: 0, connection: { startedAt: 0, dnsDoneAt: 3, tcpDoneAt: 5, tlsDoneAt: null }, headersAt: null, bodyDoneAt: null, endedAt: 9 }),
    ).toEqual({ dns: 3, connect: 2, tls: null, ttfb: null, transfer: null, total: 9 });
  });
});

describe("health helpers", () => {
  test("clock offset from the Date header", () => {
    const local = Date.UTC(2026, 10, 28, 12, 0, 0);
    expect(clockOffsetSeconds("Sat, 28 Nov 2026 12:02:00 GMT", local)).toBe(120);
    expect(clockOffsetSeconds("Sat, 28 Nov 2026 11:59:57 GMT", local)).toBe(-3);
    expect(clockOffsetSeconds(undefined, local)).toBeNull();
    expect(clockOffsetSeconds("yesterday", local)).toBeNull();
    expect(describeClockOffset(120)).toMatch(/2 min ahead of this machine's/);
    expect(describeClockOffset(-7)).toMatch(/7 s behind/);
  });
  test("every step after the first failure is skipped", () => {
    const checks = skipAfterFailure([
      { name: "dns", status: "pass", detail: "", hints: [], ms: null },
      { name: "tcp", status: "fail", detail: "refused", hints: [], ms: null },
      { name: "tls", status: "pass", detail: "", hints: [], ms: null },
      { name: "health", status: "fail", detail: "", hints: [], ms: null },
    ]);
    expect(checks.map((check) => check.status)).toEqual(["pass", "fail", "skipped", "skipped"]);
    expect(checks[2]!.detail).toBe("skipped: tcp failed");
  });
});
