// Secrets wherever they sit in a document: the last guard before JSON output.
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/core/builtin.js";
import { explainResponse } from "../../src/core/finding/explain.js";
import { redactStrings } from "../../src/core/sanitize.js";

const TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.SECRETsignatureWXYZ";

describe("redactStrings", () => {
  it("masks keys and bearer tokens in values and keys at any depth; leaves the rest and the prototype alone", () => {
    const value = { a: [{ b: `Bearer ${TOKEN}` }, 7, null], msk_live_abcdefgh12345678: "x", c: "plain" };
    const redacted = redactStrings(value);
    expect(JSON.stringify(redacted)).not.toContain("SECRETsignature");
    expect(JSON.stringify(redacted)).not.toContain("msk_live_abcdefgh12345678");
    expect(redacted).toEqual({ a: [{ b: "Bearer eyJ…WXYZ" }, 7, null], "msk_…5678": "x", c: "plain" });
    const proto = redactStrings(JSON.parse('{"__proto__":{"polluted":true}}'));
    expect(Object.keys(proto)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

it("decode masks a bearer token that came as the code, not only as an Authorization value", () => {
  const body = JSON.stringify({ error: { code: `Bearer ${TOKEN}`, message: `token Bearer ${TOKEN} rejected`, request_id: "req_1" } });
  const finding = explainResponse({ status: 401, headers: {}, body, method: "GET", path: "/api/v1/sandboxes" }, builtinCatalog())!;
  expect(finding.code).toBe("Bearer eyJ…WXYZ");
  expect(finding.message).toBe("token Bearer eyJ…WXYZ rejected");
});

it("a bearer token URL-encoded into a URL (a redirect's Location) is masked too", async () => {
  const { redactSecrets } = await import("../../src/core/sanitize.js");
  expect(redactSecrets(`http://127.0.0.1:8080/api/v1/Bearer%20${TOKEN}`)).toBe("http://127.0.0.1:8080/api/v1/Bearer%20eyJ…WXYZ");
  expect(redactSecrets(`/cb?auth=Bearer+${TOKEN}`)).toBe("/cb?auth=Bearer+eyJ…WXYZ");
});
