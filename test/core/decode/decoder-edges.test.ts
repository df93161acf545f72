// The Decoder at its edges: hostile input, transcripts pasted loosely, HAR, the
// line limit.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeChunks, FIXTURES, summary } from "./feed.js";

describe("Decoder on hostile input", () => {
  const hostile: [string, Buffer][] = [
    ["100 000 nested brackets on one line", Buffer.from(`${"[".repeat(100_000)}${"]".repeat(100_000)}\n`)],
    ["100 000 nested objects with error keys", Buffer.from(`${'{"error":'.repeat(100_000)}1${"}".repeat(100_000)}\n`)],
    ["100 000 unclosed braces on their own lines", Buffer.from("{\n".repeat(100_000))],
    ["100 000 brackets that never close", Buffer.from(`${"{[".repeat(100_000)}\n`)],
    ["quotes and braces in prose", Buffer.from(`He said "{ and then } and "error": {\n`.repeat(1000))],
    ["random bytes", Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919 + 13) % 256))],
    ["a thousand Go prefixes", Buffer.from(`${"miosa: ".repeat(9000)}\n`)],
  ];
  it.each(hostile)("%s: no crash", (_name, input) => {
    const result = decodeChunks([input]);
    expect(Array.isArray(result.findings)).toBe(true);
  });

  it("reads files of every fixture without a warning", () => {
    for (const name of readdirSync(FIXTURES).filter((file) => file.includes("."))) {
      expect(decodeChunks([readFileSync(new URL(name, FIXTURES))]).warnings).toEqual([]);
    }
  });
});

describe("Decoder on transcripts pasted loosely", () => {
  it("does not take a status line in prose for a transcript", () => {
    const result = decodeChunks([Buffer.from("HTTP/1.1 409 is what we get every time\nPlease help us\n\nthanks\n")]);
    expect(result.findings).toEqual([]);
  });

  it("reads a status line followed straight by its body", () => {
    const result = decodeChunks([Buffer.from('HTTP/1.1 409 Conflict\n{"error":{"code":"SANDBOX_NOT_RUNNING","message":"stopped"}}\n')]);
    expect(summary(result.findings)).toEqual(["1:curl:SANDBOX_NOT_RUNNING:409:null"]);
  });

  it("finishes a body that was cut off when prose follows", () => {
    const result = decodeChunks([
      Buffer.from('HTTP/2 404\ncontent-type: application/json\n\n{"error":{"code":"NOT_FOUND","message":"gone"\nThat is all we saw.\n'),
    ]);
    expect(summary(result.findings)).toEqual(["1:curl:NOT_FOUND:404:null"]);
    expect(result.findings[0]!.warnings[0]).toContain("cut off");
  });
});

describe("HAR", () => {
  it("parses a compact one-line HAR larger than the whole-line parse size", () => {
    const filler = {
      request: { method: "GET", url: "https://api.miosa.ai/api/v1/sandboxes" },
      response: { status: 200, headers: [], content: { text: "x".repeat(6 * 1024 * 1024) } },
    };
    const error = {
      request: { method: "POST", url: "https://api.miosa.ai/api/v1/computers/c1/exec" },
      response: {
        status: 409,
        headers: [{ name: "X-Request-ID", value: "req_har" }],
        content: { mimeType: "application/json", text: '{"error":{"code":"COMPUTER_NOT_RUNNING","message":"stopped"}}' },
      },
    };
    const har = JSON.stringify({ log: { version: "1.2", entries: [filler, error] } });
    const result = decodeChunks([Buffer.from(`${har}\n`)]);
    expect(
      result.findings.map((finding) => [
        finding.source.form,
        finding.source.har_entry,
        finding.code,
        finding.http_status,
        finding.method,
        finding.request_id,
        finding.entry?.area,
      ]),
    ).toEqual([["har", 2, "COMPUTER_NOT_RUNNING", 409, "POST", "req_har", "computers"]]);
  });
});

describe("line limit", () => {
  it("decodes a line just under the 64 MB limit", () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x78);
    const chunks: Buffer[] = [Buffer.from('{"level":"error","pad":"')];
    for (let i = 0; i < 62; i++) chunks.push(chunk);
    chunks.push(Buffer.from('","status":409,"body":"{\\"error\\":{\\"code\\":\\"SANDBOX_NOT_RUNNING\\",\\"message\\":\\"stopped\\"}}"}\n'));
    const result = decodeChunks(chunks);
    expect(result.warnings).toEqual([]);
    expect(summary(result.findings)).toEqual(["1:log:SANDBOX_NOT_RUNNING:409:null"]);
  });
});
