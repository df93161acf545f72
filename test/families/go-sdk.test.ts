// Go SDK (miosa-go) Error() strings, docs/client-formats.md §1 and "What decode must recognise" 3 and 4:
// `[prefix]miosa: <MSG> (status=N[, request_id=R])`, where <MSG> is the raw body for a nested envelope.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  RUNS, codeStatus, decode, envelope, eol, errorsWithNoise, expectAllFound, expectFound, expectNothing, message, noise, requestId, status, type Expected, type Generated,
} from "./support.js";

const goTime = fc
  .record({ mo: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), s: fc.integer({ min: 0, max: 86399 }) })
  .map(({ mo, d, s }) => {
    const p = (n: number) => String(n).padStart(2, "0");
    return `2026/${p(mo)}/${p(d)} ${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}`;
  });

/** What callers and the SDK put before `miosa: `: a log timestamp, `<text>: `, `<Service>.<Method>: `, login's wrap. */
const prefix = fc.oneof(
  fc.constant(""),
  goTime.map((t) => `${t} create template: `),
  goTime.map((t) => `${t} `),
  fc.constantFrom("CustomDomainsService.Register: ", "RunsService.Get: ", "DockerDeployService.ListHosts: "),
  fc.constant("fetch sandbox: "),
  fc.constant("miosa: key validation failed: "),
);

const tail = (s: number, rid: string | null) => ` (status=${s}${rid ? `, request_id=${rid}` : ""})`;

/** A nested envelope printed as the raw body; the request id from the header, the body, both or neither. */
const envelopeError = fc
  .record({
    cs: codeStatus, msg: message, rid: requestId, where: fc.constantFrom("header", "body", "both", "none"),
    fieldErr: fc.boolean(), pre: prefix,
  })
  .map(({ cs: [c, s], msg, rid, where, fieldErr, pre }) => {
    const body = JSON.parse(envelope(c, msg, where === "body" || where === "both" ? rid : null));
    if (fieldErr) body.errors = { name: ["can't be blank"], description: ["should be at most 1000 character(s)"] };
    const header = where === "header" || where === "both" ? rid : null;
    const exp: Expected = { code: c, http_status: s, request_id: where === "none" ? null : rid };
    if (fieldErr) exp.fields = ["name", "description"];
    return { lines: [`${pre}miosa: ${JSON.stringify(body)}${tail(s, header)}`], exp, key: JSON.stringify([c, s, msg]) };
  });

/** A body whose message the SDK extracted: only an ALL-CAPS text is a code. */
const capsCodeError = fc
  .record({ c: fc.constantFrom("EMAIL_MISMATCH", "SANDBOX_NOT_RUNNING", "NOT_TENANT_MEMBER", "TEMPLATE_NOT_FOUND"), s: status, rid: fc.option(requestId), pre: prefix })
  .map(({ c, s, rid, pre }) => ({ lines: [`${pre}miosa: ${c}${tail(s, rid)}`], exp: { code: c, http_status: s, request_id: rid } as Expected, key: JSON.stringify([c, s]) }));

const bareMessageError = fc
  .record({ msg: message, s: status, rid: fc.option(requestId), pre: prefix })
  .map(({ msg, s, rid, pre }) => ({ lines: [`${pre}miosa: ${msg}${tail(s, rid)}`], exp: { code: null, http_status: s, request_id: rid } as Expected, key: JSON.stringify([msg, s]) }));

const isoTime = goTime.map((t) => `${t.replaceAll("/", "-").replace(" ", "T")}.481Z`);

/**
 * The error's Error() logged inside a quoted field, as Go quotes strings (strconv.Quote, which JSON.stringify
 * matches for these characters): slog's TextHandler (an unquoted `time=...Z`), logrus (`time="..."`), `%q`,
 * and `%#v` of the fmt.wrapError that `fmt.Errorf("op: %w", err)` makes.
 */
const quotedError = fc
  .record({ cs: codeStatus, msg: message, rid: requestId, fieldErr: fc.boolean(), t: isoTime, how: fc.constantFrom("slog", "logrus", "q", "wrap") })
  .map(({ cs: [c, s], msg, rid, fieldErr, t, how }): Generated => {
    const body = JSON.parse(envelope(c, msg, null));
    if (fieldErr) body.errors = { name: ["can't be blank"], description: ["is invalid"] };
    const error = JSON.stringify(`SandboxesService.Create: miosa: ${JSON.stringify(body)}${tail(s, rid)}`);
    const line = {
      slog: `time=${t} level=ERROR msg="create failed" err=${error}`,
      logrus: `time="${t}" level=error msg="create failed" error=${error}`,
      q: `retrying after error ${error}`,
      wrap: `&fmt.wrapError{msg:${error}, err:(*miosa.MiosaError)(0xc0000dad40)}`,
    }[how];
    const exp: Expected = { code: c, http_status: s, request_id: rid };
    if (fieldErr) exp.fields = ["name", "description"];
    return { lines: [line], exp, key: JSON.stringify([c, s, msg]) };
  });

