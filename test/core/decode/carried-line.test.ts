// A line cut by a chunk's end is carried until it ends; one that opens a JSON
// value and grows past what is carried is streamed as a document instead.
// Either way the findings are those of the whole input read at once.
import { describe, expect, it } from "vitest";
import { decodeChunks, summary } from "./feed.js";

function chunked(input: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < input.length; at += size) chunks.push(input.subarray(at, at + size));
  return chunks;
}

// A one-line export: records with a method, path and status each, every 37th an error with its envelope.
function oneLineExport(records: number): string {
  const items = Array.from({ length: records }, (_, i) => {
    const failed = i % 37 === 5;
    return JSON.stringify({
      method: "POST",
      path: `/api/v1/sandboxes/sb_${i}/exec`,
      status: failed ? 409 : 200,
      body: failed
        ? { error: { code: "SANDBOX_NOT_RUNNING", message: "stopped", request_id: `req_${String(i).padStart(6, "0")}` } }
        : { ok: true, padding: "x".repeat(300) },
    });
  });
  return `[${items.join(",")}]`;
}

describe("a line that goes on past a chunk", () => {
  const input = Buffer.from(`a line of text first\n${oneLineExport(600)}\n{"error":{"code":"NOT_FOUND","message":"gone","request_id":"req_tail"}}\n`);
  const whole = decodeChunks([input]);

  it("the export holds its errors, each with its own record's facts", () => {
    const errors = whole.findings.filter((finding) => finding.code === "SANDBOX_NOT_RUNNING");
    expect(errors).toHaveLength(17);
    expect(errors.map((finding) => finding.path)).toEqual(
      errors.map((finding) => `/api/v1/sandboxes/sb_${finding.request_id!.slice(4).replace(/^0+/, "")}/exec`),
    );
    expect(whole.findings.at(-1)?.code).toBe("NOT_FOUND");
    expect(whole.warnings).toEqual([]);
  });

  it.each([1000, 4096, 65_536, 65_537, 70_000, 100_000])("gives the same findings fed %i bytes at a time", (size) => {
    const split = decodeChunks(chunked(input, size));
    expect(summary(split.findings)).toEqual(summary(whole.findings));
    expect(split.findings.map((finding) => finding.path)).toEqual(whole.findings.map((finding) => finding.path));
    expect(split.lines).toBe(whole.lines);
    expect(split.warnings).toEqual([]);
  });

  it("gives the same findings when a short JSON line is cut at every place", () => {
    const line = Buffer.from('{"ts":"2026-12-07T09:00:00Z","status":409,"body":{"error":{"code":"SANDBOX_NOT_RUNNING","message":"x","request_id":"req_1"}}}\n');
    const text = Buffer.concat([Buffer.from("before\n"), line, Buffer.from("after\n")]);
    const one = summary(decodeChunks([text]).findings);
    for (let cut = 1; cut < text.length; cut++) {
      expect([cut, summary(decodeChunks([text.subarray(0, cut), text.subarray(cut)]).findings)]).toEqual([cut, one]);
    }
  });
});
