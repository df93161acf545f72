// TypeScript CLI (miosa-cli), docs/client-formats.md §6 and "What decode must recognise" 8, 9 and 10: the
// `Error:` block (status only inside certain messages), `[debug]` lines before it, and `--json` output.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  RUNS, apiPath, decode, envelope, eol, errorsWithNoise, expectAllFound, expectFound, message, method, requestId, type Generated,
} from "./support.js";

/** Codes the CLI shows on a `Code:` line (an ApiResponseError: a body code and a status other than 401/403). */
const apiCode = fc.constantFrom(
  ["SANDBOX_NOT_RUNNING", 409], ["TEMPLATE_NOT_FOUND", 404], ["VALIDATION_FAILED", 422], ["NOT_FOUND", 404],
  ["rate_limit_exceeded", 429], ["AGENT_UNAVAILABLE", 502], ["SANDBOX_LIMIT_REACHED", 409], ["INVALID_BUILDSPEC", 422],
  ["INSUFFICIENT_CREDITS", 402],
) as fc.Arbitrary<[string, number]>;

const fieldLines = fc.constantFrom(
  [] as string[],
  ["  - name: can't be blank"],
  ["  - dockerfile (FROM): is required", "  - dockerfile (EXPOSE): must be between 1 and 65535"],
);

/** An ApiResponseError block: the code is printed, the status is not. */
const codeBlock = fc
  .record({ cs: apiCode, msg: message, fields: fieldLines, hint: fc.boolean(), details: fc.boolean() })
  .map(({ cs: [c], msg, fields, hint, details }): Generated => ({
    lines: [
      `Error: ${msg}`, ...fields, `  Code: ${c}`,
      ...(hint ? ["  Hint: Pick a different name, or remove the existing resource first."] : []),
      ...(details && fields.length === 0 ? [`  Details: ${envelope(c, msg)}`] : []),
    ],
    exp: { code: c, http_status: null },
    key: JSON.stringify([c, msg]),
  }));

/** Blocks whose message carries or implies the status (no `Code:` line). */
const statusBlock = fc.oneof(
  fc.record({ s: fc.constantFrom(401, 403), msg: message }).map(({ s, msg }) => ({
    lines: [`Error: This terminal connection is no longer authorized (${s}): ${msg} expired`, "  Hint: Run `miosa login` to reconnect this terminal, or manage tokens at https://miosa.ai/account."],
    exp: { http_status: s },
  })),
  fc.record({ s: fc.constantFrom(401, 403), msg: message }).map(({ s, msg }) => ({
    lines: [`Error: Access denied (${s}): ${msg}`, "  Hint: Run `miosa login` to connect this terminal."],
    exp: { http_status: s },
  })),
  message.map((msg) => ({ lines: [`Error: Not found: ${msg}`], exp: { http_status: 404 } })),
  message.map((msg) => ({ lines: [`Error: Insufficient credits: ${msg}`, "  Hint: Top up at https://miosa.ai/billing"], exp: { http_status: 402 } })),
  fc.record({ s: fc.constantFrom(500, 502, 503, 504), msg: message }).map(({ s, msg }) => ({ lines: [`Error: Server error (${s}): ${msg}`], exp: { http_status: s } })),
  fc.constant({ lines: ["Error: Rate limited. Wait a moment and retry."], exp: { http_status: 429 } }),
  message.map((msg) => ({
    lines: [`Error: The API rejected this request's Accept header (406): ${msg}`, "  Hint: This is a server-side content-negotiation fault; retrying will not help."],
    exp: { http_status: 406 },
  })),
) as fc.Arbitrary<Generated>;

/** `--debug`: the debug line, the body, then the block with `Request ID:`: one error. */
const debugBlock = fc
  .record({ cs: apiCode, msg: message, m: method, p: apiPath, rid: requestId, header: fc.boolean(), bodyRid: fc.boolean() })
  .map(({ cs: [c, s], msg, m, p, rid, header, bodyRid }): Generated => ({
    lines: [
      `[debug] ${m} ${p} -> HTTP ${s}${header ? ` request_id=${rid}` : ""}`,
      `[debug] response_body=${envelope(c, msg, bodyRid ? rid : null)}`,
      `Error: ${msg}`, `  Code: ${c}`,
      ...(header ? [`  Request ID: ${rid}`] : []),
    ],
    exp: { code: c, http_status: s, method: m, path: p, request_id: header || bodyRid ? rid : null },
    key: JSON.stringify([c, msg]),
  }));

