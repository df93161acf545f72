// TypeScript SDK errors as Node prints them, docs/client-formats.md §5 and "What decode must recognise" 11 and 12:
// the uncaught print and console.error (stack, then `{ status, code, details, requestId }`), the one-line
// property form, and pino's `err` object in NDJSON.
import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  RUNS, apiPath, decode, eol, errorsWithNoise, expectAllFound, message, method, nodeInspect, requestId, type Generated,
} from "./support.js";

/** Class, status and code as `MiosaError.fromResponse` makes them (429 is always RATE_LIMITED, 402 INSUFFICIENT_CREDITS). */
const sdkError = fc.constantFrom(
  ["NotFoundError", 404, "TEMPLATE_NOT_FOUND"], ["NotFoundError", 404, "COMPUTER_NOT_FOUND"], ["NotFoundError", 404, "NOT_FOUND"],
  ["AuthError", 401, "UNAUTHORIZED"], ["AuthError", 403, "FORBIDDEN"],
  ["RateLimitError", 429, "RATE_LIMITED"], ["InsufficientCreditsError", 402, "INSUFFICIENT_CREDITS"],
  ["ValidationError", 409, "SANDBOX_NOT_RUNNING"], ["ValidationError", 409, "TEMPLATE_IN_USE"], ["ValidationError", 422, "VALIDATION_FAILED"],
  ["MiosaError", 502, "AGENT_UNAVAILABLE"], ["MiosaError", 500, "INTERNAL_ERROR"],
) as fc.Arbitrary<[string, number, string]>;

const stack = (cls: string, msg: string, file: string) => [
  `${cls}: ${msg}`,
  `    at _MiosaError.fromResponse (file://${file}:29:14)`,
  `    at HttpClient.request (file://${file}:274:36)`,
  "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
];

const details = fc.constantFrom(
  ["  details: undefined,"],
  ["  details: { sandboxes: 2, builds: 0 },"],
  ["  details: {", "    fields: [ 'name', 'description' ],", "    reason: 'changeset invalid'", "  },"],
);

/** console.error(err) / util.inspect(err): the stack, the last line ending ` {`, the own properties, `}`. */
const inspected = fc
  .record({ e: sdkError, msg: message, rid: fc.option(requestId), det: details, file: fc.constantFrom("/srv/app/dist/app.mjs", "/home/dev/worker/index.js") })
  .map(({ e: [cls, s, c], msg, rid, det, file }): Generated => ({
    lines: [
      ...stack(cls, msg, file), `    at async file://${file}:342:3 {`,
      `  status: ${s},`, `  code: ${nodeInspect(c)},`, ...det, `  requestId: ${rid ? nodeInspect(rid) : "undefined"}${cls === "RateLimitError" ? "," : ""}`,
      ...(cls === "RateLimitError" ? ["  retryAfter: undefined"] : []), "}",
    ],
    exp: { code: c, http_status: s, request_id: rid },
    key: JSON.stringify([c, s, msg]),
  }));

/**
 * As a service logs it: `console.error(\`${method} ${path} failed:\`, err)` puts the caller's words before the
 * heading, and the SDK's bundle names its base class `_MiosaError` (the heading of a 5xx or an unclassified code).
 */
const logged = fc
  .record({ e: sdkError, msg: message, rid: requestId, m: method, p: apiPath })
  .map(({ e: [cls, s, c], msg, rid, m, p }): Generated => {
    const name = cls === "MiosaError" ? "_MiosaError" : cls;
    return {
      lines: [
        `${m} ${p} failed: ${name}: ${msg}`, ...stack(name, msg, "/srv/app/dist/app.mjs").slice(1), "    at async file:///srv/app/dist/app.mjs:9:5 {",
        `  status: ${s},`, `  code: ${nodeInspect(c)},`, "  details: undefined,", `  requestId: ${nodeInspect(rid)}`, "}",
      ],
      exp: { code: c, http_status: s, request_id: rid, method: m, path: p },
      key: JSON.stringify([c, s, msg]),
    };
  });

