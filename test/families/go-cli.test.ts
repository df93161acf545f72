// Go CLI (miosa-cli-go), docs/client-formats.md §2 and "What decode must recognise" 5, 6 and 7: friendly lines,
// `miosa: API error status=N body=...`, `miosa: logs API error status=N`, the `api` command's three lines and the
// vendored SDK's text, each followed (except `api`) by `miosa: command failed`.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  RUNS, codeStatus, decode, envelope, eol, errorsWithNoise, expectAllFound, expectFound, message, requestId, type Generated as Err,
} from "./support.js";

const FAILED = "miosa: command failed";

/** The friendly table: the phrase is all that is left, so the status is inferred from it. */
const FRIENDLY: readonly (readonly [string, number])[] = [
  ["miosa: resource not found", 404],
  ["miosa: insufficient credits (visit https://miosa.ai/billing to top up)", 402],
  ["miosa: permission denied", 403],
  ["miosa: rate limit exceeded — please wait and try again", 429],
];

const friendly = fc.constantFrom(...FRIENDLY).map(([line, s]): Err => ({ lines: [line, FAILED], exp: { http_status: s } }));

/** restClient.do: the raw body on the line (statuses the friendly table does not replace). */
const rest = fc
  .record({ c: fc.constantFrom("SANDBOX_NOT_RUNNING", "TEMPLATE_IN_USE", "VALIDATION_FAILED", "AGENT_UNAVAILABLE", "INTERNAL_ERROR"), s: fc.constantFrom(409, 422, 500, 502, 503), msg: message, rid: fc.option(requestId) })
  .map(({ c, s, msg, rid }): Err => ({
    lines: [`miosa: API error status=${s} body=${envelope(c, msg, rid)}`, FAILED],
    exp: { code: c, http_status: s, request_id: rid },
  }));

const logs = fc.constantFrom(409, 500, 502, 503).map((s): Err => ({ lines: [`miosa: logs API error status=${s}`, FAILED], exp: { http_status: s } }));

/** `miosa api <path>`: stderr, the body on stdout, stderr again; one error, always GET. */
const api = fc
  .record({ cs: codeStatus.filter(([, s]) => s !== 200), msg: message, rid: fc.option(requestId) })
  .map(({ cs: [c, s], msg, rid }): Err => ({
    lines: [`miosa: API returned ${s}`, envelope(c, msg, rid), `miosa: API error ${s}`],
    exp: { code: c, http_status: s, request_id: rid, method: "GET" },
  }));

/** The same without the method, for the mixed paste (the method has a test of its own). */
const apiAnyMethod = api.map(({ lines, exp: { method: _m, ...exp } }): Err => ({ lines, exp }));

/** The vendored SDK (create, destroy, list, ...) and login's wrap, then `command failed`. */
const sdk = fc
  .record({ c: fc.constantFrom("SANDBOX_LIMIT_REACHED", "TEMPLATE_IN_USE", "INVALID_BUILDSPEC", "AGENT_UNAVAILABLE"), s: fc.constantFrom(409, 422, 502, 503), msg: message, rid: requestId, login: fc.boolean() })
  .map(({ c, s, msg, rid, login }): Err => ({
    lines: [`miosa: ${login ? "key validation failed: miosa: " : ""}${envelope(c, msg)} (status=${s}, request_id=${rid})`, FAILED],
    exp: { code: c, http_status: s, request_id: rid },
  }));

async function check(items: [Err, string[]][], le: string, lead: string[] = []): Promise<void> {
  await expectAllFound(items, le, lead);
}