/**
 * `--debug` of an AuthError or a ServerError: the status is in the message and handleError prints the raw body
 * as `Details:` (mapHttpError passes it as the details): one error, not a second one in the body.
 */
const debugStatusBlock = fc
  .record({ which: fc.constantFrom<[number, string]>([401, "invalid_token"], [403, "insufficient_scope"], [500, "INTERNAL_ERROR"], [503, "SERVICE_UNAVAILABLE"]), msg: message, m: method, p: apiPath, rid: requestId })
  .map(({ which: [s, c], msg, m, p, rid }): Generated => {
    const body = envelope(c, msg);
    const text = s === 401 ? `This terminal connection is no longer authorized (401): ${msg}` : s === 403 ? `Access denied (403): ${msg}` : `Server error (${s}): ${msg}`;
    return {
      lines: [
        `[debug] ${m} ${p} -> HTTP ${s} request_id=${rid}`, `[debug] response_body=${body}`, `Error: ${text}`,
        ...(s < 500 ? ["  Hint: Run `miosa login` to reconnect this terminal, or manage tokens at https://miosa.ai/account."] : []),
        `  Details: ${body}`, `  Request ID: ${rid}`,
      ],
      exp: { code: c, http_status: s, method: m, path: p, request_id: rid },
      key: JSON.stringify([c, msg]),
    };
  });

/** `--json`: pretty-printed; the code is the API code, the request id snake_case, the status absent. */
const jsonOutput = fc
  .record({ cs: apiCode, msg: message, rid: fc.option(requestId), fieldErrors: fc.boolean(), details: fc.boolean() })
  .map(({ cs: [c, s], msg, rid, fieldErrors, details }): Generated => {
    const error: Record<string, unknown> = { code: c, message: msg, retryable: s === 429 || s >= 500 };
    if (fieldErrors) error.field_errors = [{ field: "name", message: "can't be blank" }, { field: "description", message: "should be at most 1000 character(s)" }];
    if (rid) error.request_id = rid;
    if (details) error.details = envelope(c, msg); // a JSON string holding the raw body
    const exp: Generated["exp"] = { code: c, request_id: rid };
    if (fieldErrors) exp.fields = ["name", "description"];
    return { lines: JSON.stringify({ ok: false, error }, null, 2).split("\n"), exp };
  });

/** `--json` for errors without an API code: USER, AUTH, SERVER are CLI classes, not codes. */
const jsonClassOutput = fc
  .record({ which: fc.constantFrom("USER", "AUTH", "SERVER"), msg: message, s5: fc.constantFrom(500, 502, 503), rid: fc.option(requestId) })
  .map(({ which, msg, s5, rid }): Generated => {
    const [text, s] = which === "USER" ? [`Not found: ${msg}`, 404] : which === "AUTH" ? [`This terminal connection is no longer authorized (401): ${msg} revoked`, 401] : [`Server error (${s5}): ${msg}`, s5];
    const error: Record<string, unknown> = { code: which, message: text, retryable: which === "SERVER" };
    if (rid) error.request_id = rid;
    return { lines: JSON.stringify({ ok: false, error }, null, 2).split("\n"), exp: { code: null, http_status: s, request_id: rid } };
  });