/** A heading line, then the properties on one line. */
const oneLine = fc
  .record({ e: sdkError, msg: message, rid: requestId })
  .map(({ e: [cls, s, c], msg, rid }): Generated => ({
    lines: [`${cls}: ${msg}`, `{ status: ${s}, code: ${nodeInspect(c)}, details: undefined, requestId: ${nodeInspect(rid)} }`],
    exp: { code: c, http_status: s, request_id: rid },
    key: JSON.stringify([c, s, msg]),
  }));

/** pino's err serializer, with the method and path the application logged beside it. */
const pinoLine = fc
  .record({ e: sdkError, msg: message, rid: fc.option(requestId), m: method, p: apiPath, t: fc.integer({ min: 1796350200000, max: 1796359999999 }) })
  .map(({ e: [cls, s, c], msg, rid, m, p, t }) => {
    const err: Record<string, unknown> = { type: cls, message: msg, stack: stack(cls, msg, "/srv/app/dist/app-pino.mjs").join("\n"), status: s, code: c };
    if (rid) err.requestId = rid;
    err.name = cls;
    const line = JSON.stringify({ level: 50, time: t, service: "builder-worker", err, method: m, path: p, msg: "miosa request failed" });
    return { lines: [line], exp: { code: c, http_status: s, request_id: rid, method: m }, key: JSON.stringify([c, s, msg, rid]), path: p };
  });