describe("Go CLI output", () => {
  test("friendly line + 'command failed' is one finding whose status comes from the phrase", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(friendly, 1, 4), eol, async (items, le) => check(items, le)),
      RUNS,
    );
  });

  test("'miosa: not authenticated (run 'miosa login')' + 'command failed' is one finding (401 or no status)", async () => {
    const d = await decode("miosa: not authenticated (run 'miosa login')\nmiosa: command failed\n");
    expect(d.findings.map((f) => f.http_status === 401 || f.http_status === null)).toEqual([true]);
  });

  test("REST 'API error status=N body=<envelope>' + 'command failed' is one finding with code, status and body request id", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(rest, 1, 4), eol, async (items, le) => check(items, le)),
      RUNS,
    );
  });

  test("REST 'API error status=N body=...' logged by a Go program through slog (text or JSON handler): code, status, field errors", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(fc.record({ cs: codeStatus, msg: message, json: fc.boolean() }).map(({ cs: [c, s], msg, json }): Err => {
        const body = JSON.stringify({ ...JSON.parse(envelope(c, msg)), errors: { name: ["has already been taken"] } });
        const err = `API error status=${s} body=${body}`;
        const line = json ? JSON.stringify({ time: "2026-12-07T05:20:53.481Z", level: "ERROR", msg: "create failed", err }) : `time=2026-12-07T05:20:53.481Z level=ERROR msg="create failed" err=${JSON.stringify(err)}`;
        return { lines: [line], exp: { code: c, http_status: s, fields: ["name"] }, key: JSON.stringify([c, msg]) };
      }), 1, 3), eol, async (items, le) => void (await expectAllFound(items, le))),
      RUNS,
    );
  });

  test("REST error with an empty body and 'logs API error status=N' give the status", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(fc.oneof(logs, fc.constantFrom(500, 503).map((s): Err => ({ lines: [`miosa: API error status=${s} body=`, FAILED], exp: { http_status: s } }))), 1, 3), eol, async (items, le) => check(items, le)),
      RUNS,
    );
  });

  test("REST error whose JSON body runs over several lines is one finding", async () => {
    await fc.assert(
      fc.asyncProperty(codeStatus, message, eol, async ([c, s], msg, le) => {
        const body = JSON.stringify(JSON.parse(envelope(c, msg)), null, 2).split("\n");
        const lines = [`miosa: API error status=${s} body=${body[0]}`, ...body.slice(1), FAILED];
        await expectFound(lines.join(le) + le, [{ code: c, http_status: s }]);
      }),
      { numRuns: 30 },
    );
  });

  test("'api' command: 'API returned N', body, 'API error N' is one GET finding", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(api, 1, 3), eol, async (items, le) => check(items, le)),
      RUNS,
    );
  });

  test("'api' command with stdout and stderr captured apart, stdout first: body, 'API returned N', 'API error N' is the same one GET finding", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(api, 1, 3), eol, async (items, le) => {
        const stdoutFirst = items.map(([g, n]): [Err, string[]] => [{ ...g, lines: [g.lines[1]!, g.lines[0]!, ...g.lines.slice(2)] }, n]);
        await check(stdoutFirst, le);
      }),
      RUNS,
    );
  });

  test("vendored SDK text and login's 'key validation failed: miosa: ...' + 'command failed' are one finding each", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(sdk, 1, 4), eol, async (items, le) => check(items, le)),
      RUNS,
    );
  });

  test("'command failed' ends an error: a logs error and the next 'api' error with the same status are two findings", async () => {
    const text = ["miosa: logs API error status=409", FAILED, "miosa: API returned 409", envelope("SANDBOX_NOT_RUNNING", "sandbox is not running"), "miosa: API error 409"];
    await expectFound(text.join("\n") + "\n", [{ code: null, http_status: 409 }, { code: "SANDBOX_NOT_RUNNING", http_status: 409 }]);
  });

  test("all Go CLI shapes mixed in one paste are each found once, in order", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(fc.oneof(friendly, rest, logs, apiAnyMethod, sdk), 2, 6), fc.array(fc.constantFrom("", "done."), { maxLength: 2 }), eol, async (items, lead, le) => check(items, le, lead)),
      RUNS,
    );
  });
});
