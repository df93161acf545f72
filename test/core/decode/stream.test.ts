// The LineFeeder: bytes to lines however the chunks are cut, and each line to
// the Decoder, with the findings the same as a whole read gives.
import { readFileSync, readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { catalog, chunksOf, decodeChunks, FIXTURES, summary } from "./feed.js";
import { Decoder } from "../../../src/core/decode/decoder.js";
import type { Finding } from "../../../src/core/finding/finding.js";
import { lineVerdict, Verdict } from "../../../src/core/decode/markers.js";
import { LineFeeder, MAX_LINE_BYTES } from "../../../src/core/decode/stream.js";

describe("LineFeeder", () => {
  it("finds the same errors on the same lines however the input is cut into chunks", () => {
    const names = ["curl-v-http2.txt", "app.ndjson", "ticket.md", "ts-cli-text.txt", "curl-i-mixed.txt", "go-cli.txt"];
    const input = Buffer.concat(names.map((name) => readFileSync(new URL(name, FIXTURES))).flatMap((file) => [file, Buffer.from("\n")]));
    const whole = decodeChunks([input]);
    expect(whole.findings.length).toBeGreaterThanOrEqual(12);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: input.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let last = 0;
        for (const point of points) {
          chunks.push(input.subarray(last, point));
          last = point;
        }
        chunks.push(input.subarray(last));
        const split = decodeChunks(chunks);
        expect(summary(split.findings)).toEqual(summary(whole.findings));
        expect(split.lines).toBe(whole.lines);
      }),
      { numRuns: 60 },
    );
  });

  it("finds the same errors when the input comes a few bytes at a time (a pipe can deliver it so)", () => {
    const names = ["curl-v-http2.txt", "app.ndjson", "ticket.md", "ts-cli-text.txt", "curl-i-mixed.txt", "go-cli.txt"];
    const input = Buffer.concat(names.map((name) => readFileSync(new URL(name, FIXTURES))).flatMap((file) => [file, Buffer.from("\n")]));
    const whole = decodeChunks([input]);
    for (const size of [1, 2, 3, 5, 7, 64, 129, 300]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < input.length; at += size) chunks.push(input.subarray(at, at + size));
      const split = decodeChunks(chunks);
      expect([size, summary(split.findings)]).toEqual([size, summary(whole.findings)]);
      expect(split.lines).toBe(whole.lines);
    }
  });

  it("finds the same errors when every chunk comes in one reused buffer, overwritten after each push", () => {
    const names = ["curl-v-http2.txt", "app.ndjson", "ticket.md", "ts-cli-text.txt", "curl-i-mixed.txt", "go-cli.txt", "go-sdk.txt", "elixir.txt"];
    const input = Buffer.concat(names.map((name) => readFileSync(new URL(name, FIXTURES))).flatMap((file) => [file, Buffer.from("\n")]));
    const whole = decodeChunks([input]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4096 }), (size) => {
        const findings: Finding[] = [];
        const decoder = new Decoder(catalog, { finding: (finding) => findings.push(finding), warning: () => undefined });
        const feeder = new LineFeeder(decoder, { warning: () => undefined });
        const scratch = Buffer.alloc(size);
        for (let at = 0; at < input.length; at += size) {
          const n = input.copy(scratch, 0, at, at + size);
          feeder.push(scratch.subarray(0, n));
          scratch.fill(0x7b); // what a reused read buffer holds next: anything
        }
        feeder.end();
        expect(summary(findings)).toEqual(summary(whole.findings));
        expect(feeder.lines).toBe(whole.lines);
      }),
      { numRuns: 40 },
    );
  });

  it("passes over only lines the decoder would do nothing with: the same findings as decoding every line", () => {
    // Lines of every form, from the fixtures and a few more, in any order and mix.
    const fixtureLines = readdirSync(FIXTURES)
      .filter((name) => name.includes("."))
      .flatMap((name) => readFileSync(new URL(name, FIXTURES), "utf8").split("\n"));
    const extra = [
      "  miosa: sandbox limit reached",
      "miosa: command failed",
      '2026-11-28 10:00:01 miosa: {"error":{"code":"NOT_FOUND","message":"x"}} (status=404, request_id=req_1)',
      '{"message":"quota exceeded","code":"QUOTA"}',
      '{"status":409,"detail":"busy"}',
      "[503] SERVICE_UNAVAILABLE: try later",
      "** (Miosa.Error) [404] NOT_FOUND: gone",
      "HTTP/1.1 429 Too Many Requests",
      "body: {",
      '  "code": "SANDBOX_NOT_RUNNING",',
      "}",
      '{"ts":"x","level":"info","msg":"ok"}',
      "plain prose without anything",
    ];
    const pool = [...fixtureLines, ...extra];
    const direct = (lines: readonly string[]) => {
      const findings: Finding[] = [];
      const decoder = new Decoder(catalog, { finding: (finding) => findings.push(finding), warning: () => undefined });
      // The feeder hands over each line without its CR.
      for (const [index, line] of lines.entries()) decoder.line(line.endsWith("\r") ? line.slice(0, -1) : line, index + 1);
      decoder.end();
      return summary(findings);
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 60 }), (lines) => {
        expect(summary(decodeChunks([Buffer.from(lines.join("\n"))]).findings)).toEqual(direct(lines));
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['"code" opening a line', '"code": "SANDBOX_NOT_RUNNING", "message": "stopped"\n', 1],
    ['code" without its opening quote, in JSON', '{"kode": "sandbox not running"}\n', 0],
    ["a marker as the last bytes before a newline", "prose that ends in an eRROR\n", 1],
    ["Error in prose", "An Error happened\n", 1],
    ["no marker", "all went fine\n", 0],
    ["a code written as codes are", "we keep getting SANDBOX_LIMIT_REACHED\n", 1],
    ["a request id", "the request id was req_01KAT\n", 1],
  ])("decodes a line with a marker word only: %s", (_name, line, decoded) => {
    const seen: string[] = [];
    const decoder = { busy: false, line: (text: string) => void seen.push(text), end: () => undefined } as unknown as Decoder;
    const feeder = new LineFeeder(decoder, { warning: () => undefined });
    feeder.push(Buffer.from(`plain words\n${line}more plain words\n`));
    feeder.end();
    expect(seen).toHaveLength(decoded);
  });

  it("finds the same errors in a chunk of megabytes, and in a line that spans chunks", () => {
    const record = (i: number) => `{"ts":"${i}","level":"info","msg":"request completed","status":200}`;
    const envelope = (i: number) => `{"status":409,"response":{"error":{"code":"SANDBOX_NOT_RUNNING","message":"stopped","request_id":"req_${i}"}}}`;
    const lines: string[] = [];
    for (let i = 0; i < 40_000; i++) lines.push(i % 97 === 0 ? envelope(i) : record(i));
    // A 1.5 MB line with an error at its end, and lines after it.
    lines.splice(20_000, 0, `{"pad":"${"x".repeat(1536 * 1024)}","body":"{\\"error\\":{\\"code\\":\\"NOT_FOUND\\",\\"message\\":\\"gone\\"}}","status":404}`);
    const input = Buffer.from(`${lines.join("\n")}\n`);
    expect(input.length).toBeGreaterThan(3 * 1024 * 1024);
    const whole = decodeChunks([input]);
    expect(whole.findings.length).toBe(Math.ceil(40_000 / 97) + 1);
    expect(summary(whole.findings)).toEqual(summary(decodeChunks(chunksOf(input, 1 << 20)).findings));
    expect(whole.lines).toBe(40_001);
  });

  it("reads a line cut across chunks whole", () => {
    const tail = ',"status":409,"body":"{\\"error\\":{\\"code\\":\\"SANDBOX_NOT_RUNNING\\",\\"message\\":\\"stopped\\"}}"}';
    for (const length of [65_534, 65_535, 65_536, 65_537, 100_000]) {
      const head = '{"level":"info","pad":"';
      const line = `${head}${"x".repeat(length - head.length - tail.length - 1)}"${tail}`;
      expect(line.length).toBe(length);
      const input = Buffer.from(`{"ts":"1","level":"info"}\n${line}\n{"ts":"3","level":"info"}\n`);
      for (const size of [1000, 65_536]) {
        const chunks: Buffer[] = [];
        for (let at = 0; at < input.length; at += size) chunks.push(input.subarray(at, at + size));
        expect([length, size, summary(decodeChunks(chunks).findings)]).toEqual([length, size, ["2:log:SANDBOX_NOT_RUNNING:409:null"]]);
      }
      // Without a final newline too: the last line is finished by end().
      const last = decodeChunks([Buffer.from(`{"ts":"1"}\n${line.slice(0, 30_000)}`), Buffer.from(line.slice(30_000))]);
      expect([length, summary(last.findings), last.lines]).toEqual([length, ["2:log:SANDBOX_NOT_RUNNING:409:null"], 2]);
    }
  });

  it("counts lines and bytes, with or without a final newline, CRLF and a BOM", () => {
    expect(decodeChunks([Buffer.from("a\nb\nc")])).toMatchObject({ lines: 3, bytes: 5 });
    expect(decodeChunks([Buffer.from("a\r\nb\r\n")])).toMatchObject({ lines: 2 });
    const bom = decodeChunks([Buffer.from('\ufeff{"error":{"code":"NOT_FOUND","message":"x"}}\n')]);
    expect(summary(bom.findings)).toEqual(["1:envelope:NOT_FOUND:null:null"]);
  });

  it("skips a line longer than the limit with a warning, and goes on", () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const chunks: Buffer[] = [];
    for (let sent = 0; sent <= MAX_LINE_BYTES; sent += chunk.length) chunks.push(chunk);
    chunks.push(Buffer.from('\n{"error":{"code":"NOT_FOUND","message":"after"}}\n'));
    const result = decodeChunks(chunks);
    expect(result.warnings).toEqual(["line 1 is longer than the 64 MB line limit: skipped"]);
    expect(summary(result.findings)).toEqual(["2:envelope:NOT_FOUND:null:null"]);
  });

  it("decodes an envelope at the end of a very long log line (text scan, no whole-line parse)", () => {
    const line = `{"level":"error","pad":"${"x".repeat(5 * 1024 * 1024)}","status":409,"body":"{\\"error\\":{\\"code\\":\\"SANDBOX_NOT_RUNNING\\",\\"message\\":\\"stopped\\"}}"}\n`;
    const result = decodeChunks([Buffer.from(line)]);
    expect(summary(result.findings)).toEqual(["1:log:SANDBOX_NOT_RUNNING:409:null"]);
  });

  it.each([
    ["a JSON value left open", '{"log": {', Verdict.Document],
    ["a list of records left open", "[", Verdict.Document],
    ["a log line in brackets", "[2026-12-04 10:00:00] ERROR x", Verdict.Read],
    ["a debug line", "[debug] POST /api/v1/x -> HTTP 422", Verdict.Read],
    ["curl's data note", "{ [139 bytes data]", Verdict.Skip],
    ["a closed record", '{"a":1}', Verdict.Skip],
  ])("lineVerdict: %s", (_name, line, verdict) => {
    const bytes = Buffer.from(line);
    expect(lineVerdict(bytes, 0, bytes.length, true, false)).toBe(verdict);
  });

  it.each([
    ["a status line", "HTTP/2 409 ", true],
    ["a verbose status line", "< HTTP/1.1 502 Bad Gateway", true],
    ["an open JSON value", '  {"error": {', true],
    ["a one-line weak body", '{"message":"x"}', true],
    ["a closed log record", '{"ts":"x","level":"info"}', false],
    ["an Elixir print", "[404] NOT_FOUND: not found", true],
    ["a quote", "> hello", true],
    ["a curl command", "$ curl -si https://api.miosa.ai", true],
    ["prose", "Hello support", false],
    ["a line that ends by opening JSON", "ERROR response: {", true],
    ["a closed array", "[1,2]", false],
    ["a code named in prose", "we keep getting SANDBOX_LIMIT_REACHED", true],
    ["a request id in prose", "request id req_01KATNJ7E9", true],
  ])("lineVerdict, by its edges: %s", (_name, line, expected) => {
    const bytes = Buffer.from(line);
    expect(lineVerdict(bytes, 0, bytes.length, true, false) !== Verdict.Skip).toBe(expected);
  });
});
