// The walk over one parsed JSON document: what it finds, where, with which
// facts around it, and where its fixed limits stop it.
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../../src/core/builtin.js";
import { findingsInDocument } from "../../../src/core/decode/document.js";

const catalog = builtinCatalog();
const find = (value: unknown, place: Partial<Parameters<typeof findingsInDocument>[2]> = {}) =>
  findingsInDocument(value, catalog, { line: 7, quoted: false, ...place });
const envelope = (code = "NOT_FOUND") => ({ error: { code, message: "gone", request_id: "req_1" } });

function nestedIn(value: unknown, levels: number, asArrays = false): unknown {
  let wrapped = value;
  for (let i = 0; i < levels; i++) wrapped = asArrays ? [wrapped] : { a: wrapped };
  return wrapped;
}

describe("findingsInDocument", () => {
  it("names an envelope at the top an envelope (text when quoted), and one inside a record or a list a log's", () => {
    expect(find(envelope()).map((f) => [f.code, f.source.form, f.source.line])).toEqual([["NOT_FOUND", "envelope", 7]]);
    expect(find(envelope(), { quoted: true })[0]!.source.form).toBe("text");
    expect(find([envelope()])[0]!.source.form).toBe("log");
    expect(find({ response: envelope() })[0]!.source.form).toBe("log");
    expect(find({ ok: false, error: { code: "NOT_FOUND", message: "gone" } })[0]!.source.form).toBe("sdk");
  });

  it("finds every error in document order, once each, with the facts of the objects around it", () => {
    const document = {
      status: 502,
      method: "post",
      path: "/api/v1/sandboxes/sb_1",
      request_id: "req_outer",
      calls: [
        { status: 409, path: "/api/v1/computers/c1", body: JSON.stringify({ error: { code: "SANDBOX_NOT_RUNNING", message: "stopped" } }) },
        { response: { status: 404, headers: { "X-Request-ID": "req_header" }, body: envelope() } },
        envelope("AGENT_UNAVAILABLE"),
        envelope("AGENT_UNAVAILABLE"),
      ],
      text: "<html><title>Bad gateway</title></html>",
    };
    const findings = find(document);
    expect(findings.map((f) => [f.kind, f.code, f.http_status, f.method, f.path, f.request_id, f.request_id_source])).toEqual([
      ["envelope", "SANDBOX_NOT_RUNNING", 409, "POST", "/api/v1/computers/c1", "req_outer", "log"],
      ["envelope", "NOT_FOUND", 404, "POST", "/api/v1/sandboxes/sb_1", "req_1", "body"],
      ["envelope", "AGENT_UNAVAILABLE", 502, "POST", "/api/v1/sandboxes/sb_1", "req_1", "body"],
      ["non_envelope", null, 502, "POST", "/api/v1/sandboxes/sb_1", "req_outer", "log"],
    ]);
    expect(findings[1]!.warnings.join(" ")).toContain("req_header");
  });

  it("reads objects down to 32 levels and lists to the same depth, and no deeper", () => {
    expect(find(nestedIn(envelope(), 32))).toHaveLength(1);
    expect(find(nestedIn(envelope(), 33))).toHaveLength(0);
    expect(find(nestedIn(envelope(), 32, true))).toHaveLength(1);
    expect(find(nestedIn(envelope(), 33, true))).toHaveLength(0);
    const encoded = JSON.stringify(envelope());
    expect(find(nestedIn(encoded, 32))).toHaveLength(1);
    expect(find(nestedIn(encoded, 33))).toHaveLength(0);
  });

  it("reads every value of a record, however many (no value cap: a record's size is bounded instead)", () => {
    expect(find([...Array<number>(250_000).fill(0), envelope()])).toHaveLength(1);
    expect(find({ a: Array<null>(250_000).fill(null), b: envelope(), c: envelope("AGENT_UNAVAILABLE") })).toHaveLength(2);
  });
});

describe("one record's tellings of one error", () => {
  it("records of a list are apart: the same empty body under other statuses is another error each", () => {
    const found = find([
      { level: "error", status: 502, body: "" },
      { level: "error", status: 503, body: "" },
      { level: "error", status: 500, body: "oops" },
      { level: "error", status: 504, body: "oops" },
    ]);
    expect(found.map((f) => f.http_status)).toEqual([502, 503, 500, 504]);
  });

  it("an error page or a long text in a body field says more than the record's own message", () => {
    const page = find({
      level: "error",
      message: "request failed",
      status: 502,
      responseBody: "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
    });
    expect(page.map((f) => [f.kind, f.page_title])).toEqual([["non_envelope", "502 Bad Gateway"]]);
    const text = find({
      level: "error",
      message: "request failed",
      status: 503,
      response: { body: "upstream connect error or disconnect/reset before headers" },
    });
    expect(text.map((f) => [f.kind, f.http_status])).toEqual([["non_envelope", 503]]);
  });

  it("a record's own message beside an error status stays when its body field holds no envelope (a short payload may be the request's)", () => {
    const found = find({ message: "Sandbox create rejected", status: 422, payload: "tiny" });
    expect(found.map((f) => [f.kind, f.message])).toEqual([["envelope", "Sandbox create rejected"]]);
  });
});
