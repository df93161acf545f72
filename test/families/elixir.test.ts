// Elixir SDK (miosa-elixir), docs/client-formats.md §3 and "What decode must recognise" 16, 17 and 18: the raise
// banner `** (Miosa.Error) [N] CODE: msg` (or `[N] msg`), the unraised `[N] CODE: msg` in a log, the
// `%Miosa.Error{...}` struct (one line or pretty-printed), and the Protocol.UndefinedError crash of capture 45.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  RUNS, codeStatus, decode, eol, errorsWithNoise, exInspect, expectAllFound, message, requestId, type Generated,
} from "./support.js";

/** Elixir's inspect of a map: `%{"k" => v}`, keys sorted. */
function exMap(value: unknown): string {
  if (value === null) return "nil";
  if (typeof value === "string") return exInspect(value);
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return `[${value.map(exMap).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `%{${entries.map(([k, v]) => `${exInspect(k)} => ${exMap(v)}`).join(", ")}}`;
}

const STACK = ["    raise_flat.exs:4: (file)", "    (elixir 1.14.0) lib/code.ex:1245: Code.require_file/2"];

const banner = fc
  .record({ cs: codeStatus, msg: message, withCode: fc.boolean() })
  .map(({ cs: [c, s], msg, withCode }): Generated => ({
    lines: [`** (Miosa.Error) [${s}] ${withCode ? `${c}: ` : ""}${msg}`, ...STACK],
    exp: { code: withCode ? c : null, http_status: s },
    key: JSON.stringify([s, msg]),
  }));

/** The unraised message in a Logger line (whose own `[error]` bracket is not a status). */
const logged = fc
  .record({ cs: codeStatus, msg: message })
  .map(({ cs: [c, s], msg }): Generated => ({
    lines: [`12:00:01.123 [error] sandbox call failed: [${s}] ${c}: ${msg}`],
    exp: { code: c, http_status: s },
    key: JSON.stringify([c, s, msg]),
  }));

/** The struct's fields: a nested body when there is a code; a flat `%{"error" => msg}` (code nil) otherwise. */
const structFields = (c: string | null, s: number, msg: string, rid: string | null) => {
  const body: Record<string, unknown> = c ? { error: { code: c, message: msg, ...(rid ? { request_id: rid } : {}) } } : { error: msg, ...(rid ? { request_id: rid } : {}) };
  return [`message: ${exInspect(msg)}`, `status: ${s}`, `code: ${c ? exInspect(c) : "nil"}`, `body: ${exMap(body)}`];
};

/** IO.inspect({:error, err}) on one line, or pretty-printed over several. */
const struct = fc
  .record({ cs: codeStatus, msg: message, withCode: fc.boolean(), rid: fc.option(requestId), pretty: fc.boolean(), tuple: fc.boolean() })
  .map(({ cs: [c, s], msg, withCode, rid, pretty, tuple }): Generated => {
    const fields = structFields(withCode ? c : null, s, msg, rid);
    let lines: string[];
    if (!pretty) lines = [`${tuple ? "{:error, " : ""}%Miosa.Error{${fields.join(", ")}}${tuple ? "}" : ""}`];
    else if (tuple) lines = ["{:error,", " %Miosa.Error{", ...fields.map((f, i) => `   ${f}${i < fields.length - 1 ? "," : ""}`), " }}"];
    else lines = ["%Miosa.Error{", ...fields.map((f, i) => `  ${f}${i < fields.length - 1 ? "," : ""}`), "}"];
    return { lines, exp: { code: withCode ? c : null, http_status: s, request_id: rid }, key: JSON.stringify([s, msg]) };
  });

/** The nested envelope makes message/1 crash; the status is in the struct, the code in `"code" => "..."`. */
const crash = fc
  .record({ cs: codeStatus, msg: message, rid: fc.option(requestId), fieldErrs: fc.boolean() })
  .map(({ cs: [c, s], msg, rid, fieldErrs }): Generated => {
    const error: Record<string, unknown> = { code: c, message: msg };
    if (rid) error.request_id = rid;
    const body: Record<string, unknown> = { error };
    if (fieldErrs) body.errors = { name: ["can't be blank"] };
    const inner = exMap(error);
    return {
      lines: [
        `** (Miosa.Error) got Protocol.UndefinedError with message ${exInspect(`protocol String.Chars not implemented for ${inner} of type Map`)} while retrieving Exception.message/1 for %Miosa.Error{message: ${inner}, status: ${s}, code: nil, body: ${exMap(body)}}. Stacktrace:`,
        "    (elixir 1.14.0) lib/string/chars.ex:3: String.Chars.impl_for!/1",
        "    (elixir 1.14.0) lib/string/chars.ex:22: String.Chars.to_string/1",
        "    error.ex:35: Miosa.Error.message/1",
        "    (elixir 1.14.0) lib/exception.ex:66: Exception.message/1",
        "",
        "    raise_nested.exs:4: (file)",
      ],
      exp: { code: c, http_status: s, request_id: rid, fields: fieldErrs ? ["name"] : [] },
      key: JSON.stringify([c, s, msg]),
    };
  });

const check = async (items: [Generated, string[]][], le: string) => void (await expectAllFound(items, le));

describe("Elixir SDK errors", () => {
  test("raise banner '** (Miosa.Error) [N] CODE: msg' and '[N] msg' give the status, and the code when printed", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(banner, 1, 4), eol, check), RUNS);
  });

  test("the unraised '[N] CODE: msg' inside a Logger line (after its [error] tag) gives code and status", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(logged, 1, 4), eol, check), RUNS);
  });

  test("%Miosa.Error{} struct, bare or in {:error, ...}, one line or pretty-printed: code, status and the body's request_id", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(struct, 1, 3), eol, check), RUNS);
  });

  test("a pretty-printed struct cut short ends at a blank line or a new record: the errors after it are read", async () => {
    const text = [
      "{:error,", " %Miosa.Error{", '   message: "sandbox not running",', "   status: 409, ...",
      '2026-01-01T00:00:00Z ERROR miosa: {"error":{"code":"NOT_FOUND","message":"gone"}} (status=404, request_id=req_2)',
      '2026-01-01T00:00:01Z ERROR miosa: {"error":{"code":"RATE_LIMITED","message":"slow"}} (status=429, request_id=req_3)',
    ];
    const { findings } = await decode(text.join("\n") + "\n");
    expect(findings.map((f) => [f.code, f.http_status])).toEqual([[null, 409], ["NOT_FOUND", 404], ["RATE_LIMITED", 429]]);
  });

  test("a pretty-printed struct whose body holds a list of field errors gives them", async () => {
    const text = [
      "{:error,", " %Miosa.Error{", '   message: "BuildSpec is invalid",', "   status: 422,", '   code: "INVALID_BUILDSPEC",', "   body: %{",
      '     "error" => %{"code" => "INVALID_BUILDSPEC", "message" => "BuildSpec is invalid"},', '     "errors" => [', '       %{"code" => "REQUIRED", "field" => "from", "message" => "is required"},',
      '       %{"code" => "INVALID_PORT", "field" => "previewPort", "message" => "must be between 1 and 65535"}', "     ]", "   }", " }}",
    ];
    await expectAllFound([[{ lines: text, exp: { code: "INVALID_BUILDSPEC", http_status: 422, fields: ["from", "previewPort"] } }, []]], "\n");
  });

  test("the struct's message is read as inspect wrote it: its escapes undone", async () => {
    const text = `{:error, %Miosa.Error{message: ${exInspect('template "web" already exists')}, status: 409, code: "TEMPLATE_NAME_TAKEN", body: nil}}\n`;
    const d = await decode(text);
    expect(d.findings.map((f) => [f.code, f.http_status, f.message])).toEqual([["TEMPLATE_NAME_TAKEN", 409, 'template "web" already exists']]);
  });

  test("a pretty-printed %Miosa.Error{ over several lines is one finding with its status and code", async () => {
    const text = ["{:error,", " %Miosa.Error{", '   message: "sandbox sb_1 is not running",', "   status: 409,", '   code: "SANDBOX_NOT_RUNNING",', '   body: %{"error" => %{"code" => "SANDBOX_NOT_RUNNING", "message" => "sandbox sb_1 is not running"}}', " }}"];
    await expectAllFound([[{ lines: text, exp: { code: "SANDBOX_NOT_RUNNING", http_status: 409 } }, []]], "\n");
  });

  test("Protocol.UndefinedError crash banner with other codes and statuses: code from the map, status from the struct, the body's field errors", async () => {
    await fc.assert(fc.asyncProperty(errorsWithNoise(crash, 1, 3), eol, check), RUNS);
  });
});
