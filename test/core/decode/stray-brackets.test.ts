// A bare `{` and `}` (or `[` and `]`) between two client prints is an empty
// JSON value, a print of its own: it must neither join the two errors into
// one nor swallow either, whether the feeder streams it or every line is
// handed to the decoder. (The property in stream.test.ts found the Elixir case.)
import { describe, expect, it } from "vitest";
import { Decoder } from "../../../src/core/decode/decoder.js";
import type { Finding } from "../../../src/core/finding/finding.js";
import { catalog, decodeChunks } from "./feed.js";

const ELIXIR = "** (Miosa.Error) [409] SANDBOX_NOT_RUNNING: ...";
const TS_CLI = ["Error: Sandbox is not running", "  Code: SANDBOX_NOT_RUNNING"];
const GO_SDK = 'miosa: {"error":{"code":"SANDBOX_NOT_RUNNING","message":"stopped"}} (status=409, request_id=req_1)';
const GO_CLI = ['miosa: API error status=409 body={"error":{"code":"SANDBOX_NOT_RUNNING","message":"stopped"}}', "miosa: command failed"];
const PY_REPR = "MiosaError(message='Sandbox is not running', status_code=409, code='SANDBOX_NOT_RUNNING')";

const facts = (findings: Finding[]) =>
  findings.map((finding) => `${finding.source.line}:${finding.code}:${finding.http_status}:${finding.request_id}:${finding.message}`);

/** Every line handed to the decoder, as the property's `direct` does. */
function everyLine(lines: readonly string[]): string[] {
  const findings: Finding[] = [];
  const decoder = new Decoder(catalog, { finding: (finding) => findings.push(finding), warning: () => undefined });
  for (const [index, line] of lines.entries()) decoder.line(line, index + 1);
  decoder.end();
  return facts(findings);
}

const TS_AT = (line: number) => `${line}:SANDBOX_NOT_RUNNING:null:null:Sandbox is not running`;

const cases: [string, string[], string[]][] = [
  ["Elixir raise, { }, TS CLI block", [ELIXIR, "{", "}", ...TS_CLI], ["1:SANDBOX_NOT_RUNNING:409:null:...", TS_AT(4)]],
  ["Elixir raise, [ ], TS CLI block", [ELIXIR, "[", "]", ...TS_CLI], ["1:SANDBOX_NOT_RUNNING:409:null:...", TS_AT(4)]],
  ["Elixir raise, indented { }, TS CLI block", [ELIXIR, "  {", "  }", ...TS_CLI], ["1:SANDBOX_NOT_RUNNING:409:null:...", TS_AT(4)]],
  ["Elixir raise, {} on one line, TS CLI block", [ELIXIR, "{}", ...TS_CLI], ["1:SANDBOX_NOT_RUNNING:409:null:...", TS_AT(3)]],
  ["Elixir raise, blank lines around { }, TS CLI block", [ELIXIR, "", "{", "}", "", ...TS_CLI], ["1:SANDBOX_NOT_RUNNING:409:null:...", TS_AT(6)]],
  ["TS CLI block, { }, Elixir raise", [...TS_CLI, "{", "}", ELIXIR], [TS_AT(1), "5:SANDBOX_NOT_RUNNING:409:null:..."]],
  ["Go SDK line, { }, TS CLI block", [GO_SDK, "{", "}", ...TS_CLI], ["1:SANDBOX_NOT_RUNNING:409:req_1:stopped", TS_AT(4)]],
  ["Go CLI print, [ ], TS CLI block", [...GO_CLI, "[", "]", ...TS_CLI], ["1:SANDBOX_NOT_RUNNING:409:null:stopped", TS_AT(5)]],
  ["Python repr, { }, TS CLI block", [PY_REPR, "{", "}", ...TS_CLI], ["1:SANDBOX_NOT_RUNNING:409:null:Sandbox is not running", TS_AT(4)]],
  // Not stray: a body over lines inside one print (Go CLI `api`) is still one error.
  [
    "Go CLI api: its body over lines between its two lines",
    ["miosa: API returned 409", "{", '  "error": {"code": "SANDBOX_NOT_RUNNING", "message": "stopped"}', "}", "miosa: API error 409"],
    ["1:SANDBOX_NOT_RUNNING:409:null:stopped"],
  ],
];

describe("stray brackets between two client prints", () => {
  it.each(cases)("%s", (_name, lines, expected) => {
    expect(everyLine(lines)).toEqual(expected);
    expect(facts(decodeChunks([Buffer.from(lines.join("\n"))]).findings)).toEqual(expected);
    expect(facts(decodeChunks([Buffer.from(`${lines.join("\r\n")}\r\n`)]).findings)).toEqual(expected);
  });
});
