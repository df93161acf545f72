// One end-to-end test per input form: the built CLI on a realistic fixture,
// checking code, status, entry (area), request_id and warnings.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { brief, fixture, decodeJson, runCli } from "./run-cli.js";

describe("decode: every body shape, as a file", () => {
  it.each([
    [
      "documented-compact.json",
      {
        code: "SANDBOX_LIMIT_REACHED",
        status: null,
        entry: "sandboxes:SANDBOX_LIMIT_REACHED",
        request_id: "req_01KATJ8G2HM9S346Q3D25VT4F5",
        warnings: [],
        line: 1,
        form: "envelope",
      },
    ],
    [
      "newer-pretty-crlf.json",
      {
        code: "SANDBOX_STARTING",
        status: null,
        entry: "sandboxes:SANDBOX_STARTING",
        request_id: "req_01KATJNQ00V37E3S3E28JT97KB",
        warnings: [],
        line: 1,
        form: "envelope",
      },
    ],
    [
      "validation-map.json",
      {
        code: "VALIDATION_FAILED",
        status: null,
        entry: "workspaces:VALIDATION_FAILED",
        request_id: "req_01KATK2XXF6CQ643DZVMXXQKFB",
        warnings: [],
        line: 1,
        form: "envelope",
      },
    ],
    [
      "validation-list.json",
      {
        code: "INVALID_BUILDSPEC",
        status: null,
        entry: "templates:INVALID_BUILDSPEC",
        request_id: "req_01KATKG4TYF5KZNWJ47TAN9ZT2",
        warnings: [],
        line: 1,
        form: "envelope",
      },
    ],
    [
      "legacy-flat.json",
      { code: "INSUFFICIENT_CREDITS", status: null, entry: "billing:INSUFFICIENT_CREDITS", request_id: null, warnings: [], line: 1, form: "envelope" },
    ],
    [
      "code-in-error.json",
      {
        code: "EMAIL_MISMATCH",
        status: null,
        entry: "workspaces:EMAIL_MISMATCH",
        request_id: "req_01KATKXBRD4MNPZX45HY43KWJR",
        warnings: [],
        line: 1,
        form: "envelope",
      },
    ],
    [
      "message-code.json",
      { code: "VALIDATION_ERROR", status: null, entry: "deployments:VALIDATION_ERROR", request_id: null, warnings: [], line: 1, form: "envelope" },
    ],
    [
      "message-only.json",
      { code: null, status: null, entry: "snapshots:snapshot is not in ready state", request_id: null, warnings: [], line: 1, form: "envelope" },
    ],
    ["detail.json", { code: null, status: null, entry: "snapshots:missing sse ticket", request_id: null, warnings: [], line: 1, form: "envelope" }],
    ["errors-list.json", { code: null, status: null, entry: null, request_id: null, warnings: [], line: 1, form: "envelope" }],
    ["error-string.json", { code: null, status: null, entry: "common:NOT_FOUND", request_id: null, warnings: [], line: 1, form: "envelope" }],
    [
      "extra-fields.json",
      {
        code: "TEMPLATE_IN_USE",
        status: null,
        entry: "templates:TEMPLATE_IN_USE",
        request_id: "req_01KATMAJNWP1XPA7Z3DJ8FSSZ5",
        warnings: [],
        line: 1,
        form: "envelope",
      },
    ],
  ])("%s", (name, expected) => {
    const { result, json } = decodeJson([fixture(`shapes/${name}`)]);
    expect(result.status).toBe(0);
    expect(json.findings).toHaveLength(1);
    expect(brief(json.findings[0]!)).toEqual(expected);
  });

  it("keeps the details of each shape: retry hints, field errors, extra fields, messages", () => {
    const newer = decodeJson([fixture("shapes/newer-pretty-crlf.json")]).json.findings[0]!;
    expect(newer).toMatchObject({
      retry_after_s: 2.5,
      retry_after_source: "body",
      retryable: true,
      details: '{"state":"booting"}',
      request_time: "2025-11-24T09:21:16.288Z",
    });
    // Not in the reference, but a code the SDKs document: explained from the sdk entry.
    expect(newer.entry).toMatchObject({ code: "SANDBOX_STARTING", source: "sdk" });
    expect(decodeJson([fixture("shapes/validation-map.json")]).json.findings[0]!.field_errors).toEqual([
      { field: "slug", message: "a template with this name already exists" },
      { field: "build_spec.steps", message: "are invalid" },
    ]);
    expect(decodeJson([fixture("shapes/validation-list.json")]).json.findings[0]!.field_errors).toEqual([
      { field: "from", message: "is required" },
      { field: "steps[2].run", message: "must be a non-empty string" },
    ]);
    expect(decodeJson([fixture("shapes/extra-fields.json")]).json.findings[0]!.details).toBe('{"sandboxes":2,"builds":0}');
    expect(decodeJson([fixture("shapes/code-in-error.json")]).json.findings[0]!.message).toBe("Invite email does not match");
    expect(decodeJson([fixture("shapes/errors-list.json")]).json.findings[0]!.message).toBe("fqdn can't be blank");
  });

  it("decodes a compact envelope given with -e, and a pretty CRLF one on stdin", () => {
    const fromText = decodeJson(["-e", readFileSync(fixture("shapes/documented-compact.json"), "utf8")]).json;
    expect(fromText.findings[0]).toMatchObject({ code: "SANDBOX_LIMIT_REACHED", source: { line: 1, form: "envelope", input: "(-e)" } });
    const fromStdin = decodeJson([], readFileSync(fixture("shapes/newer-pretty-crlf.json"))).json;
    expect(fromStdin.findings[0]).toMatchObject({ code: "SANDBOX_STARTING", message: "sandbox sb_7Hq2mK9x is still starting" });
    expect(fromStdin.findings[0]!.source.input).toBeUndefined();
  });
});