describe("TypeScript SDK errors printed by Node", () => {
  test("uncaught: the file:// header, stack, properties block and Node.js footer are one finding", async () => {
    await fc.assert(
      fc.asyncProperty(inspected, eol, async (e, le) => {
        const text = ["file:///srv/app/dist/app.mjs:29", "      return new NotFoundError(message, code, details, requestId);", "             ^", "", ...e.lines, "", "Node.js v20.20.2"];
        await expectAllFound([[{ ...e, lines: text }, []]], le);
      }),
      RUNS,
    );
  });

  test("console.error of several SDK errors: each is found once with its status, code and requestId", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(inspected, 1, 4), eol, async (items, le) => void (await expectAllFound(items, le))), RUNS);
  });

  test("logged after the caller's words (method and path), the base class as the bundle names it (_MiosaError): each found once", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(logged, 1, 4), eol, async (items, le) => void (await expectAllFound(items, le))), RUNS);
  });

  test("a ValidationError's details printed on one line as a field map give its field errors", async () => {
    const text = [
      "ValidationError: deployment is invalid", "    at _MiosaError.fromResponse (file:///srv/app/dist/miosa-sdk.mjs:39:14)", "    at async file:///srv/app/dist/app.mjs:3:1 {",
      "  status: 422,", "  code: 'VALIDATION_ERROR',", `  details: { name: [ "can't be blank" ], 'port-number': [ 'must be greater than 0' ] },`, "  requestId: 'req_fake_0001'", "}",
    ];
    await expectAllFound([[{ lines: text, exp: { code: "VALIDATION_ERROR", http_status: 422, fields: ["name", "port-number"] } }, []]], "\n");
  });

  test("details too wide for one line, as Node's own util.inspect breaks them (a field a line, long lists a message a line), give every field error", async () => {
    const field = fc.constantFrom("name", "build_spec", "preview_port", "build_spec.steps", "description", "'port-number'");
    const fieldMessage = fc.constantFrom(
      "can't be blank", "must be a list of build steps", "is required for every template build", 'has "quotes" and {braces}', "must be between 1 and 65535",
      `can't be "default" [reserved]`, // both quotes: Node writes it in backticks
    );
    // A list's items may carry their own code (the buildspec validator's), a catalog code among them: the field's, not the error's.
    const itemCode = fc.constantFrom(undefined, "REQUIRED", "INVALID_PORT");
    const fieldErrors = fc.uniqueArray(fc.tuple(field, fc.array(fieldMessage, { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 4, selector: ([f]) => f });
    let brokenOverLines = 0;
    await fc.assert(
      fc.asyncProperty(fieldErrors, fc.boolean(), itemCode, requestId, async (errors, asList, code, rid) => {
        // The SDK's ValidationError with fromResponse's properties, printed by Node itself (console.error does the same).
        const ValidationError = class extends Error {};
        ValidationError.prototype.name = "ValidationError";
        const names = errors.map(([f]) => f.replaceAll("'", ""));
        const details = asList
          ? errors.flatMap(([, messages], i) => messages.map((m) => ({ ...(code ? { code } : {}), field: names[i], message: m })))
          : Object.fromEntries(errors.map(([, messages], i) => [names[i], messages]));
        const error = Object.assign(new ValidationError("sandbox template is invalid"), { status: 422, code: "VALIDATION_FAILED", details, requestId: rid });
        const printed = inspect(error);
        const found = await expectAllFound([[{ lines: printed.split("\n"), exp: { code: "VALIDATION_FAILED", http_status: 422, request_id: rid } }, []]], "\n");
        expect(new Set(found[0]!.field_errors.map((e) => e.field))).toEqual(new Set(names));
        if (/^ {2}details: [{[]$/m.test(printed)) brokenOverLines++;
      }),
      { numRuns: 40 },
    );
    // What this is about: details over several lines (one that fits on a line is pinned above).
    expect(brokenOverLines).toBeGreaterThan(10);
  });

  test("details that are no field errors (a dependents list, a reason map, an id) give none, printed on one line or several, as in a body", async () => {
    const ValidationError = class extends Error {};
    ValidationError.prototype.name = "ValidationError";
    const cases: [number, string, unknown][] = [
      [409, "SNAPSHOT_IN_USE", { dependents: ["sbx_01KATNJ7E9SS6YS3C4DWA7N360", "sbx_01KATNJ7E9SS6YS3C4DWA7N361"] }],
      [409, "ENVIRONMENT_MEMORY_WITHHELD", { reasons: ["pending_scrub", "retention_policy_active_for_this_workspace"], retryable: false }],
      [404, "COMPUTER_NOT_FOUND", { id: "cmp_missing" }],
    ];
    for (const [status, code, details] of cases) {
      const printed = inspect(Object.assign(new ValidationError("it failed"), { status, code, details, requestId: "req_fake_0001" }));
      const found = await expectAllFound([[{ lines: printed.split("\n"), exp: { code, http_status: status, request_id: "req_fake_0001" } }, []]], "\n");
      expect(found[0]!.field_errors).toEqual([]);
    }
  });

  test("a details block cut short (or miscounted) ends at its first line not shaped as its own: what follows is read", async () => {
    const head = ["ValidationError: validation failed", "    at async file:///srv/app/dist/app.mjs:3:1 {", "  status: 422,", "  code: 'VALIDATION_FAILED',", "  details: {", `    name: [ "can't be blank" ],`];
    const { findings } = await decode([...head, "[output truncated]", "", "HTTP/1.1 404 Not Found", "", '{"error":{"code":"NOT_FOUND","message":"gone"}}', ""].join("\n"));
    expect(findings.map((f) => [f.code, f.http_status])).toEqual([["VALIDATION_FAILED", 422], ["NOT_FOUND", 404]]);
  });

  test("details below Node's depth ([Array], [Object]) keep the field errors the print shows", async () => {
    const text = [
      "ValidationError: sandbox template is invalid", "    at async file:///srv/app/dist/app.mjs:3:1 {", "  status: 422,", "  code: 'VALIDATION_FAILED',",
      `  details: { name: [ "can't be blank" ], build_spec: { steps: [Array] }, owner: [Object] },`, "  requestId: 'req_fake_0001'", "}",
    ];
    const found = await expectAllFound([[{ lines: text, exp: { code: "VALIDATION_FAILED", http_status: 422, request_id: "req_fake_0001", fields: ["name"] } }, []]], "\n");
    expect(found[0]!.field_errors[0]!.message).toBe("can't be blank");
  });

  test("after words that name MIOSA (`miosa call failed: ${err}`), each is an error, and the class still implies its status and code", async () => {
    const lines = ["NotFoundError: sandbox template not found", "RateLimitError: Too many requests", "ValidationError: sandbox template is invalid", "_MiosaError: internal server error"];
    const d = await decode(lines.map((line) => `miosa call failed: ${line}\n`).join(""));
    // A ValidationError (any 4xx) and the base class imply no status: each is still an error, with its message.
    expect(d.findings.map((f) => [f.code, f.http_status, f.message])).toEqual([
      [null, 404, "sandbox template not found"],
      ["RATE_LIMITED", 429, "Too many requests"],
      [null, null, "sandbox template is invalid"],
      [null, null, "internal server error"],
    ]);
  });

  test("an indented heading (a nested error, Jest) and a heading after a log time with comma decimals still give the class's status", async () => {
    for (const line of ["    NotFoundError: sandbox not found", "2026-01-01 10:00:00,123 NotFoundError: sandbox not found"]) {
      const d = await decode(`${line}\n`);
      expect(d.findings.map((f) => f.http_status)).toEqual([404]);
    }
  });

  test("an error class named after other words on a line, with no SDK block after it, is no MIOSA error: its name implies nothing there", async () => {
    for (const line of [
      "ERROR:root:PermissionError: [Errno 13] Permission denied",
      "worker failed: AuthenticationError: invalid password",
      "[Nest] 1  - [ExceptionsHandler] NotFoundError: Entity Order not found",
      "  cause: RateLimitError: slow down",
    ]) {
      const d = await decode(`${line}\n`);
      expect(d.findings).toEqual([]);
    }
  });

  test("the one-line { status, code, details, requestId } form after a heading line", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(oneLine, 1, 4), eol, async (items, le) => void (await expectAllFound(items, le))), RUNS);
  });
});

