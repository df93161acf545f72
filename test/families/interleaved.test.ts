// Lines another writer put in the middle of one print (logs of concurrent processes share a file), prints cut
// short, and prose that names a print: one error stays one error, and what comes after a cut print is read.
// The record boundaries of the other families (a logfmt record, a traceback, a block's heading) hold only once a
// whole error was read.
import { describe, expect, test } from "vitest";
import { decode, expectFound } from "./support.js";

const LOGFMT = 'level=info msg="retry budget exhausted"';

describe("interleaved and cut prints", () => {
  test("a logfmt line or a traceback's first line inside a print leaves it one error", async () => {
    const prints: [string[], { code: string; http_status: number | null; request_id?: string | null; method?: string }][] = [
      [["miosa: API returned 404", '{"error":{"code":"TEMPLATE_NOT_FOUND","message":"sandbox template not found"}}', "miosa: API error 404"], { code: "TEMPLATE_NOT_FOUND", http_status: 404, method: "GET" }],
      [
        ["[debug] POST /api/v1/sandbox-templates -> HTTP 422 request_id=req_fake_0001", '[debug] response_body={"error":{"code":"INVALID_BUILDSPEC","message":"BuildSpec is invalid"}}', "Error: BuildSpec is invalid", "  Code: INVALID_BUILDSPEC"],
        { code: "INVALID_BUILDSPEC", http_status: 422, request_id: "req_fake_0001", method: "POST" },
      ],
      [["Error: Sandbox is not running", "  Code: SANDBOX_NOT_RUNNING", "  Request ID: req_01KATMQSKBAWSH8VHTPRE95B9E"], { code: "SANDBOX_NOT_RUNNING", http_status: null, request_id: "req_01KATMQSKBAWSH8VHTPRE95B9E" }],
      [
        ["NotFoundError: sandbox template not found", "    at async file:///srv/app/dist/app.mjs:342:3 {", "  status: 404,", "  code: 'TEMPLATE_NOT_FOUND',", "  requestId: 'req_fake_0001'", "}"],
        { code: "TEMPLATE_NOT_FOUND", http_status: 404, request_id: "req_fake_0001" },
      ],
    ];
    for (const [lines, exp] of prints) {
      for (const other of [LOGFMT, "Traceback (most recent call last):"]) {
        await expectFound([lines[0]!, other, ...lines.slice(1)].join("\n") + "\n", [exp]);
      }
    }
  });

  test("a page cut inside its style sheet ends at an error's words: the errors after it are read", async () => {
    const text = [
      "Error: Server error (502): <!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>",
      "body { font-family: sans-serif; }",
      "MiosaError(message='template name taken', status_code=409, code='TEMPLATE_NAME_TAKEN')",
    ];
    const { findings } = await decode(text.join("\n") + "\n");
    expect(findings.map((f) => [f.kind, f.code, f.http_status])).toEqual([["non_envelope", null, 502], ["envelope", "TEMPLATE_NAME_TAKEN", 409]]);
  });

  test("a details block cut short ends at the first line Node would not print there: an indented log line is its own", async () => {
    const text = [
      "ValidationError: sandbox template is invalid", "    at async file:///srv/app/dist/app.mjs:342:3 {", "  status: 422,", "  code: 'VALIDATION_FAILED',",
      "  requestId: 'req_fake_0001',", "  details: {", "    fields: [ 'name', 'description' ],",
      '    2025-11-24 09:35:42.502 ERROR [miosa] POST /api/v1/computers/cmp_51Ax/snapshots/snap_0Zr8/restore status=409 request_id=req_01KATKG4TYF5KZNWJ47TAN9ZT2 body={"error":{"code":"CONFLICT","message":"snapshot is not in ready state"}}',
    ];
    const { findings } = await decode(text.join("\n") + "\n");
    expect(findings.map((f) => [f.source.line, f.code, f.http_status, f.method])).toEqual([[1, "VALIDATION_FAILED", 422, null], [8, "CONFLICT", 409, "POST"]]);
  });

  test("a blank line inside a pretty-printed struct leaves it one error with its status and code", async () => {
    const text = [" %Miosa.Error{", "   status: 409,", "", '   body: %{"error" => %{"code" => "SANDBOX_NOT_RUNNING", "message" => "sandbox sb_1 is not running"}}', " }}"];
    await expectFound(text.join("\n") + "\n", [{ code: "SANDBOX_NOT_RUNNING", http_status: 409 }]);
  });

  test("JSON after a details block cut short is not Node's print: its error is its own", async () => {
    const text = [
      "ValidationError: validation failed", "    at async file:///srv/app/dist/app.mjs:3:1 {", "  status: 422,", "  code: 'VALIDATION_FAILED',", "  details: {",
      `    name: [ "can't be blank" ],`, '    "error": {', '      "code": "TEMPLATE_IN_USE",', '      "message": "template is in use",', '      "request_id": "req_2"', "    }", "  }",
    ];
    const { findings } = await decode(text.join("\n") + "\n");
    expect(findings.map((f) => [f.code, f.http_status, f.request_id])).toEqual([["VALIDATION_FAILED", 422, null], ["TEMPLATE_IN_USE", null, "req_2"]]);
  });

  test("two logfmt records in a row are two records, whatever the first held", async () => {
    const text = ['level=error msg="create failed" err="Error: Validation failed\\n  Code: VALIDATION_FAILED\\n  Request ID: req_77"', 'level=error err="miosa.errors.NotFoundError: template not found"'];
    await expectFound(text.join("\n") + "\n", [{ code: "VALIDATION_FAILED", http_status: null, request_id: "req_77" }, { code: null, http_status: 404 }]);
  });

  test("prose that names a struct (`%Miosa.Error{`) without its fields is no error", async () => {
    const { findings } = await decode("We sometimes get a %Miosa.Error{ struct back, see below.\n");
    expect(findings).toEqual([]);
  });

  test("a message that is a message-form code is that code's entry whatever the status", async () => {
    const { stdout } = await decode('HTTP/1.1 404 Not Found\n\n{"message":"Snapshot is not in ready state"}\n');
    expect(JSON.parse(stdout).findings.map((f: { entry: { code: string } | null }) => f.entry?.code)).toEqual(["snapshot is not in ready state"]);
  });
});
