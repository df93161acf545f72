// curl transcripts, docs/client-formats.md "What decode must recognise" 1: `curl -i` (status line, headers, body)
// and `curl -v ... 2>&1` (`> ` request lines, `< ` response lines, `*` notes and `{ [N bytes data]` mixed in,
// the body before or after `* Connection #0 ... left intact`, or cut in two by the `{ [N bytes data]` note).
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  RUNS, apiPath, codeStatus, decode, envelope, eol, errorsWithNoise, expectAllFound, expectFound, message, method, requestId, type Generated,
} from "./support.js";

const REASON: Record<number, string> = {
  401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found", 409: "Conflict", 422: "Unprocessable Entity",
  429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
};

/** Where the request id is: a header (three spellings), the body, or nowhere. */
const ridPlace = fc.constantFrom("x-request-id", "X-Request-ID", "request-id", "body", "none");

/** curl writes header lines with CRLF; the rest of the paste uses the paste's line ending. */
const cr = (crlfHeaders: boolean) => (crlfHeaders ? "\r" : "");

const curlI = fc
  .record({ cs: codeStatus, msg: message, rid: requestId, where: ridPlace, h2: fc.boolean(), crlf: fc.boolean() })
  .map(({ cs: [c, s], msg, rid, where, h2, crlf }): Generated => ({
    lines: [
      h2 ? `HTTP/2 ${s}${cr(crlf)}` : `HTTP/1.1 ${s} ${REASON[s]}${cr(crlf)}`,
      `content-type: application/json; charset=utf-8${cr(crlf)}`,
      ...(where !== "body" && where !== "none" ? [`${where}: ${rid}${cr(crlf)}`] : []),
      `date: Fri, 04 Dec 2026 02:08:57 GMT${cr(crlf)}`,
      cr(crlf),
      envelope(c, msg, where === "body" ? rid : null),
    ],
    exp: { code: c, http_status: s, request_id: where === "none" ? null : rid },
    key: JSON.stringify([c, s, msg]),
  }));

type Layout = "after-intact" | "before-intact" | "intact-on-body-line" | "note-inside-body";

/** `curl -v ... 2>&1`: request and response lines, then the body placed as curl's stderr and stdout interleave. */
function curlV(c: string, s: number, msg: string, rid: string, m: string, p: string, layout: Layout, cut: number, le: string): string[] {
  const body = envelope(c, msg);
  const head = [
    "*   Trying 104.18.2.1:443...", "* Connected to api.miosa.ai (104.18.2.1) port 443 (#0)",
    `> ${m} ${p} HTTP/1.1\r`, "> Host: api.miosa.ai\r", "> User-Agent: curl/7.88.1\r", "> Accept: */*\r", "> \r",
    `< HTTP/1.1 ${s} ${REASON[s]}\r`, "< content-type: application/json; charset=utf-8\r", `< x-request-id: ${rid}\r`, "< \r",
  ].map((l) => (le === "\r\n" ? l.replace(/\r$/, "") : l));
  const note = `{ [${Buffer.byteLength(body)} bytes data]`;
  const intact = "* Connection #0 to host api.miosa.ai left intact";
  switch (layout) {
    case "after-intact": return [...head, note, intact, body];
    case "before-intact": return [...head, note, body, intact];
    case "intact-on-body-line": return [...head, note, body + intact];
    case "note-inside-body": {
      const k = 1 + (cut % (body.length - 1));
      return [...head, body.slice(0, k) + note, body.slice(k), intact];
    }
  }
}

const curlVError = fc
  .record({
    cs: codeStatus, msg: message, rid: requestId, m: method, p: apiPath,
    layout: fc.constantFrom<Layout>("after-intact", "before-intact", "intact-on-body-line", "note-inside-body"), cut: fc.nat(),
  });

