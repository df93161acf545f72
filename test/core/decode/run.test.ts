// decodeText and decodeStream: the library's decoder, on text, bytes, a Node
// stream and a web ReadableStream alike, with the same findings as `decode`.
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, test } from "vitest";
import { decodeStream, decodeText } from "../../../src/core/decode/run.js";
import type { Finding } from "../../../src/core/finding/finding.js";
import { DecodeSummary } from "../../../src/core/decode/summary.js";

const NDJSON = readFileSync(new URL("../../fixtures/page/11-ndjson-app-http-double-encoded.ndjson", import.meta.url));
const EXPECTED = [
  ["TEMPLATE_NOT_FOUND", 404, "GET"],
  ["VALIDATION_FAILED", 422, "POST"],
  ["TEMPLATE_IN_USE", 409, "DELETE"],
  ["INVALID_BUILDSPEC", 422, "POST"],
];
const facts = (findings: Finding[]) => findings.map((finding) => [finding.code, finding.http_status, finding.method]);

/** The bytes in pieces of `size`, cutting lines and characters in two. */
function* pieces(bytes: Uint8Array, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield new Uint8Array(bytes.subarray(at, at + size));
}

describe("decodeText", () => {
  test("a capture as text and as bytes: its four errors, explained, with counts and request ids", () => {
    for (const input of [NDJSON.toString("utf8"), new Uint8Array(NDJSON)]) {
      const result = decodeText(input);
      expect(facts(result.findings)).toEqual(EXPECTED);
      expect(result.findings[0]!.entry?.meaning).toMatch(/template/i);
      expect(result.summary.counts()).toEqual({ VALIDATION_FAILED: 1, INVALID_BUILDSPEC: 1, TEMPLATE_IN_USE: 1, TEMPLATE_NOT_FOUND: 1 });
      expect([...result.summary.requestIds]).toEqual(["req_fake_0001"]);
      expect(result.lines).toBe(NDJSON.toString("utf8").split("\n").length - 1);
    }
  });
  test("masks a key in a message, as the CLI does", () => {
    const [finding] = decodeText('{"error":{"code":"UNAUTHORIZED","message":"bad key msk_live_abcdefgh1234"}}').findings;
    expect(finding!.message).toBe("bad key msk_…1234");
  });
  test("runs given one summary count into it: the request ids of several inputs, once each, in order", () => {
    const summary = new DecodeSummary();
    const envelope = (id: string) => `{"error":{"code":"SANDBOX_NOT_RUNNING","message":"x","request_id":"${id}"}}\n`;
    const first = decodeText(envelope("req_a") + envelope("req_b"), { summary });
    const second = decodeText(envelope("req_b") + envelope("req_c"), { summary });
    expect(first.summary).toBe(summary);
    expect(second.summary).toBe(summary);
    expect([...summary.requestIds]).toEqual(["req_a", "req_b", "req_c"]);
    expect(summary.findings).toBe(4);
    // Without one, each run counts its own.
    expect([...decodeText(envelope("req_c")).summary.requestIds]).toEqual(["req_c"]);
  });
  test("onFinding takes each finding and leaves the list empty; input names the source", () => {
    const seen: Finding[] = [];
    const result = decodeText(NDJSON, { onFinding: (finding) => seen.push(finding), input: "app.ndjson" });
    expect(result.findings).toEqual([]);
    expect(facts(seen)).toEqual(EXPECTED);
    expect(seen[0]!.source.input).toBe("app.ndjson");
    expect(result.summary.findings).toBe(4);
  });
});

describe("decodeStream", () => {
  test("a Node stream in 7-byte pieces finds what the whole text does", async () => {
    expect(facts((await decodeStream(Readable.from(pieces(NDJSON, 7)))).findings)).toEqual(EXPECTED);
  });
  test("a web ReadableStream, read with its reader", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of pieces(NDJSON, 100)) controller.enqueue(piece);
        controller.close();
      },
    });
    expect(facts((await decodeStream(stream)).findings)).toEqual(EXPECTED);
  });
});
