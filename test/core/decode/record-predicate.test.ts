// A record of a large JSON document is parsed only when its bytes say it may
// hold an error (recordMayMatter). The question is wider than the walk's: a
// record it passes over must be one the walk finds nothing in, whatever its
// shape. Generated records mix every way a record makes a finding (envelopes,
// encoded bodies, weak shapes beside a status, pages, client prints, HAR
// answers) with every way it does not.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { documentFindings } from "../../../src/core/decode/documents.js";
import { harEntryFinding } from "../../../src/core/decode/har.js";
import { recordMayMatter } from "../../../src/core/decode/markers.js";
import { catalog } from "./feed.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const OPTIONS = { quoted: false };

const statusValue = fc.oneof(
  fc.constantFrom(200, 201, 204, 301, 304, 400, 401, 404, 409, 422, 429, 500, 502, 503, 599, 600, 40, 4000),
  fc.constantFrom("200", "404", "502", "4xx"),
);
const text = fc.oneof(
  fc.constantFrom(
    "ok",
    "running",
    "sandbox is not running",
    "<html><body>Bad Gateway</body></html>",
    "miosa: not authenticated (run 'miosa login')",
    "miosa: sandbox not running (status=409, request_id=req_1)",
    "[409] SANDBOX_NOT_RUNNING: sandbox is not running",
    "Error: Sandbox is not running\n  Code: SANDBOX_NOT_RUNNING",
    "[debug] POST /api/v1/sandboxes 409",
    '{"error":{"code":"NOT_FOUND","message":"no"}}',
    '{"code":"NOT_FOUND","message":"no"}',
    '{"message":"no such sandbox"}',
    '{"detail":"no such sandbox"}',
    "https://api.miosa.ai/api/v1/sandboxes/sb_1",
    "2026-12-07T09:14:01.450Z",
    "NOT_FOUND",
  ),
  fc.string({ maxLength: 12 }),
);
const body = fc.oneof(
  text,
  fc.constantFrom(
    { error: { code: "SANDBOX_NOT_RUNNING", message: "stopped", request_id: "req_2" } },
    { code: "NOT_FOUND", message: "gone" },
    { message: "gone" },
    { detail: "gone" },
    { status: 404, message: "gone" },
    { ok: false, error: { code: "UNAUTHORIZED", message: "no key" } },
    { error_code: "BUILD_FAILED", state: "failed", error_message: "npm ci failed" },
    { data: { id: "sb_1", state: "running" } },
    { title: "Not Found" },
    { errors: ["name is required"] },
    { detail: [{ loc: ["body", "name"], msg: "field required" }] },
  ),
);
const key = fc.constantFrom(
  "status",
  "status_code",
  "statusCode",
  "http_status",
  "code",
  "error_code",
  "body",
  "response",
  "message",
  "msg",
  "detail",
  "details",
  "title",
  "errors",
  "field_errors",
  "error",
  "ok",
  "log",
  "text",
  "data",
  "id",
  "\u0065rror",
);
const record = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, statusValue, body, fc.dictionary(key, tie("value"), { maxKeys: 4 }), fc.array(tie("value"), { maxLength: 3 })),
})).value;

describe("recordMayMatter", () => {
  it("passes over no record that the walk finds an error in", () => {
    let passedOver = 0;
    fc.assert(
      fc.property(fc.dictionary(key, record, { maxKeys: 5 }), fc.boolean(), (value, escaped) => {
        // Some records are written with every key's first letter as a \u escape: JSON.parse reads them the same.
        let json = JSON.stringify(value);
        if (escaped) json = json.replace(/"([a-z])/g, (_all, c: string) => `"\\u00${c.charCodeAt(0).toString(16)}`);
        if (recordMayMatter(bytes(json))) return;
        passedOver++;
        expect(documentFindings(JSON.parse(json), catalog, OPTIONS, 1)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
    // The generator must make records the question passes over, or the property would test nothing.
    expect(passedOver).toBeGreaterThan(200);
  });

  it("passes over no HAR entry whose answer is an error", () => {
    let passedOver = 0;
    fc.assert(
      fc.property(statusValue, body, fc.boolean(), (status, content, base64) => {
        const textOf = typeof content === "string" ? content : JSON.stringify(content);
        const entry = {
          startedDateTime: "2026-12-07T09:00:00.000Z",
          request: { method: "POST", url: "https://api.miosa.ai/api/v1/sandboxes", headers: [] },
          response: { status, headers: [], content: base64 ? { text: Buffer.from(textOf).toString("base64"), encoding: "base64" } : { text: textOf } },
        };
        const json = JSON.stringify(entry);
        if (recordMayMatter(bytes(json))) return;
        passedOver++;
        expect(harEntryFinding(JSON.parse(json), 0, 1, catalog)).toBeNull();
      }),
      { numRuns: 1000 },
    );
    expect(passedOver).toBeGreaterThan(100);
  });

  it.each([
    [
      "an export's record with a 200 and no error word",
      '{"ts":"2026-12-07T09:00:00.000Z","request":{"url":"https://api.miosa.ai/api/v1/sandboxes/sb_3"},"response":{"status":200,"body":{"data":{"id":"sb_3"}}}}',
      false,
    ],
    ["an envelope", '{"response":{"status":409,"body":{"error":{"code":"SANDBOX_NOT_RUNNING"}}}}', true],
    ["a page beside a 502", '{"response":{"status":502,"body":"<html>Bad Gateway</html>"}}', true],
    ["a weak shape beside a status in a string", '{"status":"404","body":{"message":"gone"}}', true],
    ["a Go CLI print", '{"msg":"miosa: not authenticated (run \'miosa login\')"}', true],
    ["a key written with an escape", '{"\\u0065rror":{"code":"X"}}', true],
    ["a 4 in a longer number", '{"duration_ms":4000,"bytes":15432}', false],
  ])("%s: %s", (_name, json, matters) => {
    expect(recordMayMatter(bytes(json))).toBe(matters);
  });
});
