// decode of the built CLI on HAR files, logs, SDK prints and tickets, and the
// warnings it gives on what it observed.
import { describe, expect, it } from "vitest";
import { brief, fixture, decodeJson } from "./run-cli.js";

describe("decode: HAR, logs, SDK prints, tickets", () => {
  it("a HAR file: every error entry with method, URL and status; successes skipped", () => {
    const { json } = decodeJson([fixture("session.har")]);
    expect(
      json.findings.map((finding) => [
        finding.source.har_entry,
        finding.method,
        finding.path,
        finding.http_status,
        finding.code,
        finding.entry?.area ?? null,
        finding.request_id,
      ]),
    ).toEqual([
      [2, "POST", "https://api.miosa.ai/api/v1/sandboxes/sb_7Hq2mK9x/expose", 400, "MISSING_PARAM", "sandboxes", "req_01KATQ73451HYGCPWPQ5E6EYCN"],
      [4, "GET", "https://api.miosa.ai/api/v1/sandboxes/sb_7Hq2mK9x/snapshots/snap_0Zr8", 404, "NOT_FOUND", "snapshots", "req_01KATQMA1MDY0YP57RCYBVN5SX"],
      [5, "GET", "https://api.miosa.ai/api/v1/deployments/dep_9QkT/builds", 504, null, null, null],
    ]);
    expect(json.findings.every((finding) => finding.source.form === "har")).toBe(true);
    // The key in the requests' Authorization header is warned about, as a transcript's is.
    expect(json.findings.map((finding) => finding.warnings)).toEqual(
      Array(3).fill(["the HAR shows an API key (msk_…7Wv3) in the request's Authorization header; rotate it if this was shared"]),
    );
    expect(json.findings[2]).toMatchObject({ kind: "non_envelope", page_title: "504 Gateway Time-out" });
  });

  it("NDJSON logs: envelope as an object, JSON-encoded in a string, an error page in a body field; transport errors ignored", () => {
    const { json } = decodeJson([fixture("app.ndjson")]);
    expect(json.findings.map(brief)).toEqual([
      {
        code: "SANDBOX_LIMIT_REACHED",
        status: 409,
        entry: "sandboxes:SANDBOX_LIMIT_REACHED",
        request_id: "req_01KATJ8G2HM9S346Q3D25VT4F5",
        warnings: [],
        line: 2,
        form: "log",
      },
      {
        code: "COMPUTER_NOT_RUNNING",
        status: 409,
        entry: "computers:COMPUTER_NOT_RUNNING",
        request_id: "req_01KATJNQ00V37E3S3E28JT97KB",
        warnings: [],
        line: 4,
        form: "log",
      },
      { code: null, status: 502, entry: null, request_id: null, warnings: [], line: 5, form: "log" },
    ]);
    expect(json.findings[1]).toMatchObject({ method: "POST", path: "https://api.miosa.ai/api/v1/computers/cmp_51Ax/exec" });
    expect(json.request_ids).toEqual(["req_01KATJ8G2HM9S346Q3D25VT4F5", "req_01KATJNQ00V37E3S3E28JT97KB"]);
  });

  it("text logs: envelope inside the line, status, path and request id around it", () => {
    const { json } = decodeJson([fixture("app.log")]);
    expect(json.findings.map(brief)).toEqual([
      {
        code: "CONFLICT",
        status: 409,
        entry: "snapshots:snapshot is not in ready state",
        request_id: "req_01KATKG4TYF5KZNWJ47TAN9ZT2",
        warnings: [],
        line: 2,
        form: "log",
      },
      { code: "FORBIDDEN", status: 403, entry: "domains:FORBIDDEN", request_id: "req_01KATKXBRD4MNPZX45HY43KWJR", warnings: [], line: 4, form: "log" },
    ]);
    expect(json.findings[0]).toMatchObject({ method: "POST", path: "/api/v1/computers/cmp_51Ax/snapshots/snap_0Zr8/restore" });
  });

  it("the Go SDK's print, with the raw body as its message", () => {
    const { json } = decodeJson([fixture("go-sdk.txt")]);
    expect(json.findings.map(brief)).toEqual([
      {
        code: "INSUFFICIENT_CREDITS",
        status: 402,
        entry: "sandboxes:INSUFFICIENT_CREDITS",
        request_id: "req_01KATMAJNWP1XPA7Z3DJ8FSSZ5",
        warnings: [],
        line: 2,
        form: "sdk",
      },
    ]);
  });

  it("the Elixir SDK's raised error", () => {
    const { json } = decodeJson([fixture("elixir.txt")]);
    expect(json.findings.map(brief)).toEqual([
      { code: "SANDBOX_NOT_RUNNING", status: 409, entry: "sandboxes:SANDBOX_NOT_RUNNING", request_id: null, warnings: [], line: 2, form: "sdk" },
    ]);
    expect(json.findings[0]!.message).toBe("sandbox sb_7Hq2mK9x is not running");
  });

  it("the TypeScript CLI's text form, with its hint", () => {
    const { json } = decodeJson([fixture("ts-cli-text.txt")]);
    expect(json.findings.map(brief)).toEqual([
      {
        code: "SANDBOX_NOT_RUNNING",
        status: null,
        entry: "sandboxes:SANDBOX_NOT_RUNNING",
        request_id: "req_01KATMQSKBAWSH8VHTPRE95B9E",
        warnings: [],
        line: 2,
        form: "sdk",
      },
    ]);
    expect(json.findings[0]).toMatchObject({ message: "Sandbox is not running", hint: "Start it with `miosa sandbox start sb_7Hq2mK9x`" });
  });

  it("the TypeScript CLI's --json form, with field errors", () => {
    const { json } = decodeJson([fixture("ts-cli-json.txt")]);
    expect(json.findings.map(brief)).toEqual([
      {
        code: "VALIDATION_ERROR",
        status: null,
        entry: "deployments:VALIDATION_ERROR",
        request_id: "req_01KATN50GTE0ZBGJ09TQM83XSS",
        warnings: [],
        line: 1,
        form: "sdk",
      },
    ]);
    expect(json.findings[0]).toMatchObject({
      retryable: false,
      field_errors: [{ field: "name", message: "can't be blank" }],
      hint: "Check the deployment name",
    });
  });

  it("the Go CLI: API error line, and a friendly message matched by its words", () => {
    const { json } = decodeJson([fixture("go-cli.txt")]);
    expect(json.findings.map(brief)).toEqual([
      {
        code: "SERVICE_UNAVAILABLE",
        status: 503,
        entry: "deployments:SERVICE_UNAVAILABLE",
        request_id: "req_01KATNJ7E9SS6YS3C4DWA7N360",
        warnings: [],
        line: 2,
        form: "sdk",
      },
      { code: null, status: null, entry: "sandboxes:SANDBOX_LIMIT_REACHED", request_id: null, warnings: [], line: 6, form: "sdk" },
    ]);
  });

  it("a ticket: a fenced pretty envelope, one quoted twice, one inline in prose; the key in it is masked", () => {
    const { json, result } = decodeJson([fixture("ticket.md")]);
    expect(json.findings.map(brief)).toEqual([
      {
        code: "INSUFFICIENT_CREDITS",
        status: null,
        entry: "sandboxes:INSUFFICIENT_CREDITS",
        request_id: "req_01KATNZEBR96Q14DR9GPQY77ZX",
        warnings: [],
        line: 6,
        form: "envelope",
      },
      {
        code: "already_deleted",
        status: null,
        entry: "snapshots:already_deleted",
        request_id: "req_01KATPCN97YYK596NGYA1DQ91K",
        warnings: [],
        line: 19,
        form: "text",
      },
      { code: "FORBIDDEN", status: null, entry: "common:FORBIDDEN", request_id: "req_01KATPSW6P5GQAPENECFSECZP1", warnings: [], line: 22, form: "text" },
    ]);
    expect(result.stdout).not.toContain("msk_live_9fKq2LmZ8xW4tR7vN3bY6cHd");
  });
});

describe("decode: warnings on what was observed", () => {
  it("warns when the observed status is not one the catalog lists for the code", () => {
    const transcript =
      'HTTP/1.1 500 Internal Server Error\ncontent-type: application/json\nx-request-id: req_01KATJ8G2HM9S346Q3D25VT4F5\n\n{"error":{"code":"NOT_FOUND","message":"sandbox not found"}}\n';
    const { json } = decodeJson([], transcript);
    expect(brief(json.findings[0]!)).toEqual({
      code: "NOT_FOUND",
      status: 500,
      entry: "common:NOT_FOUND",
      request_id: "req_01KATJ8G2HM9S346Q3D25VT4F5",
      warnings: ["observed status 500, but the catalog lists NOT_FOUND only with 404"],
      line: 1,
      form: "curl",
    });
    expect(json.findings[0]).toMatchObject({ request_id_source: "header", request_time: "2025-11-24T09:14:03.217Z" });
  });
});