/** The error struct itself: `%#v` of the pointer, `%+v` of the value (its Error() has a pointer receiver), encoding/json. */
const structError = fc
  .record({ cs: codeStatus, msg: message, rid: requestId, how: fc.constantFrom("gosyntax", "plusv", "json") })
  .map(({ cs: [c, s], msg, rid, how }): Generated => {
    const body = envelope(c, msg, null);
    const bytes = [...Buffer.from(body)];
    const line = {
      gosyntax: `&miosa.NotFoundError{MiosaError:miosa.MiosaError{StatusCode:${s}, Message:${JSON.stringify(body)}, RequestID:"${rid}", Body:[]uint8{${bytes.map((b) => `0x${b.toString(16)}`).join(", ")}}}}`,
      plusv: `{StatusCode:${s} Message:${body} RequestID:${rid} Body:[${bytes.join(" ")}]}`,
      json: JSON.stringify({ StatusCode: s, Message: body, RequestID: rid, Body: Buffer.from(body).toString("base64") }),
    }[how];
    return { lines: [line], exp: { code: c, http_status: s, request_id: rid }, key: JSON.stringify([c, s, msg]) };
  });

describe("Go SDK error strings", () => {
  test("logged in a quoted field (slog, logrus, %q, a wrapped error's %#v): code, status, request id and field errors", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(quotedError, 1, 4), eol, async (items, le) => {
        const found = await expectAllFound(items, le);
        for (const f of found) expect(f.message).not.toBeNull();
      }),
      RUNS,
    );
  });

  test("the error struct printed with %#v or %+v, or as JSON: StatusCode is the status", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(structError, 1, 3), eol, async (items, le) => {
        await expectAllFound(items, le);
      }),
      RUNS,
    );
  });

  test("each nested-envelope line is one finding with the body's code, the status and the request id from header or body", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(envelopeError, 1, 4), noise, eol, async (items, lead, le) => {
        await expectAllFound(items, le, lead);
      }),
      RUNS,
    );
  });

  test("an ALL-CAPS message is the code; a plain message gives status and request id but no code", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(fc.oneof(capsCodeError, bareMessageError), 1, 4), eol, async (items, le) => {
        await expectAllFound(items, le);
      }),
      RUNS,
    );
  });

  test("legacy flat body: 'miosa: Insufficient credits (status=402, ...)' is a 402 with the request id", async () => {
    await expectFound("2026/12/04 02:05:21 create sandbox: miosa: Insufficient credits (status=402, request_id=req_01KATNJ7E9SS6YS3C4DWA7N360)\n", [
      { http_status: 402, request_id: "req_01KATNJ7E9SS6YS3C4DWA7N360" },
    ]);
  });

  test("an HTML proxy page over several lines is one finding without an envelope, with the status and request id of the tail", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(502, 503, 504), requestId, eol, async (s, rid, le) => {
        const page = ["miosa: <html>", `<head><title>${s} Bad Gateway</title></head>`, "<body>", `<center><h1>${s} Bad Gateway</h1></center>`, "</body>", `</html>${tail(s, rid)}`];
        await expectFound(page.join(le) + le, [{ kind: "non_envelope", http_status: s, request_id: rid }]);
      }),
      { numRuns: 20 },
    );
  });

  test("the HTML page after a prefix the line is read for (login's wrap, a log's ERROR) is one finding with the tail's status and request id, and its title", async () => {
    // A prefix with no word decode reads a line for (`create template: miosa: <html>`) is not read: see docs/performance.md.
    const readPrefix = fc.constantFrom("", "miosa: key validation failed: ", "2026/12/06 10:00:00 ERROR create template: ");
    await fc.assert(
      fc.asyncProperty(readPrefix, fc.constantFrom(502, 503, 504), requestId, eol, async (pre, s, rid, le) => {
        const page = [`${pre}miosa: <html>`, `<head><title>${s} Bad Gateway</title></head>`, "<body>", `<center><h1>${s} Bad Gateway</h1></center>`, "</body>", `</html>${tail(s, rid)}`];
        const found = await expectFound(page.join(le) + le, [{ kind: "non_envelope", http_status: s, request_id: rid }]);
        expect(found[0]!.message).toBe(`${s} Bad Gateway`);
      }),
      { numRuns: 30 },
    );
  });

  test("status=0 marks an error the SDK made itself (no answer of the API's): not reported", async () => {
    await expectNothing("miosa: builder session not found: bs_123 (status=0)\nmiosa: model not found: gpt-x (status=0)\n");
  });

  test("connection error: method and URL path from the url.Error text, no status", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("Get", "Post", "Delete", "Patch", "Put"), fc.constantFrom("/api/v1/sandboxes", "/api/v1/sandbox-templates/tpl_1"), async (m, p) => {
        const line = `miosa: connection error: ${m} "https://api.miosa.ai${p}": dial tcp 104.18.2.1:443: connect: connection refused`;
        const fs = await expectFound(line + "\n", [{ http_status: null, method: m.toUpperCase() }]);
        expect(fs[0]!.path).toContain(p);
      }),
      { numRuns: 20 },
    );
  });
});