describe("curl -i", () => {
  test("each transcript (HTTP/1.1 or HTTP/2) is one finding with the status line's status, the body's code and the request id from header or body", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(curlI, 1, 4), eol, async (items, le) => {
        // In a CRLF paste the header lines' own CR is the paste's.
        const fixed = items.map(([g, n]): [Generated, string[]] => [{ ...g, lines: le === "\r\n" ? g.lines.map((l) => l.replace(/\r$/, "")) : g.lines }, n]);
        await expectAllFound(fixed, le);
      }),
      RUNS,
    );
  });

  test("curl -s -w '%{http_code}' (no -i): the status written right after the body gives the status", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(fc.record({ cs: codeStatus, msg: message }).map(({ cs: [c, s], msg }): Generated => ({ lines: [`${envelope(c, msg)}${s}`], exp: { code: c, http_status: s }, key: JSON.stringify([c, msg]) })), 1, 3), eol, async (items, le) => {
        await expectAllFound(items, le);
      }),
      RUNS,
    );
  });

  test("curl -s -w '\\n%{http_code}\\n': the status on the line after the body (compact or pretty) is the body's", async () => {
    await fc.assert(
      fc.asyncProperty(
        errorsWithNoise(
          fc.record({ cs: codeStatus, msg: message, pretty: fc.boolean() }).map(({ cs: [c, s], msg, pretty }): Generated => ({
            lines: [...(pretty ? JSON.stringify(JSON.parse(envelope(c, msg)), null, 2).split("\n") : [envelope(c, msg)]), String(s)],
            exp: { code: c, http_status: s },
            key: JSON.stringify([c, msg]),
          })),
          1,
          3,
        ),
        eol,
        async (items, le) => void (await expectAllFound(items, le)),
      ),
      RUNS,
    );
  });

  test("a body alone followed by anything but a status keeps no status, and stays in its place among the findings", async () => {
    const body = (code: string) => `{"error":{"code":"${code}","message":"m"}}`;
    await expectFound([body("TEMPLATE_NOT_FOUND"), "done", body("SANDBOX_NOT_RUNNING"), "miosa: {\"error\":{\"code\":\"TEMPLATE_IN_USE\",\"message\":\"n\"}} (status=409)", ""].join("\n"), [
      { code: "TEMPLATE_NOT_FOUND", http_status: null },
      { code: "SANDBOX_NOT_RUNNING", http_status: null },
      { code: "TEMPLATE_IN_USE", http_status: 409 },
    ]);
  });

  test("a body's own retry_after is kept when the status comes apart from it (-w, a trace after it, the Go CLI's api)", async () => {
    const body = '{"error":{"code":"RATE_LIMITED","message":"slow down","retry_after":12}}';
    const inputs = [
      [body, "429"],
      [body, "*   Trying 104.18.2.1:443...", "> GET /api/v1/sandboxes HTTP/1.1", ">", "< HTTP/1.1 429 Too Many Requests", "<", "* Connection #0 to host api.miosa.ai left intact"],
      [body, "miosa: API returned 429", "miosa: API error 429"],
    ];
    for (const lines of inputs) {
      const { stdout } = await decode(lines.join("\n") + "\n");
      const found = JSON.parse(stdout).findings as { code: string; http_status: number; retry_after_s: number | null }[];
      expect(found.map((f) => [f.code, f.http_status, f.retry_after_s])).toEqual([["RATE_LIMITED", 429, 12]]);
    }
  });

  test("a held body's status must be the next line, fit its code, and may carry a collector's mark", async () => {
    const body = (code: string) => `{"error":{"code":"${code}","message":"m"}}`;
    // A document in between: the status after it is not the body's.
    await expectFound([body("TEMPLATE_NOT_FOUND"), "{", ' "ok": true', "}", "404", ""].join("\n"), [{ code: "TEMPLATE_NOT_FOUND", http_status: null }]);
    // A script that prints each status before its body: 429 is not a TEMPLATE_NOT_FOUND's status.
    await expectFound(["404", body("TEMPLATE_NOT_FOUND"), "429", body("RATE_LIMITED"), ""].join("\n"), [
      { code: "TEMPLATE_NOT_FOUND", http_status: null },
      { code: "RATE_LIMITED", http_status: null },
    ]);
    await expectFound([`web-1  | ${body("TEMPLATE_NOT_FOUND")}`, "web-1  | 404", ""].join("\n"), [{ code: "TEMPLATE_NOT_FOUND", http_status: 404 }]);
    // A body that ends in a newline, then -w '\n%{http_code}': one blank line between; two are too many.
    await expectFound([body("TEMPLATE_NOT_FOUND"), "", "404", ""].join("\n"), [{ code: "TEMPLATE_NOT_FOUND", http_status: 404 }]);
    await expectFound([body("TEMPLATE_NOT_FOUND"), "", "", "404", ""].join("\n"), [{ code: "TEMPLATE_NOT_FOUND", http_status: null }]);
  });

  test("the line after a held body is read only as it would be without one", async () => {
    const weak = '[{"status":429,"message":"quota exceeded"}]';
    const alone = await decode(`${weak}\n`);
    const after = await decode(`{"error":{"code":"TEMPLATE_NOT_FOUND","message":"m"}}\n${weak}\n`);
    expect(after.findings.slice(1)).toEqual(alone.findings);
  });

  test("a 200 answer whose build record failed is one build_record finding with its error_code", async () => {
    const text = [
      "HTTP/1.1 200 OK\r", "content-type: application/json\r", "x-request-id: req_01KATNJ7E9SS6YS3C4DWA7N360\r", "\r",
      '{"data":[{"id":"bld_1","state":"failed","error_code":"BUILD_STEP_FAILED","error_message":"step 3 failed"}]}',
    ].join("\n");
    await expectFound(text + "\n", [{ kind: "build_record", code: "BUILD_STEP_FAILED" }]);
  });

  test("among finished builds, only the failed record is a finding, with its error_code", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("BUILD_STEP_FAILED", "BUILDS_TEMPORARILY_UNAVAILABLE"), fc.nat({ max: 3 }), fc.nat({ max: 3 }), eol,
        async (errorCode, before, after, le) => {
          const ok = (i: number) => ({ id: `bld_ok${i}`, state: "ready", error_code: null, error_message: null });
          const data = [...Array.from({ length: before }, (_, i) => ok(i)), { id: "bld_x", state: "failed", error_code: errorCode, error_message: "step 3 failed: exit 1" }, ...Array.from({ length: after }, (_, i) => ok(i + 10))];
          const text = ["HTTP/2 200", "content-type: application/json", "", JSON.stringify({ data })].join(le);
          await expectFound(text + le, [{ kind: "build_record", code: errorCode }]);
        },
      ),
      RUNS,
    );
  });
});

