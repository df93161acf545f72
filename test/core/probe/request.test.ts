import { describe, expect, test } from "vitest";
import { buildRequest, parseHeaderArgument, parseMethod, RequestProblem } from "../../../src/core/probe/request.js";
import { createRedactor, redactHeaders } from "../../../src/core/sanitize.js";

const KEY = "msk_u_0123456789abcdefWXYZ";

describe("parseMethod", () => {
  test.each([
    [undefined, false, "GET"],
    [undefined, true, "POST"],
    ["delete", false, "DELETE"],
    ["PATCH", true, "PATCH"],
  ])("%s (body %s) → %s", (text, body, method) => expect(parseMethod(text, body)).toBe(method));
  test.each(["GE T", "", "TRACE"])("%j is refused", (text) => expect(() => parseMethod(text, false)).toThrow(RequestProblem));
});

describe("parseHeaderArgument", () => {
  test.each([
    ["X-MIOSA-Tenant: t_1", { name: "X-MIOSA-Tenant", value: "t_1" }],
    ["Accept:text/plain", { name: "Accept", value: "text/plain" }],
    ["Accept:", { name: "Accept", value: null }],
    ["Idempotency-Key: a:b", { name: "Idempotency-Key", value: "a:b" }],
  ])("%s", (text, header) => expect(parseHeaderArgument(text)).toEqual(header));
  test.each(["no colon", ": value", "Bad Name: x", "Host: evil", "X: a\nb"])("%j is refused", (text) =>
    expect(() => parseHeaderArgument(text)).toThrow(RequestProblem),
  );
});

describe("buildRequest", () => {
  const url = new URL("https://api.miosa.ai/api/v1/sandboxes");
  test("defaults: user agent, JSON accept, bearer key, JSON content type for a body", () => {
    const request = buildRequest({ method: "POST", url, key: KEY, userAgent: "miosa-err/1", headers: [], body: Buffer.from("{}") });
    expect(request.headers).toEqual([
      ["User-Agent", "miosa-err/1"],
      ["Accept", "application/json"],
      ["Authorization", `Bearer ${KEY}`],
      ["Content-Type", "application/json"],
    ]);
    expect(request.key).toBe(KEY);
  });
  test("-H replaces a default of the same name (any case) and `Name:` removes it", () => {
    const request = buildRequest({
      method: "POST",
      url,
      key: KEY,
      userAgent: "ua",
      headers: [
        { name: "content-type", value: "text/plain" },
        { name: "Authorization", value: null },
        { name: "X-Extra", value: "1" },
      ],
      body: Buffer.from("x"),
    });
    expect(request.headers).toEqual([
      ["User-Agent", "ua"],
      ["Accept", "application/json"],
      ["content-type", "text/plain"],
      ["X-Extra", "1"],
    ]);
    expect(request.key).toBeNull();
  });
  test("no key, no Authorization header", () => {
    const request = buildRequest({ method: "GET", url, key: null, userAgent: "ua", headers: [], body: null });
    expect(request.headers.map(([name]) => name)).toEqual(["User-Agent", "Accept"]);
  });
});

describe("redaction", () => {
  test("a known key shows as msk_… plus its last 4 characters, wherever it is", () => {
    const redact = createRedactor([KEY]);
    expect(redact(`key=${KEY} again ${KEY}`)).toBe("key=msk_…WXYZ again msk_…WXYZ");
  });
  test("a key without the msk_ prefix is masked the same way once known", () => {
    const redact = createRedactor(["plainsecretvalue1234"]);
    expect(redact("token plainsecretvalue1234")).toBe("token msk_…1234");
  });
  test("Authorization, Proxy-Authorization and Cookie values are masked in headers", () => {
    const redact = createRedactor([KEY]);
    expect(
      redactHeaders(
        [
          ["Authorization", `Bearer ${KEY}`],
          ["proxy-authorization", "Basic dXNlcjpwYXNzd29yZA=="],
          ["Cookie", "session=abcdefghijkl; theme=dark"],
          ["Accept", "application/json"],
        ],
        redact,
      ),
    ).toEqual([
      ["Authorization", "Bearer msk_…WXYZ"],
      ["proxy-authorization", "Basic …ZA=="],
      ["Cookie", "session=…ijkl; theme=…"],
      ["Accept", "application/json"],
    ]);
  });
});
