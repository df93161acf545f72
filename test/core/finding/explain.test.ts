import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../../src/core/builtin.js";
import { explainResponse } from "../../../src/core/finding/explain.js";
import { requestTime } from "../../../src/core/finding/request-id.js";
import { describeSeconds, parseRetryAfter } from "../../../src/core/finding/retry-after.js";
import type { ObservedResponse } from "../../../src/core/finding/finding.js";

const catalog = builtinCatalog();
const ULID_ID = "req_01KB2ZJ1XG7Q5N3M8R4T6V9W0Y";
const response = (overrides: Partial<ObservedResponse>): ObservedResponse => ({
  status: 409,
  headers: {},
  body: "",
  method: "POST",
  path: "/api/v1/sandboxes/sb_1/exec",
  ...overrides,
});

describe("explainResponse", () => {
  it("returns null for a success answer", () => {
    expect(explainResponse(response({ status: 200, body: '{"error":{"code":"NOT_FOUND"}}' }), catalog)).toBeNull();
    expect(explainResponse(response({ status: 304 }), catalog)).toBeNull();
  });

  it("explains a documented envelope with its entry, request id and time", () => {
    const finding = explainResponse(
      response({ body: JSON.stringify({ error: { code: "SANDBOX_NOT_RUNNING", message: "sandbox is not running", request_id: ULID_ID } }) }),
      catalog,
    )!;
    expect(finding).toMatchObject({
      kind: "envelope",
      code: "SANDBOX_NOT_RUNNING",
      message: "sandbox is not running",
      request_id: ULID_ID,
      request_id_source: "body",
      request_time: requestTime(ULID_ID),
      http_status: 409,
      method: "POST",
      path: "/api/v1/sandboxes/sb_1/exec",
      warnings: [],
      source: { line: 0, form: "curl" },
    });
    expect(finding.entry?.area).toBe("sandboxes");
    expect(finding.entry?.meaning).toContain("running state");
    // The /deploy entry does not fit /exec: it follows the deployments one.
    expect(finding.alternatives.map((entry) => entry.area)).toEqual(["deployments", "sandboxes"]);
  });

  it("takes the request id from the header when the body has none, and warns when they differ", () => {
    const fromHeader = explainResponse(
      response({ headers: { "x-request-id": "req_hdr" }, body: '{"error":{"code":"NOT_FOUND","message":"x"}}', status: 404 }),
      catalog,
    )!;
    expect(fromHeader.request_id).toBe("req_hdr");
    expect(fromHeader.request_id_source).toBe("header");
    expect(fromHeader.warnings).toEqual([]);
    const differ = explainResponse(
      response({ headers: { "x-request-id": "req_hdr" }, body: '{"error":{"code":"NOT_FOUND","message":"x","request_id":"req_body"}}', status: 404 }),
      catalog,
    )!;
    expect(differ.request_id).toBe("req_body");
    expect(differ.warnings).toEqual(["the body's request_id (req_body) differs from the X-Request-ID header (req_hdr); give support both"]);
  });

  it("reads Retry-After from the header before the body", () => {
    const body = '{"error":{"code":"rate_limit_exceeded","message":"slow down","retry_after_ms":1500}}';
    expect(explainResponse(response({ status: 429, headers: { "retry-after": "30" }, body }), catalog)).toMatchObject({
      retry_after_s: 30,
      retry_after_source: "header",
    });
    expect(explainResponse(response({ status: 429, body }), catalog)).toMatchObject({ retry_after_s: 1.5, retry_after_source: "body" });
    expect(
      explainResponse(
        response({ status: 429, headers: { "retry-after": "Wed, 21 Oct 2026 07:28:30 GMT", date: "Wed, 21 Oct 2026 07:28:00 GMT" }, body }),
        catalog,
      )?.retry_after_s,
    ).toBe(30);
  });

  it("warns when the observed status is not one the catalog lists for the code", () => {
    const finding = explainResponse(response({ status: 500, path: null, body: '{"error":{"code":"NOT_FOUND","message":"x"}}' }), catalog)!;
    expect(finding.warnings).toEqual(["observed status 500, but the catalog lists NOT_FOUND only with 404"]);
    expect(finding.entry?.area).toBe("common");
    // The code in another case is the same code, listed or not.
    const lower = explainResponse(response({ status: 500, path: null, body: '{"error":{"code":"not_found","message":"x"}}' }), catalog)!;
    expect(lower.warnings).toEqual(["observed status 500, but the catalog lists NOT_FOUND only with 404"]);
    expect(explainResponse(response({ status: 404, path: null, body: '{"error":{"code":"Not_Found","message":"x"}}' }), catalog)!.warnings).toEqual([]);
  });

  it("reports an unknown code as it came, with the closest known codes", () => {
    const finding = explainResponse(response({ body: '{"error":{"code":"SANDBOX_LIMIT_REACHD","message":"cap","request_id":"req_2"}}' }), catalog)!;
    expect(finding).toMatchObject({ code: "SANDBOX_LIMIT_REACHD", message: "cap", request_id: "req_2", entry: null, alternatives: [] });
    expect(finding.suggestions).toContain("SANDBOX_LIMIT_REACHED");
  });

  it("lists field errors of a validation failure", () => {
    const finding = explainResponse(
      response({
        status: 422,
        path: "/api/v1/workspaces",
        body: '{"error":{"code":"VALIDATION_FAILED","message":"invalid"},"errors":{"name":["can\'t be blank"],"slug":["is taken"]}}',
      }),
      catalog,
    )!;
    expect(finding.field_errors).toEqual([
      { field: "name", message: "can't be blank" },
      { field: "slug", message: "is taken" },
    ]);
    expect(finding.entry?.area).toBe("workspaces");
  });

  it("explains an HTML page from a proxy as a non-envelope answer", () => {
    const finding = explainResponse(
      response({
        status: 502,
        headers: { "content-type": "text/html", server: "cloudflare", "x-request-id": "req_edge" },
        body: "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad gateway</h1></body></html>",
      }),
      catalog,
    )!;
    expect(finding).toMatchObject({
      kind: "non_envelope",
      code: null,
      http_status: 502,
      content_type: "text/html",
      page_title: "502 Bad Gateway",
      served_by: "cloudflare",
      body_kind: "html",
      request_id: "req_edge",
      entry: null,
    });
  });

  it("explains empty and plain-text error bodies", () => {
    expect(explainResponse(response({ status: 503, body: "" }), catalog)).toMatchObject({
      kind: "non_envelope",
      body_kind: "empty",
      warnings: ["the answer has an empty body"],
    });
    expect(explainResponse(response({ status: 504, body: "upstream request timeout\n" }), catalog)).toMatchObject({
      kind: "non_envelope",
      body_kind: "text",
      message: "upstream request timeout",
      served_by: "envoy",
    });
  });

  it("salvages a truncated envelope", () => {
    const finding = explainResponse(response({ body: '{"error":{"code":"SANDBOX_NOT_RUNNING","message":"sandbox is' }), catalog)!;
    expect(finding).toMatchObject({ kind: "envelope", code: "SANDBOX_NOT_RUNNING", message: "sandbox is" });
    expect(finding.warnings[0]).toMatch(/cut off/);
  });

  it("is null when nothing says the answer was an error", () => {
    expect(explainResponse(response({ status: null, body: "hello" }), catalog)).toBeNull();
  });

  it("masks keys that appear in the answer", () => {
    const finding = explainResponse(
      response({ status: 401, body: '{"error":{"code":"invalid_token","message":"key msk_live_abcdefgh12345678 is revoked"}}' }),
      catalog,
    )!;
    expect(finding.message).toBe("key msk_…5678 is revoked");
  });
});