describe("curl -v 2>&1", () => {
  test("method and path from '> ' lines, status and request id from '< ' lines, code from the body wherever curl's notes put it", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(curlVError, { minLength: 1, maxLength: 3, selector: (e) => `${e.cs[0]} ${e.msg}` }), eol, async (errs, le) => {
        const lines = errs.flatMap((e) => curlV(e.cs[0], e.cs[1], e.msg, e.rid, e.m, e.p, e.layout, e.cut, le));
        await expectFound(lines.join(le) + le, errs.map((e) => ({ code: e.cs[0], http_status: e.cs[1], request_id: e.rid, method: e.m, path: e.p })));
      }),
      RUNS,
    );
  });

  test("the body after '* Connection #0 ... left intact' belongs to the transcript: one finding, not two", async () => {
    await fc.assert(
      fc.asyncProperty(curlVError, eol, async (e, le) => {
        const lines = curlV(e.cs[0], e.cs[1], e.msg, e.rid, e.m, e.p, "after-intact", 0, le);
        await expectFound(lines.join(le) + le, [{ code: e.cs[0], http_status: e.cs[1], request_id: e.rid, method: e.m, path: e.p }]);
      }),
      RUNS,
    );
  });

  test("stdout and stderr captured apart, then joined body first: the body (its own line, after a blank, or glued to the trace when it had no newline) is the trace's answer's", async () => {
    await fc.assert(
      fc.asyncProperty(curlVError, eol, fc.constantFrom("own line", "blank", "glued"), async (e, le, join) => {
        const trace = curlV(e.cs[0], e.cs[1], e.msg, e.rid, e.m, e.p, "after-intact", 0, le).slice(0, -1);
        const body = envelope(e.cs[0], e.msg);
        const lines = join === "glued" ? [body + trace[0], ...trace.slice(1)] : [body, ...(join === "blank" ? [""] : []), ...trace];
        await expectFound(lines.join(le) + le, [{ code: e.cs[0], http_status: e.cs[1], request_id: e.rid, method: e.m, path: e.p }]);
      }),
      RUNS,
    );
  });

  test("a body first, its trace, then anything (a blank line and another body, a shell's words): one finding for the trace, the rest read as usual", async () => {
    const body = (code: string) => `{"error":{"code":"${code}","message":"m"}}`;
    const trace = ["*   Trying 104.18.2.1:443...", "> GET /api/v1/sandbox-templates/x HTTP/1.1", "> Host: api.miosa.ai", ">", "< HTTP/1.1 404 Not Found", "< x-request-id: req_1", "<", "* Connection #0 to host api.miosa.ai left intact"];
    await expectFound([body("TEMPLATE_NOT_FOUND"), ...trace, "", body("SANDBOX_NOT_RUNNING"), ""].join("\n"), [
      { code: "TEMPLATE_NOT_FOUND", http_status: 404, request_id: "req_1", method: "GET" },
      { code: "SANDBOX_NOT_RUNNING", http_status: null },
    ]);
    await expectFound([body("TEMPLATE_NOT_FOUND"), ...trace, "exit status 22", "```", ""].join("\n"), [{ code: "TEMPLATE_NOT_FOUND", http_status: 404, request_id: "req_1", method: "GET" }]);
  });

  test("-v -w '\\n%{http_code}': the status written after the trace's notes is the body's", async () => {
    await expectFound(['{"error":{"code":"NOT_FOUND","message":"gone"}}', "* Connection #0 to host api.miosa.ai left intact", "404", ""].join("\n"), [{ code: "NOT_FOUND", http_status: 404 }]);
  });

  test("a body before a trace that is not its answer stays its own finding, in its place: the answer has a body, says success, or a status the code never has", async () => {
    const body = (code: string) => `{"error":{"code":"${code}","message":"m"}}`;
    const trace = (s: number, reason: string, own: string | null) => [
      "*   Trying 104.18.2.1:443...", "> GET /api/v1/sandboxes HTTP/1.1", "> Host: api.miosa.ai", ">",
      `< HTTP/1.1 ${s} ${reason}`, "< x-request-id: req_fake_0002", "<", ...(own === null ? [] : ["{ [60 bytes data]", own]), "* Connection #0 to host api.miosa.ai left intact",
    ];
    await expectFound([body("TEMPLATE_NOT_FOUND"), ...trace(409, "Conflict", body("SANDBOX_NOT_RUNNING")), ""].join("\n"), [
      { code: "TEMPLATE_NOT_FOUND", http_status: null },
      { code: "SANDBOX_NOT_RUNNING", http_status: 409 },
    ]);
    // A code the catalog does not know may have any status, but not a success.
    await expectFound([body("QUOTA_WOBBLE"), ...trace(204, "No Content", null), ""].join("\n"), [{ code: "QUOTA_WOBBLE", http_status: null }]);
    await expectFound([body("TEMPLATE_NOT_FOUND"), ...trace(429, "Too Many Requests", null), ""].join("\n"), [
      { code: "TEMPLATE_NOT_FOUND", http_status: null },
      { kind: "non_envelope", http_status: 429 },
    ]);
  });

  test("the '{ [N bytes data]' note written into the middle of the body line: code and request id survive", async () => {
    await fc.assert(
      fc.asyncProperty(curlVError, eol, async (e, le) => {
        const lines = curlV(e.cs[0], e.cs[1], e.msg, e.rid, e.m, e.p, "note-inside-body", e.cut, le);
        await expectFound(lines.join(le) + le, [{ code: e.cs[0], http_status: e.cs[1], request_id: e.rid, method: e.m, path: e.p }]);
      }),
      { numRuns: 100 },
    );
  });
});