describe("TypeScript CLI text block", () => {
  test("a block with a Code: line is one finding with that code and no status", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(codeBlock), eol, async (items, le) => void (await expectAllFound(items, le))), RUNS);
  });

  test("Access denied (403), no longer authorized (401), Not found, Insufficient credits, Server error (503), Rate limited, Accept header (406) give the status", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(statusBlock, 1, 5), eol, async (items, le) => void (await expectAllFound(items, le))), RUNS);
  });

  test("a Not found: block alone is a 404", async () => {
    await expectFound("Error: Not found: sandbox sb_1 does not exist\n", [{ http_status: 404 }]);
  });

  test("--debug lines followed by the block are ONE finding with method, path, status, code and request id", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(debugBlock, 1, 3), eol, async (items, le) => void (await expectAllFound(items, le))), RUNS);
  });

  test("--debug of an auth or server error, whose block repeats the raw body as Details:, is ONE finding", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(debugStatusBlock, 1, 3), eol, async (items, le) => void (await expectAllFound(items, le))), RUNS);
  });

  test("Phoenix's own error body {\"errors\": {\"detail\": ...}} is a message, not a field error named detail", async () => {
    const d = await decode(['[debug] GET /api/v1/sandboxes/sb_1/logs/stream -> HTTP 406 request_id=req_fake_0001', '[debug] response_body={"errors":{"detail":"Not Acceptable"}}', "Error: The API rejected this request's Accept header (406): HTTP 406", '  Details: {"errors":{"detail":"Not Acceptable"}}', "  Request ID: req_fake_0001", ""].join("\n"));
    expect(d.findings.map((f) => [f.http_status, f.message, f.field_errors])).toEqual([[406, "Not Acceptable", []]]);
  });

  test("a block whose every line starts with the program's own log time (milliseconds) is still one finding", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(codeBlock, 1, 3), eol, async (items, le) => {
        const timed = items.map(([g, n]): [Generated, string[]] => [{ ...g, lines: g.lines.map((l) => `2026-12-07T05:19:51.123Z ${l}`) }, n]);
        await expectAllFound(timed, le);
      }),
      RUNS,
    );
  });

  test("blocks of every kind in one paste are each found once, in order", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(fc.oneof(codeBlock, statusBlock, debugBlock), 2, 5), eol, async (items, le) => void (await expectAllFound(items, le))), RUNS);
  });
});

describe("TypeScript CLI: each Error: block (and each [debug] request line) starts a new error", () => {
  const RID = "req_01KATNJ7E9SS6YS3C4DWA7N360";

  test("two adjacent blocks with the same code and different messages are two findings", async () => {
    await expectFound("Error: sandbox sb_1 is not running\n  Code: SANDBOX_NOT_RUNNING\nError: sandbox sb_2 is not running\n  Code: SANDBOX_NOT_RUNNING\n", [
      { code: "SANDBOX_NOT_RUNNING" }, { code: "SANDBOX_NOT_RUNNING" },
    ]);
  });

  test("a Server error (500) block followed by a Code: block are two findings; the status stays with the first", async () => {
    await expectFound("Error: Server error (500): upstream failed\nError: sandbox is not running\n  Code: SANDBOX_NOT_RUNNING\n", [
      { code: null, http_status: 500 }, { code: "SANDBOX_NOT_RUNNING", http_status: null },
    ]);
  });

  test("a plain block and then a --debug run with another message are two findings", async () => {
    const text = [
      "Error: first failure", "  Code: SANDBOX_NOT_RUNNING",
      `[debug] POST /api/v1/sandboxes/sb_1/exec -> HTTP 409 request_id=${RID}`,
      '[debug] response_body={"error":{"code":"SANDBOX_NOT_RUNNING","message":"second failure"}}',
      "Error: second failure", "  Code: SANDBOX_NOT_RUNNING", `  Request ID: ${RID}`,
    ];
    await expectFound(text.join("\n") + "\n", [
      { code: "SANDBOX_NOT_RUNNING", request_id: null }, { code: "SANDBOX_NOT_RUNNING", http_status: 409, method: "POST", request_id: RID },
    ]);
  });

  test("two --debug runs in a row keep their own method, path and status", async () => {
    const run = (c: string, p: string) => [`[debug] POST ${p} -> HTTP 422`, `[debug] response_body={"error":{"code":"${c}","message":"invalid"}}`, "Error: invalid", `  Code: ${c}`];
    await expectFound([...run("VALIDATION_FAILED", "/api/v1/workspaces"), ...run("INVALID_BUILDSPEC", "/api/v1/sandbox-templates")].join("\n") + "\n", [
      { code: "VALIDATION_FAILED", http_status: 422, path: "/api/v1/workspaces" }, { code: "INVALID_BUILDSPEC", http_status: 422, path: "/api/v1/sandbox-templates" },
    ]);
  });
});

describe("TypeScript CLI --json output", () => {
  test("pretty-printed payload: the code, the snake_case request id and the raw field errors; details may hold the raw body", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(jsonOutput, 1, 3), eol, async (items, le) => void (await expectAllFound(items, le))), RUNS);
  });

  test("class codes USER, AUTH, SERVER are not reported as codes; the status comes from the message", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(jsonClassOutput, 1, 3), eol, async (items, le) => void (await expectAllFound(items, le))), RUNS);
  });
});
