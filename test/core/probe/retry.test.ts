import { describe, expect, test } from "vitest";
import { builtinCatalog } from "../../../src/core/builtin.js";
import { retryDelayMs, shouldRetryAnswer, shouldRetryTransport } from "../../../src/core/probe/retry.js";

const entry = (code: string) => builtinCatalog().byCode.get(code.toLowerCase())?.[0] ?? null;

describe("shouldRetryAnswer", () => {
  test.each([
    [429, null, null, true],
    [502, null, null, true],
    [503, null, null, true],
    [504, null, null, true],
    [500, null, null, false],
    [404, "NOT_FOUND", null, false],
    [500, "INTERNAL_ERROR", null, true],
    [409, "SANDBOX_RUNTIME_UNAVAILABLE", null, true],
    [402, "INSUFFICIENT_CREDITS", null, false],
    [429, null, 301, false],
  ])("%s %s retry-after %s → %s", (status, code, retryAfter, retry) => {
    expect(shouldRetryAnswer(status, code ? entry(code) : null, retryAfter).retry).toBe(retry);
  });
  test("the body's retryable wins: true retries a 409, false stops a 503", () => {
    expect(shouldRetryAnswer(409, null, null, true)).toEqual({ retry: true, why: "the body says retryable: true" });
    expect(shouldRetryAnswer(503, null, null, false)).toEqual({ retry: false, why: "the body says retryable: false" });
  });
  test("a wait longer than probe's limit is explained", () => {
    expect(shouldRetryAnswer(429, null, 3600).why).toMatch(/asks to wait 3600 s/);
  });
});

describe("shouldRetryTransport", () => {
  test.each([
    ["ECONNREFUSED", false],
    ["ENOTFOUND", false],
    ["CERT_HAS_EXPIRED", false],
    ["ECONNRESET", true],
    ["UND_ERR_SOCKET", true],
    ["TIMEOUT", true],
    ["EAI_AGAIN", true],
  ])("%s → %s", (code, retry) => expect(shouldRetryTransport(code).retry).toBe(retry));
});

describe("retryDelayMs", () => {
  test("Retry-After wins over backoff", () => expect(retryDelayMs(3, 2, () => 0.5)).toBe(2000));
  test.each([
    [0, 0, 250],
    [0, 1, 500],
    [1, 0, 500],
    [2, 1, 2000],
    [10, 0, 15_000],
    [10, 1, 30_000],
    [40, 1, 30_000],
  ])("retry %s with random %s → %s ms (500 ms base, equal jitter, 30 s cap)", (index, random, ms) => {
    expect(retryDelayMs(index, null, () => random)).toBe(ms);
  });
});
