import { describe, expect, it } from "vitest";
import { readEnvelope } from "../../../src/core/finding/envelope.js";
import { salvageEnvelope } from "../../../src/core/finding/salvage.js";

const read = (value: unknown, statusHint: number | null = null) => readEnvelope(value, { statusHint });

describe("readEnvelope: every body shape of the facts file", () => {
  it.each([
    ["documented", { error: { code: "NOT_FOUND", message: "sandbox not found", request_id: "req_1" } }, "NOT_FOUND", "sandbox not found", "req_1"],
    ["legacy flat", { error: "Insufficient credits", code: "INSUFFICIENT_CREDITS" }, "INSUFFICIENT_CREDITS", "Insufficient credits", null],
    [
      "code in error",
      { error: "EMAIL_MISMATCH", detail: "Invite email does not match", request_id: "req_body" },
      "EMAIL_MISMATCH",
      "Invite email does not match",
      "req_body",
    ],
    ["message and code", { message: "sandbox not running", code: "SANDBOX_NOT_RUNNING" }, "SANDBOX_NOT_RUNNING", "sandbox not running", null],
    ["message alone", { message: "Something went wrong" }, null, "Something went wrong", null],
    ["detail alone", { detail: "Not authenticated" }, null, "Not authenticated", null],
    ["errors list of strings", { errors: ["name is required", "bad port"] }, null, "name is required; bad port", null],
    ["error as message", { error: "Not found" }, null, "Not found", null],
    ["lower-case code in error", { error: "invalid_token" }, "invalid_token", null, null],
    ["cli --json wrapper", { ok: false, error: { code: "RATE_LIMITED", message: "slow down", retryable: true } }, "RATE_LIMITED", "slow down", null],
  ])("%s", (_name, body, code, message, requestId) => {
    const facts = read(body);
    expect(facts).not.toBeNull();
    expect(facts!.code).toBe(code);
    expect(facts!.message).toBe(message);
    expect(facts!.request_id).toBe(requestId);
  });

  it("reads retryable, retry_after_ms and details of the newer shape", () => {
    const facts = read({ error: { code: "SANDBOX_STARTING", message: "starting", retryable: true, retry_after_ms: 2500, details: { state: "booting" } } });
    expect(facts).toMatchObject({ retryable: true, retry_after_s: 2.5, details: '{"state":"booting"}' });
  });

  it("keeps extra fields of the error object as details (shape 7)", () => {
    const facts = read({ error: { code: "TEMPLATE_IN_USE", message: "in use", sandboxes: 2, builds: 0 } });
    expect(facts?.details).toBe('{"sandboxes":2,"builds":0}');
    expect(read({ error: { code: "TEMPLATE_IN_USE", message: "in use" } })?.details).toBeNull();
    expect(read(JSON.parse('{"error":{"code":"TEMPLATE_IN_USE","__proto__":{"x":1}}}'))?.details).toBeNull();
    const both = read(JSON.parse('{"error":{"code":"TEMPLATE_IN_USE","details":"see logs","__proto__":{"x":1},"hits":3}}'));
    expect(both?.details).toBe('{"details":"see logs","hits":3}');
  });

  it.each([
    [
      "map at top level",
      { error: { code: "VALIDATION_FAILED", message: "invalid" }, errors: { slug: ["a template with this name already exists"] } },
      [{ field: "slug", message: "a template with this name already exists" }],
    ],
    [
      "nested map",
      { error: { code: "VALIDATION_FAILED" }, errors: { build_spec: { steps: ["are invalid"] } } },
      [{ field: "build_spec.steps", message: "are invalid" }],
    ],
    [
      "list at top level",
      { error: { code: "INVALID_BUILDSPEC" }, errors: [{ code: "REQUIRED", field: "from", message: "is required" }] },
      [{ field: "from", message: "is required" }],
    ],
    [
      "list under error.details",
      { error: { code: "VALIDATION_ERROR", details: [{ field: "port", message: "must be 1-65535" }] } },
      [{ field: "port", message: "must be 1-65535" }],
    ],
    [
      "map under top-level details",
      { error: { code: "VALIDATION_ERROR" }, details: { name: ["can't be blank", "is too short"] } },
      [{ field: "name", message: "can't be blank; is too short" }],
    ],
    [
      "cli field_errors",
      { ok: false, error: { code: "VALIDATION_ERROR", field_errors: [{ field: "ttl", message: "too long" }] } },
      [{ field: "ttl", message: "too long" }],
    ],
  ])("field errors: %s", (_name, body, expected) => {
    expect(read(body)?.field_errors).toEqual(expected);
  });

  it("does not read a non-validation details map as field errors", () => {
    const facts = read({ error: { code: "SNAPSHOT_IN_USE", message: "in use", details: { dependents: ["snap_1"] } } });
    expect(facts?.field_errors).toEqual([]);
    expect(facts?.details).toBe('{"dependents":["snap_1"]}');
  });

  it.each([
    ["a log record", { ts: "2025-01-01", level: "info", message: "started" }],
    ["a success status in the body", { status: 200, message: "ok" }],
    ["ok: true", { ok: true, error: null }],
    ["a serialised JS error", { error: { message: "socket hang up", stack: "Error: socket hang up\n at x" } }],
    ["a transport code", { level: "error", error: "ECONNREFUSED" }],
    ["a log record with a sentence in error", { level: "error", error: "connection refused" }],
    ["null", null],
    ["a list", [1, 2, 3]],
    ["a number", 42],
  ])("is null for %s", (_name, body) => {
    expect(read(body)).toBeNull();
  });

  it("is null for any body under a success status", () => {
    expect(read({ error: { code: "NOT_FOUND" } }, 200)).toBeNull();
  });

  it("accepts weak shapes inside a log record when the status around them is an error", () => {
    expect(read({ message: "upstream failed", trace: "abc" }, 502)?.message).toBe("upstream failed");
  });

  it("reads fields of the wrong type as text, with warnings", () => {
    const facts = read({ error: { code: 42, message: { text: "x" }, request_id: null } });
    expect(facts?.code).toBe("42");
    expect(facts?.message).toBe('{"text":"x"}');
    expect(facts?.request_id).toBeNull();
    expect(facts?.warnings).toEqual(["code was a number (42), not text", "message was an object, not text"]);
  });

  it("survives deeply nested details without a stack overflow", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const facts = read({ error: { code: "VALIDATION_ERROR", details: deep }, errors: deep });
    expect(facts?.code).toBe("VALIDATION_ERROR");
  });
});

describe("salvageEnvelope", () => {
  it("reads code, message and request id from a cut-off envelope", () => {
    const facts = salvageEnvelope('{"error":{"code":"SANDBOX_NOT_RUNNING","request_id":"req_x","message":"sandbox is not run');
    expect(facts).toMatchObject({ code: "SANDBOX_NOT_RUNNING", message: "sandbox is not run", request_id: "req_x" });
    expect(facts?.warnings[0]).toMatch(/cut off/);
  });
  it("is null without a code", () => {
    expect(salvageEnvelope('{"error":{"message":"x"')).toBeNull();
  });
});