describe("requestTime", () => {
  it.each([
    [ULID_ID, "2025-11-27T15:40:23.344Z"],
    ["01KB2ZJ1XG7Q5N3M8R4T6V9W0Y", "2025-11-27T15:40:23.344Z"],
    ["req_01jv0000000000000000000000", "2025-05-11T15:39:07.648Z"],
    ["req_abc", null],
    ["req_ZZZZZZZZZZZZZZZZZZZZZZZZZZ", null],
    ["req_00000000000000000000000000", null],
    [null, null],
  ])("%s → %s", (id, time) => {
    expect(requestTime(id)).toBe(time);
  });

  it("reads any id as the plain definition does: an optional prefix and `_`, then a ULID whose time is believable", () => {
    // The definition, written as a pattern and Date's own ISO text: what requestTime computes without them.
    const reference = (id: string): string | null => {
      const match = /^(?:[A-Za-z][A-Za-z0-9]{0,15}_)?([0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25})$/.exec(id.trim());
      if (!match) return null;
      const ms = [...match[1]!.slice(0, 10).toUpperCase()].reduce((sum, char) => sum * 32 + "0123456789ABCDEFGHJKMNPQRSTVWXYZ".indexOf(char), 0);
      return ms < Date.UTC(2016, 0, 1) || ms > Date.UTC(2100, 0, 1) ? null : new Date(ms).toISOString();
    };
    const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    const encodeTime = (ms: number) => {
      let text = "";
      for (let i = 9, t = ms; i >= 0; i--, t = Math.floor(t / 32)) text = CROCKFORD[t % 32] + text;
      return text;
    };
    // Times around the believable range, any case, and now and then one character that is not Crockford's.
    const time = fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2101, 0, 1) }).map(encodeTime);
    const random = fc.string({ unit: fc.constantFrom(...`${CROCKFORD}${CROCKFORD.toLowerCase()}`.split("")), minLength: 16, maxLength: 16 });
    const flaw = fc.option(fc.tuple(fc.nat(25), fc.constantFrom("I", "l", "O", "u", "_", " ", "é", "8")), { freq: 3 });
    const ulidish = fc.tuple(time, random, fc.boolean(), flaw).map(([t, rest, lower, bad]) => {
      const text = `${lower ? t.toLowerCase() : t}${rest}`;
      return bad ? `${text.slice(0, bad[0])}${bad[1]}${text.slice(bad[0] + 1)}` : text;
    });
    const id = fc
      .tuple(fc.constantFrom("", "req_", "x_", "_", "1a_", "a-b_", "abcdefghijklmnop_", "abcdefghijklmnopq_", " "), ulidish, fc.constantFrom("", " ", "x"))
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.oneof(id, fc.string()), (value) => {
        expect(requestTime(value)).toBe(reference(value));
      }),
      { numRuns: 2000 },
    );
    // Ids a few seconds apart, as in a log: each gets its own time.
    for (let ms = Date.UTC(2026, 10, 28, 9); ms < Date.UTC(2026, 10, 28, 9) + 5000; ms += 317) {
      let time = "";
      for (let i = 9, t = ms; i >= 0; i--, t = Math.floor(t / 32)) time = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[t % 32] + time;
      expect(requestTime(`req_${time}${"0".repeat(16)}`)).toBe(new Date(ms).toISOString());
    }
  });
});

describe("retry after", () => {
  it("parses seconds and dates", () => {
    expect(parseRetryAfter("12")).toEqual({ seconds: 12, at: null });
    expect(parseRetryAfter("Wed, 21 Oct 2026 07:28:00 GMT")).toEqual({ seconds: null, at: "2026-10-21T07:28:00.000Z" });
    expect(parseRetryAfter("soon")).toBeNull();
  });
  it("describes durations", () => {
    expect([describeSeconds(30), describeSeconds(1.5), describeSeconds(125), describeSeconds(7200)]).toEqual(["30 s", "1.5 s", "2 min 5 s", "2 h"]);
  });
});
