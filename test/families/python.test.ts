// Python SDK (miosa-python), docs/client-formats.md §4 and "What decode must recognise" 13, 14 and 15: the
// traceback's last line `miosa.errors.<Class>: <MSG>` (the class is the only clue to the status; no code, no
// request id), the repr `<Class>(message=..., status_code=N, code=..., request_id=...)`, and the application's
// own `<MSG> (code=C status=N request_id=R)` line.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  RUNS, decode, eol, errorsWithNoise, expectAllFound, expectFound, message, pyRepr, requestId, type Generated,
} from "./support.js";

/** Classes that give a status on their own (errors.py table). */
const CLASS_STATUS: [string, number][] = [
  ["NotFoundError", 404], ["AuthenticationError", 401], ["PermissionError", 403],
  ["InsufficientCreditsError", 402], ["RateLimitError", 429], ["ValidationError", 422],
];

const frames = fc.constantFrom(
  ['  File "/srv/app/app_get.py", line 10, in <module>', "    print(templates.get(sys.argv[2]))", "          ^^^^^^^^^^^^^^^^^^^^^^^^^^"],
  ['  File "/home/dev/worker/tasks.py", line 88, in run', "    sb = client.sandboxes.create(template=\"node\")"],
);

const traceback = fc
  .record({ cs: fc.constantFrom(...CLASS_STATUS), msg: message, fr: frames })
  .map(({ cs: [cls, s], msg, fr }): Generated => ({
    lines: [
      "Traceback (most recent call last):", ...fr,
      '  File "/srv/app/pysdk/miosa/_http.py", line 164, in request',
      "    raise_for_status(response.status_code, body, request_id)",
      '  File "/srv/app/pysdk/miosa/errors.py", line 186, in raise_for_status',
      "    raise error_cls(",
      `miosa.errors.${cls}: ${msg}`,
    ],
    exp: { code: null, http_status: s, request_id: null },
    key: JSON.stringify([cls, msg]),
  }));

/** The repr: class, status and code as raise_for_status picks them. */
const REPR_CASES: [string, number, string][] = [
  ["ValidationError", 422, "VALIDATION_FAILED"], ["ValidationError", 422, "INVALID_BUILDSPEC"], ["NotFoundError", 404, "TEMPLATE_NOT_FOUND"],
  ["NotFoundError", 404, "NOT_FOUND"], ["MiosaError", 409, "SANDBOX_NOT_RUNNING"], ["MiosaError", 409, "SANDBOX_LIMIT_REACHED"],
  ["InsufficientCreditsError", 402, "INSUFFICIENT_CREDITS"], ["RateLimitError", 429, "rate_limit_exceeded"], ["ServerError", 502, "AGENT_UNAVAILABLE"],
];

const reprLine = fc
  .record({ e: fc.constantFrom(...REPR_CASES), msg: message, withCode: fc.boolean(), rid: fc.option(requestId), prefix: fc.constantFrom("2026-12-04 02:05:21,314 ERROR worker.templates: template create failed: ", "WARNING:root:call failed: ", "") })
  .map(({ e: [cls, s, c], msg, withCode, rid, prefix }): Generated => ({
    lines: [`${prefix}${cls}(message=${pyRepr(msg)}, status_code=${s}${withCode ? `, code=${pyRepr(c)}` : ""}${rid ? `, request_id=${pyRepr(rid)}` : ""})`],
    exp: { code: withCode ? c : null, http_status: s, request_id: rid },
    key: JSON.stringify([s, msg]),
  }));

const appLine = fc
  .record({ e: fc.constantFrom(...REPR_CASES), msg: message, rid: requestId })
  .map(({ e: [, s, c], msg, rid }): Generated => ({
    lines: [`2026-12-04 02:05:21,314 ERROR worker.templates: template create failed: ${msg} (code=${c} status=${s} request_id=${rid})`],
    exp: { code: c, http_status: s, request_id: rid },
    key: JSON.stringify([c, s, msg]),
  }));