describe("decode: curl transcripts", () => {
  it("curl -i, HTTP/1.1: status and request id from the transcript", () => {
    const { json } = decodeJson([fixture("curl-i-http11.txt")]);
    expect(json.findings.map(brief)).toEqual([
      {
        code: "SANDBOX_NOT_RUNNING",
        status: 409,
        entry: "sandboxes:SANDBOX_NOT_RUNNING",
        request_id: "req_01KATMQSKBAWSH8VHTPRE95B9E",
        warnings: [],
        line: 1,
        form: "curl",
      },
    ]);
  });

  it("curl -i, HTTP/2 with Retry-After, and a header id that differs from the body's", () => {
    const { json } = decodeJson([fixture("curl-i-http2.txt")]);
    expect(json.findings.map(brief)).toEqual([
      {
        code: "rate_limit_exceeded",
        status: 429,
        entry: "auth:rate_limit_exceeded",
        request_id: "req_01KATNJ7E9SS6YS3C4DWA7N360",
        warnings: [
          "the body's request_id (req_01KATNJ7E9SS6YS3C4DWA7N360) differs from the X-Request-ID header (req_01KATN50GTE0ZBGJ09TQM83XSS); give support both",
        ],
        line: 1,
        form: "curl",
      },
    ]);
    expect(json.findings[0]).toMatchObject({ retry_after_s: 17, retry_after_source: "header" });
  });

  it("curl -v 2>&1, HTTP/2, with progress meter and data lines: method and path from the request", () => {
    const { json } = decodeJson([fixture("curl-v-http2.txt")]);
    expect(json.findings).toHaveLength(1);
    expect(json.findings[0]).toMatchObject({ method: "POST", path: "/api/v1/sandboxes/sb_7Hq2mK9x/deploy" });
    expect(brief(json.findings[0]!)).toEqual({
      code: "SANDBOX_NOT_RUNNING",
      status: 409,
      entry: "sandboxes:SANDBOX_NOT_RUNNING",
      request_id: "req_01KATNJ7E9SS6YS3C4DWA7N360",
      warnings: ["the transcript shows an API key (msk_…6cHd) in its Authorization header; rotate it if this was shared"],
      line: 26,
      form: "curl",
    });
    expect(json.findings[0]!.entry).toMatchObject({ meaning: "/deploy called but sandbox is not running" });
  });

  it("curl -v, HTTP/1.1 with 100 Continue and a pretty validation body", () => {
    const { json } = decodeJson([fixture("curl-v-http11-continue.txt")]);
    expect(json.findings).toHaveLength(1);
    expect(json.findings[0]).toMatchObject({
      code: "INVALID_BUILDSPEC",
      http_status: 422,
      method: "POST",
      path: "/api/v1/sandbox-templates",
      request_id: "req_01KATNZEBR96Q14DR9GPQY77ZX",
      source: { line: 16, form: "curl" },
    });
    expect(json.findings[0]!.field_errors).toEqual([
      { field: "from", message: "is required" },
      { field: "steps[0].run", message: "must be a non-empty string" },
    ]);
  });

  it("several transcripts: success skipped, snapshot path chooses the snapshots entry, empty 503", () => {
    const { json } = decodeJson([fixture("curl-i-mixed.txt")]);
    expect(json.findings.map(brief)).toEqual([
      { code: "NOT_FOUND", status: 404, entry: "snapshots:NOT_FOUND", request_id: "req_01KATPCN97YYK596NGYA1DQ91K", warnings: [], line: 2, form: "curl" },
      { code: null, status: 503, entry: null, request_id: null, warnings: ["the answer has an empty body"], line: 14, form: "curl" },
    ]);
    expect(json.findings[0]!.method).toBe("DELETE");
    expect(json.findings[1]).toMatchObject({ kind: "non_envelope", method: "POST", retry_after_s: 30, body_kind: "empty" });
    expect(json.summary).toEqual({ NOT_FOUND: 1, "(not an envelope)": 1 });
  });

  it("an HTML 502 from a proxy is reported as not coming from the API", () => {
    const { json } = decodeJson([fixture("curl-i-502-html.txt")]);
    expect(json.findings[0]).toMatchObject({
      kind: "non_envelope",
      code: null,
      http_status: 502,
      content_type: "text/html",
      page_title: "502 Bad Gateway",
      served_by: "cloudflare",
      method: "GET",
      entry: null,
    });
    const human = runCli(["decode", fixture("curl-i-502-html.txt")]);
    expect(human.stdout).toContain("came from something in front of the MIOSA API");
  });
});
