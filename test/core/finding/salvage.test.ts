// Envelopes that do not parse: cut off, or whole but for raw control bytes.
// What decode reads from them must be true: a cut code or id is not one.
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../../src/core/builtin.js";
import { escapeRawControlsInStrings, salvageEnvelope } from "../../../src/core/finding/salvage.js";
import { explainResponse } from "../../../src/core/finding/explain.js";
import { findingsInText } from "../../../src/core/decode/text-scan.js";

const catalog = builtinCatalog();

describe("a cut inside a field", () => {
  it("a code cut short is unknown, not a shorter code (UPSTRE is no code; NOT_FOUN is not NOT_FOUND)", () => {
    const facts = salvageEnvelope('{"error":{"code":"NOT_FOUN');
    expect(facts).toMatchObject({ code: null, message: null, request_id: null });
    expect(facts?.warnings).toEqual(['the JSON was cut off inside the code ("NOT_FOUN…"); a cut code is not known, so it is not shown as one']);
  });

  it("a request id cut short is not given as the id, neither from the body nor from the line around it", () => {
    const facts = salvageEnvelope('{"error":{"code":"NOT_FOUND","request_id":"req_01JDZQ');
    expect(facts).toMatchObject({ code: "NOT_FOUND", request_id: null });
    expect(facts?.warnings[0]).toContain('inside the request_id ("req_01JDZQ…"); a cut request id is not known');
    const [finding] = findingsInText('log: {"error":{"code":"NOT_FOUND","request_id":"req_01JDZQ', 1, false, catalog);
    expect(finding).toMatchObject({ code: "NOT_FOUND", request_id: null });
  });

  it("a message cut short is kept (it says what it can) and the warning names the cut", () => {
    const facts = salvageEnvelope('{"error":{"code":"SANDBOX_NOT_RUNNING","request_id":"req_x","message":"sandbox is not run');
    expect(facts).toMatchObject({ code: "SANDBOX_NOT_RUNNING", request_id: "req_x", message: "sandbox is not run" });
    expect(facts?.warnings[0]).toBe('the JSON was cut off inside the message ("sandbox is not run…"); the rest was read from the part that is there');
  });

  it("probe's body cut mid-code: the answer is still an envelope with no code, not a made-up one", () => {
    const finding = explainResponse(
      { status: 502, headers: { "content-type": "application/json" }, body: '{"error":{"code":"UPSTRE', method: "GET", path: "/api/v1/sandboxes" },
      catalog,
    );
    expect(finding).toMatchObject({ kind: "envelope", code: null, http_status: 502 });
  });
});

describe("raw control characters in a whole envelope", () => {
  it("are escaped inside strings only", () => {
    expect(escapeRawControlsInStrings('{"a":"x\u001b[31m\ny"}\n')).toBe('{"a":"x\\u001b[31m\\u000ay"}\n');
    expect(escapeRawControlsInStrings('{"a":"\\"\u0000"}')).toBe('{"a":"\\"\\u0000"}');
    expect(escapeRawControlsInStrings('{"a": "plain"}\n')).toBeNull();
  });

  it("the envelope is read whole, with a warning that says why it needed repair (not that it was cut off)", () => {
    const body = '{"error":{"code":"NOT_FOUND","message":"caf\u00e9 \u001b[31m\u0000","request_id":"req_01JDZQ5YQ8N4W3V2B1C0XKMHTA"}}';
    const finding = explainResponse({ status: 404, headers: {}, body, method: "GET", path: "/api/v1/sandboxes/sb_1" }, catalog)!;
    expect(finding).toMatchObject({ code: "NOT_FOUND", request_id: "req_01JDZQ5YQ8N4W3V2B1C0XKMHTA", message: "caf\u00e9 \u001b[31m\u0000" });
    expect(finding.warnings).toEqual(["the JSON holds raw control characters in its strings, which JSON does not allow; it was read as if they were escaped"]);
    const [inText] = findingsInText(`2026-01-01 ERROR ${body}`, 1, false, catalog);
    expect(inText).toMatchObject({ code: "NOT_FOUND", request_id: "req_01JDZQ5YQ8N4W3V2B1C0XKMHTA" });
    expect(inText!.warnings.join(" ")).not.toContain("cut off");
  });
});