describe("Python SDK traceback", () => {
  test("miosa.errors.<Class>: the class gives the status; no code and no request id", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(traceback, 1, 4), eol, async (items, le) => void (await expectAllFound(items, le))), RUNS);
  });

  test("with no code in the text, the entry is the one the message and the class's status name (the server's own messages)", async () => {
    // [class, the server's message for that answer, the entry it came from]
    const cases: [string, string, string, string][] = [
      ["NotFoundError", "sandbox template not found", "TEMPLATE_NOT_FOUND", "templates"],
      ["NotFoundError", "computer not found", "COMPUTER_NOT_FOUND", "computers"],
      ["ValidationError", "sandbox template is invalid", "VALIDATION_FAILED", "common"],
      ["ValidationError", "workspace is invalid", "VALIDATION_FAILED", "workspaces"],
      ["ValidationError", "BuildSpec is invalid", "INVALID_BUILDSPEC", "templates"],
      ["PermissionError", "Access denied", "FORBIDDEN", "common"],
      ["ValidationError", "Deployment fields failed validation", "VALIDATION_ERROR", "deployments"],
      // A sandbox template is a template: its words name no sandbox (sandboxes' INVALID_PORT would rank first).
      ["ValidationError", "sandbox template build spec has no steps", "INVALID_BUILDSPEC", "templates"],
    ];
    for (const [cls, msg, code, area] of cases) {
      for (const text of [
        ["Traceback (most recent call last):", '  File "/app/main.py", line 12, in <module>', `miosa.errors.${cls}: ${msg}`],
        [`ERROR:app:call failed: ${cls}(message=${pyRepr(msg)}, status_code=${CLASS_STATUS.find(([c]) => c === cls)![1]}, request_id='req_fake_0001')`],
      ]) {
        const { findings } = await decode(text.join("\n") + "\n");
        expect(findings.map((f) => [f.code, f.entry?.code, f.entry?.area])).toEqual([[null, code, area]]);
      }
    }
  });

  test("logger.exception's line heads its traceback: its method, path and request id are the error's", async () => {
    const text = [
      "2026-12-04 10:00:00,123 ERROR worker.templates: GET /api/v1/sandbox-templates/tpl_9 failed request_id=req_fake_0009",
      "Traceback (most recent call last):", '  File "/app/worker.py", line 40, in fetch', "miosa.errors.NotFoundError: sandbox template not found",
    ];
    await expectFound(text.join("\n") + "\n", [{ http_status: 404, request_id: "req_fake_0009", method: "GET", path: "/api/v1/sandbox-templates/tpl_9" }]);
  });

  test("a code-less 409 repr is the entry its message describes, the reference's before the SDKs' (computer ... is stopped)", async () => {
    const { findings } = await decode("ERROR:app:MiosaError(message='computer cmp_51Ax is stopped', status_code=409, request_id='req_1')\n");
    expect(findings.map((f) => [f.http_status, f.entry?.code, f.entry?.area])).toEqual([[409, "COMPUTER_NOT_RUNNING", "computers"]]);
  });

  test("a chained traceback (httpx error, 'direct cause', miosa.errors.ConnectionError) is one finding without a status", async () => {
    const text = [
      "Traceback (most recent call last):",
      '  File "/usr/lib/python3.11/site-packages/httpx/_transports/default.py", line 69, in map_httpcore_exceptions',
      "    yield",
      "httpx.ConnectError: [Errno 111] Connection refused",
      "",
      "The above exception was the direct cause of the following exception:",
      "",
      "Traceback (most recent call last):",
      '  File "/srv/app/app.py", line 5, in <module>',
      "    client.sandboxes.list()",
      '  File "/srv/app/pysdk/miosa/_http.py", line 150, in request',
      '    raise ConnectionError(f"Connection failed: {method} {path}") from exc',
      "miosa.errors.ConnectionError: Connection failed: GET /sandboxes",
      "",
    ].join("\n");
    const d = await decode(text);
    expect(d.findings.map((f) => f.http_status)).toEqual([null]);
  });
});