describe("client-side TS SDK errors", () => {
  test("TimeoutError (408, TIMEOUT) and NetworkError (0, NETWORK_ERROR) keep their code; status 0 is not an HTTP status", async () => {
    for (const [cls, s, c, msg] of [["TimeoutError", 408, "TIMEOUT", "Request to /sandboxes timed out after 30000ms"], ["NetworkError", 0, "NETWORK_ERROR", "Network error reaching /sandboxes: fetch failed"]] as const) {
      const text = [...stack(cls, msg, "/srv/app/dist/app.mjs"), "    at async file:///srv/app/dist/app.mjs:342:3 {", `  status: ${s},`, `  code: '${c}',`, "  details: undefined,", "  requestId: undefined", "}", ""].join("\n");
      const d = await decode(text);
      expect(d.findings.map((f) => f.code)).toEqual([c]);
      expect(d.findings[0]!.http_status).not.toBe(0);
    }
  });
});

describe("pino NDJSON err objects", () => {
  test("each err object is one finding with code, status, requestId and the method and path logged beside it", async () => {
    const info = JSON.stringify({ level: 30, time: 1796350200336, service: "builder-worker", method: "GET", path: "/sandbox-templates", msg: "ok" });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(pinoLine, fc.boolean()), { minLength: 1, maxLength: 5, selector: ([l]) => l.key }),
        eol,
        async (items, le) => {
          const fs = await expectAllFound(items.map(([l, withInfo]) => [{ lines: withInfo ? [info, ...l.lines] : l.lines, exp: l.exp }, []]), le);
          expect(fs.map((f) => f.path)).toEqual(items.map(([l]) => expect.stringContaining(l.path)));
        },
      ),
      RUNS,
    );
  });
});
