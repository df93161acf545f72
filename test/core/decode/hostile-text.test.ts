// Envelopes in text that used to hide them from decode: a value opened at the
// end of a prose line, and prose with a stray bracket and quote before it.
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../../src/core/builtin.js";
import { Decoder } from "../../../src/core/decode/decoder.js";
import type { Finding } from "../../../src/core/finding/finding.js";
import { LineFeeder } from "../../../src/core/decode/stream.js";

function decode(text: string): Finding[] {
  const findings: Finding[] = [];
  const decoder = new Decoder(builtinCatalog(), { finding: (finding) => findings.push(finding), warning: () => undefined });
  const feeder = new LineFeeder(decoder, { warning: () => undefined });
  feeder.push(Buffer.from(text));
  feeder.end();
  return findings;
}

const PRETTY = '{\n  "error": {\n    "code": "SANDBOX_LIMIT_REACHED",\n    "message": "limit",\n    "request_id": "req_01JDZQ5YQ8N4W3V2B1C0XKMHTA"\n  }\n}\n';
const COMPACT = '{"error":{"code":"SANDBOX_LIMIT_REACHED","message":"limit","request_id":"req_01JDZQ5YQ8N4W3V2B1C0XKMHTA"}}';

describe("a pretty-printed envelope that starts at the end of a line", () => {
  it.each([
    ["a log prefix", `2026-01-01T10:00:00Z ERROR status=409 path=/api/v1/sandboxes body: ${PRETTY}`],
    ["a ticket sentence", `The API answered this: ${PRETTY}`],
    ["a NUL and a space", `\u0000 ${PRETTY}`],
    ["an empty object first", `{} ${PRETTY}`],
    ["the envelope opened on the line", `response: {"error": {\n  "code": "SANDBOX_LIMIT_REACHED",\n  "request_id": "req_01JDZQ5YQ8N4W3V2B1C0XKMHTA"\n}}\n`],
  ])("after %s: found with code and request id", (_name, text) => {
    expect(decode(text)).toContainEqual(expect.objectContaining({ code: "SANDBOX_LIMIT_REACHED", request_id: "req_01JDZQ5YQ8N4W3V2B1C0XKMHTA" }));
  });

  it("keeps the context of the line it started on", () => {
    const [finding] = decode(`2026-01-01T10:00:00Z ERROR status=409 path=/api/v1/sandboxes body: ${PRETTY}`);
    expect(finding).toMatchObject({ http_status: 409, path: "/api/v1/sandboxes" });
  });

  it("a prose line ending in a brace with no JSON after it costs nothing: the next lines are read as usual", () => {
    const findings = decode(`function f() {\n  return 1;\n}\n${COMPACT}\n`);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: "SANDBOX_LIMIT_REACHED", source: { line: 4 } });
  });
});

describe("JSON escaped inside a string on a line of its own", () => {
  it("opens no multi-line value: the lines after it are read as usual", () => {
    // A pretty-printed HAR's response text: its brackets balance, its quotes are escaped.
    const line = '            "text": "{\\"data\\":[{\\"id\\":\\"sb_7Hq2mK9x\\",\\"state\\":\\"running\\"}]}"';
    const direct: Finding[] = [];
    const decoder = new Decoder(builtinCatalog(), { finding: (finding) => direct.push(finding), warning: () => undefined });
    decoder.line(line, 1);
    expect(decoder.busy).toBe(false);
    decoder.line(COMPACT, 2);
    decoder.end();
    expect(direct).toEqual([expect.objectContaining({ code: "SANDBOX_LIMIT_REACHED", source: expect.objectContaining({ line: 2 }) })]);
  });
});

describe("prose with a stray bracket and an odd quote before an envelope", () => {
  it.each([
    ["an ANSI escape and a quote", `\u001b[2J" ${COMPACT}`],
    ["a ticket's tag and an open quote", `[customer] said "it fails: ${COMPACT}"`],
    ["a coloured log level", `\u001b[31mERROR\u001b[0m "request failed ${COMPACT}`],
  ])("%s: found", (_name, text) => {
    expect(decode(`${text}\n`)).toContainEqual(expect.objectContaining({ code: "SANDBOX_LIMIT_REACHED", request_id: "req_01JDZQ5YQ8N4W3V2B1C0XKMHTA" }));
  });
});

describe("text after a multi-line value closes, on its closing line", () => {
  it("is read too: an envelope there is found", () => {
    expect(decode(`[\n] ${COMPACT}\n`)).toContainEqual(
      expect.objectContaining({ code: "SANDBOX_LIMIT_REACHED", request_id: "req_01JDZQ5YQ8N4W3V2B1C0XKMHTA", source: expect.objectContaining({ line: 2 }) }),
    );
    const two = decode(`${PRETTY.trimEnd()} ${COMPACT.replace("SANDBOX_LIMIT_REACHED", "NOT_FOUND")}\n`);
    expect(two.map((finding) => finding.code)).toEqual(["SANDBOX_LIMIT_REACHED", "NOT_FOUND"]);
  });
});

describe("text after a curl -i body on its closing line", () => {
  it("is read too: the response is explained and the envelope after it found", () => {
    const transcript = `HTTP/1.1 409 Conflict\r\nContent-Type: application/json\r\n\r\n${COMPACT.replace("SANDBOX_LIMIT_REACHED", "SANDBOX_NOT_RUNNING")} ${COMPACT}\n`;
    const codes = decode(transcript).map((finding) => [finding.code, finding.http_status]);
    expect(codes).toEqual([
      ["SANDBOX_NOT_RUNNING", 409],
      ["SANDBOX_LIMIT_REACHED", null],
    ]);
  });
});

describe("quoted values in a hostile line", () => {
  it("a line of thousands of unclosed quotes and escapes is passed over at once (each quote is not scanned to the end again)", () => {
    const line = `Error x ${'"\\"'.repeat(20000)}`;
    expect(decode(`${line}\n`.repeat(20))).toEqual([]);
  });
});