describe("Python SDK classes carry no code of their own", () => {
  // The Python SDK keeps the body's code (errors.py); only the TS SDK rewrites 429/402 codes.
  test("a RateLimitError or InsufficientCreditsError traceback reports no code", async () => {
    for (const [cls, s] of [["RateLimitError", 429], ["InsufficientCreditsError", 402]] as const) {
      await expectAllFound([[{ lines: ["Traceback (most recent call last):", '  File "/srv/app/app.py", line 3, in <module>', "    client.sandboxes.create()", `miosa.errors.${cls}: slow down`], exp: { code: null, http_status: s } }, []]], "\n");
    }
  });

  test("a traceback in a JSON logger's exc_info field: the class gives the status, as in text", async () => {
    await fc.assert(
      fc.asyncProperty(errorsWithNoise(traceback, 1, 3), async (items) => {
        const lines = items.map(([g]) => JSON.stringify({ asctime: "2026-12-07 05:22:26,866", levelname: "ERROR", name: "api", message: "call failed", exc_info: g.lines.join("\n") }));
        await expectFound(`${lines.join("\n")}\n`, items.map(([g]) => g.exp));
      }),
      RUNS,
    );
  });

  test("ServerError with the SDK's own message (the body gave none): the status is in its words", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(500, 502, 503, 504), fc.constantFrom("ServerError", "MiosaError"), async (s, cls) => {
        await expectFound(`Traceback (most recent call last):\n  File "/srv/app/app.py", line 3, in <module>\n    raise error_cls(\nmiosa.errors.${cls}: API request failed with status ${s}\n`, [{ http_status: s }]);
      }),
      { numRuns: 10 },
    );
  });

  test("the SDK's source shown around a frame (pytest, a debugger: `code=code,`) names no code and no request id", async () => {
    const text = ["    raise error_cls(", "        message,", "        status_code=status_code,", "        code=code,", "        request_id=request_id,", "    )", "E   miosa.errors.NotFoundError: sandbox template not found", ""].join("\n");
    const d = await decode(text);
    expect(d.findings.map((f) => [f.code, f.http_status, f.request_id])).toEqual([[null, 404, null]]);
  });

  test("a repr without code= reports no code, whatever the class", async () => {
    await expectAllFound([[{ lines: ["RateLimitError(message='too many requests', status_code=429, request_id='req_01KATNJ7E9SS6YS3C4DWA7N360')"], exp: { code: null, http_status: 429, request_id: "req_01KATNJ7E9SS6YS3C4DWA7N360" } }, []]], "\n");
  });
});

describe("Python SDK repr and the application's line", () => {
  test("repr: status_code, code and request_id as printed, message in single or double quotes", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(reprLine, 1, 4), eol, async (items, le) => void (await expectAllFound(items, le))), RUNS);
  });

  test("a double-quoted repr message (it holds an apostrophe) keeps code, status and request id", async () => {
    const rid = "req_01KATNJ7E9SS6YS3C4DWA7N360";
    await expectAllFound([[{ lines: [`ValidationError(message="name can't be blank", status_code=422, code='VALIDATION_FAILED', request_id='${rid}')`], exp: { code: "VALIDATION_FAILED", http_status: 422, request_id: rid } }, []]], "\n");
  });

  test("a logged list or dict of errors holds a repr each: each is its own finding, in order", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(reprLine, { minLength: 2, maxLength: 4, selector: (g) => g.key }), fc.boolean(), async (items, asDict) => {
        const reprs = items.map((g) => g.lines[0]!.replace(/^.*?(?=[A-Za-z]+Error\()/, ""));
        const logged = asDict ? `{${reprs.map((r, i) => `'tpl_${i}': ${r}`).join(", ")}}` : `[${reprs.join(", ")}]`;
        await expectFound(`2026-12-07 05:22:26,542 ERROR sync: finished with errors: ${logged}\n`, items.map((g) => g.exp));
      }),
      RUNS,
    );
  });

  test("a line of more reprs than are read says so in a warning, naming how many it held", async () => {
    const reprs = Array.from({ length: 101 }, (_, i) => `NotFoundError(message='gone ${i}', status_code=404, code='TEMPLATE_NOT_FOUND')`);
    const d = await decode(`errors: [${reprs.join(", ")}]\n`);
    expect(d.findings).toHaveLength(100);
    expect(d.findings.at(-1)!.warnings).toContain("line 1 holds 101 SDK errors: the first 100 were read");
  });

  test("the repr's message is read as Python wrote it: its escapes undone", async () => {
    const d = await decode(`MiosaError(message='template "web" can\\'t be reused\\nagain', status_code=409, code='TEMPLATE_NAME_TAKEN')\n`);
    expect(d.findings.map((f) => f.message)).toEqual(['template "web" can\'t be reused\nagain']);
  });

  test("a logging time with comma decimals (10:00:00,123) is the finding's time, to the millisecond", async () => {
    const d = await decode("2026-12-04 02:05:21,314 ERROR worker.templates: template create failed: gone (code=TEMPLATE_NOT_FOUND status=404 request_id=req_01KATNJ7E9SS6YS3C4DWA7N360)\n");
    expect((JSON.parse(d.stdout).findings as { time: string }[]).map((f) => f.time)).toEqual(["2026-12-04T02:05:21.314Z"]);
  });

  test("'<MSG> (code=C status=N request_id=R)' is one finding with all three", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(appLine, 1, 4), eol, async (items, le) => void (await expectAllFound(items, le))), RUNS);
  });
});
