// decode --json is written piece by piece as findings arrive (entries' JSON
// cached, output batched); the document must be byte for byte what one
// JSON.stringify(document, null, 2) of the whole gives, C1 and bidi characters
// written as \u escapes.
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/core/builtin.js";
import { Decoder } from "../../src/core/decode/decoder.js";
import type { Finding } from "../../src/core/finding/finding.js";
import { DecodeSummary } from "../../src/core/decode/summary.js";
import { Triage } from "../../src/core/triage/groups.js";
import { triageJson } from "../../src/render/triage-json.js";
import { renderHumanSummary, renderMarkdownSummary } from "../../src/render/decode-summary.js";
import { JsonFindingWriter } from "../../src/render/json-writer/findings.js";
import { OutputBuffer } from "../../src/render/json-writer/output-buffer.js";
import { testIO } from "../../src/cli/io.js";
import { painterFor } from "../../src/cli/context.js";
import { findingJson } from "../../src/render/json.js";
import { MAX_REPEATED } from "../../src/render/json-writer/finding-bytes.js";
import { escapeUnsafeJson, redactSecrets } from "../../src/core/sanitize.js";

const FIXTURES = new URL("../fixtures/decode/", import.meta.url);

function decode(text: string, input?: string): Finding[] {
  const findings: Finding[] = [];
  const decoder = new Decoder(
    builtinCatalog(),
    { finding: (finding) => findings.push(finding), warning: () => undefined },
    input === undefined ? {} : { input },
  );
  for (const [index, line] of text.split("\n").entries()) decoder.line(line, index + 1);
  decoder.end();
  return findings;
}

function written(findings: readonly Finding[], options = {}): { text: string; writes: number; fast: number; slow: number } {
  let text = "";
  let writes = 0;
  const out = new OutputBuffer({
    write: (piece: string) => {
      text += piece;
      writes++;
    },
  });
  const writer = new JsonFindingWriter(out, options);
  const summary = new DecodeSummary();
  const triage = new Triage();
  for (const finding of findings) {
    summary.add(finding);
    triage.add(finding);
    writer.add(finding);
  }
  writer.finish(summary, [], triage.ordered());
  out.flush();
  return { text, writes, ...writer.written };
}

function expected(findings: readonly Finding[], options = {}): string {
  const summary = new DecodeSummary();
  const triage = new Triage();
  for (const finding of findings) {
    summary.add(finding);
    triage.add(finding);
  }
  // The groups' request ids are written one at a time: they must come out as JSON.stringify gives them too.
  const document = {
    findings: findings.map((finding) => findingJson(finding, options)),
    request_ids: [...summary.requestIds],
    summary: summary.counts(),
    groups: triageJson(triage),
    warnings: [],
  };
  return `${escapeUnsafeJson(JSON.stringify(document, null, 2))}\n`;
}

describe("JsonFindingWriter", () => {
  const fixtures = readdirSync(FIXTURES).filter((name) => name.includes("."));

  it.each(fixtures)("writes %s's findings exactly as JSON.stringify of the whole document", (name) => {
    const findings = decode(readFileSync(new URL(name, FIXTURES), "utf8"));
    expect(written(findings).text).toBe(expected(findings));
  });

  it("covers entries, no entry, several alternatives, unsafe characters and a log link", () => {
    const text = [
      '{"error":{"code":"SANDBOX_NOT_RUNNING","message":"stopped \u202e\u0085 here","request_id":"req_01KATJ8G2HM9S346Q3D25VT4F5"}}',
      '{"error":{"code":"NO_SUCH_CODE_ANYWHERE","message":"x"}}',
      '{"error":{"code":"NOT_FOUND","message":"gone"}}',
      '{"status":409,"path":"/api/v1/computers/c1","error":{"code":"SANDBOX_NOT_RUNNING","message":"stopped"}}',
    ].join("\n");
    const findings = decode(text);
    expect(findings.map((finding) => [finding.code, finding.entry === null, finding.alternatives.length])).toEqual([
      ["SANDBOX_NOT_RUNNING", false, 2],
      ["NO_SUCH_CODE_ANYWHERE", true, 0],
      ["NOT_FOUND", false, 1],
      ["SANDBOX_NOT_RUNNING", false, 2],
    ]);
    const options = { logUrlTemplate: "https://logs.example/search?q={request_id}" };
    expect(written(findings, options).text).toBe(expected(findings, options));
    expect(written([]).text).toBe(expected([]));
  });

  it("writes any strings the input may hold exactly as JSON.stringify would: escapes, unsafe characters, other scripts, secrets", () => {
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc.constantFrom("msk_live_abcdefgh1234", "Bearer abcdefghijkl", "’…é", "a\u2028b", "\u0085", 'x"y\\z'),
    );
    const envelope = fc.record({
      code: fc.oneof(text, fc.constantFrom("NOT_FOUND", "SANDBOX_NOT_RUNNING", "VALIDATION_ERROR")),
      message: text,
      request_id: fc.oneof(text, fc.constant("req_01KATJ8G2HM9S346Q3D25VT4F5")),
      details: fc.option(fc.dictionary(text, text, { maxKeys: 3 })),
      errors: fc.option(fc.array(fc.record({ field: text, message: text }), { maxLength: 3 })),
    });
    const line = fc.record({ status: fc.constantFrom(400, 404, 409, 422, 500), path: fc.oneof(text, fc.constant("/api/v1/sandboxes/sb_1")), error: envelope });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (records) => {
        const findings = decode(records.map((record) => JSON.stringify(record)).join("\n"));
        const options = { logUrlTemplate: "https://logs.example/?q={request_id}" };
        expect(written(findings, options).text).toBe(expected(findings, options));
      }),
      { numRuns: 150 },
    );
  });

  it("writes a finding larger than its output buffer whole, the slow way", () => {
    // 200 field errors are kept, each message up to 500 characters: in three-byte characters, over 256 KB of JSON.
    const errors = Array.from({ length: 200 }, (_, i) => ({ field: `field_${i}`, message: `is required ${"✓".repeat(500)}` }));
    const findings = decode(
      [
        '{"error":{"code":"NOT_FOUND","message":"before"}}',
        JSON.stringify({ error: { code: "VALIDATION_ERROR", message: "many", errors } }),
        '{"error":{"code":"NOT_FOUND","message":"after"}}',
      ].join("\n"),
    );
    expect(findings[1]!.field_errors).toHaveLength(200);
    expect(written(findings).text).toBe(expected(findings));
  });

  it("moves a large finding to the front of its output buffer when the output before it fills the rest", () => {
    const small = Array.from({ length: 35 }, (_, i) => `{"error":{"code":"NOT_FOUND","message":"gone ${i}"}}`);
    const errors = Array.from({ length: 145 }, (_, i) => ({ field: `field_${i}`, message: `is required ${"✓".repeat(500)}` }));
    const findings = decode([...small, JSON.stringify({ error: { code: "VALIDATION_ERROR", message: "many", errors } }), ...small].join("\n"));
    expect(written(findings).text).toBe(expected(findings));
  });

  it("writes a value that repeats across findings (kept after its first write) the same each time, past the keep's limit too", () => {
    const paths = ["/api/v1/sandboxes/sb_1", "/api/v1/computers/c1/snapshots", "/api/v1/deployments/d1"];
    const lines = Array.from({ length: MAX_REPEATED + 300 }, (_, i) => {
      // Distinct messages past the limit empty the keep; the codes, paths and reasons keep repeating.
      const message = i < 200 || i > MAX_REPEATED + 100 ? `gone ${i % 7}` : `gone for good ${i}`;
      return JSON.stringify({
        status: [404, 409, 410][i % 3],
        path: paths[i % 3],
        error: { code: ["NOT_FOUND", "SANDBOX_NOT_RUNNING", "GONE"][i % 3], message },
      });
    });
    const findings = decode(lines.join("\n"));
    expect(findings).toHaveLength(lines.length);
    expect(written(findings).text).toBe(expected(findings));
  });

  it("never meets a secret: core masked it before, also in a value that repeats", () => {
    const secret = "msk_live_abcdefghijkl0123";
    const findings = decode(
      [
        '{"path":"/api/v1/sandboxes/sb_1","status":404,"error":{"code":"NOT_FOUND","message":"gone"}}',
        `{"path":"/api/v1/sandboxes/sb_1?key=${secret}","status":404,"error":{"code":"NOT_FOUND","message":"gone"}}`,
        `{"path":"/api/v1/sandboxes/sb_1?key=${secret}","status":404,"error":{"code":"NOT_FOUND","message":"gone"}}`,
        '{"path":"/api/v1/sandboxes/sb_1","status":404,"error":{"code":"NOT_FOUND","message":"gone"}}',
      ].join("\n"),
    );
    const { text } = written(findings);
    expect(text).toBe(expected(findings));
    expect(text).not.toContain(secret);
  });

  it("keeps values right when the output buffer moves a finding to its front while one is written for the first time", () => {
    // A finding of ~250 KB (field errors) after `filler` bytes of output: the buffer runs out at a point that moves
    // with the filler's length, swept across the fields after field_errors, where repeating values (the source's
    // form, request_id_source, match reasons) are written and kept; the same finding after it reuses them.
    const errors = Array.from({ length: 160 }, (_, i) => ({ field: `field_${i}`, message: `is required ${"✓".repeat(500)}` }));
    const [big] = decode(
      JSON.stringify({
        status: 422,
        path: "/api/v1/sandboxes/sb_1",
        error: { code: "VALIDATION_ERROR", message: "many", request_id: "req_01KATJ8G2HM9S346Q3D25VT4F5", errors },
      }),
    );
    const document = expected([big!, big!]);
    const firstEnd = document.indexOf(',\n    {\n      "kind"');
    const recordBytes = Buffer.byteLength(document.slice(0, firstEnd));
    const tailBytes = Buffer.byteLength(document.slice(document.indexOf('\n      "source": {'), firstEnd));
    expect(tailBytes).toBeLessThan(1500);
    const fillFrom = 256 * 1024 - recordBytes;
    expect(fillFrom).toBeGreaterThan(0);
    for (let filler = fillFrom; filler <= fillFrom + tailBytes + 8; filler += 3) {
      let text = "";
      const out = new OutputBuffer({ write: (piece: string) => void (text += piece) });
      out.write("x".repeat(filler));
      const writer = new JsonFindingWriter(out, {});
      const summary = new DecodeSummary();
      const triage = new Triage();
      for (const finding of [big!, big!]) {
        summary.add(finding);
        triage.add(finding);
        writer.add(finding);
      }
      writer.finish(summary, [], triage.ordered());
      out.flush();
      expect(text.slice(filler)).toBe(document);
    }
  });

  it("writes the input's name as core masked it, in any case", () => {
    const names = ["AUTHORIZATION=abcdefghijkl.log", "Authorization:abcdefghijkl", "MSK_x.log", "logs/msk_live_abcdefghijkl.txt", "BEARER abcdefghijkl"];
    const findings = names.flatMap((input) => decode('{"status":404,"error":{"code":"NOT_FOUND","message":"gone"}}', input));
    const { text } = written(findings);
    expect(text).toBe(expected(findings));
    const document = JSON.parse(text) as { findings: { source: { input: string } }[] };
    expect(document.findings.map((finding) => finding.source.input)).toEqual(names.map((name) => redactSecrets(name)));
    expect(text).not.toContain("abcdefghijkl");
  });

  it("takes the fast path for every finding of every fixture (JSON.stringify is only for what it cannot write)", () => {
    let total = 0;
    for (const name of readdirSync(FIXTURES).filter((file) => file.includes("."))) {
      const findings = decode(readFileSync(new URL(name, FIXTURES), "utf8"));
      const result = written(findings);
      expect([name, result.text]).toEqual([name, expected(findings)]);
      expect([name, result.fast, result.slow]).toEqual([name, findings.length, 0]);
      total += findings.length;
    }
    expect(total).toBeGreaterThan(20);
  });

  it("writes numbers as JSON.stringify does: whole ones at every length, and others", () => {
    const [base] = decode('{"status":429,"error":{"code":"RATE_LIMITED","message":"slow down"}}');
    const values = [0, 7, 10, 99, 100, 429, 65_535, 2_147_483_647, 2_147_483_648, 1.5, 0.1, 1e21, -3, -0];
    const findings = values.map((value, i) => ({
      ...base!,
      http_status: value,
      retry_after_s: values[values.length - 1 - i]!,
      source: { ...base!.source, line: value >= 0 ? Math.floor(value) : 1 },
    }));
    expect(written(findings).text).toBe(expected(findings));
  });

  it("batches: a thousand findings go out in a few writes, not one each", () => {
    const findings = decode(Array.from({ length: 1000 }, (_, i) => `{"error":{"code":"NOT_FOUND","message":"gone ${i}","request_id":"req_${i}"}}`).join("\n"));
    const { text, writes } = written(findings);
    expect(text).toBe(expected(findings));
    expect(writes).toBeLessThan(60);
  });

  it("lists request ids as core masked them, and plain ids as they are", () => {
    const ids = ["req_a", "msk_live_abcdefghijkl", "req_b", "Bearer abcdefghijklmnop", "req_c"];
    const findings = decode(ids.map((id) => JSON.stringify({ error: { code: "NOT_FOUND", message: "gone", request_id: id } })).join("\n"));
    const { text } = written(findings);
    const document = JSON.parse(text) as { request_ids: string[] };
    expect(document.request_ids).toEqual(ids.map((id) => redactSecrets(id)));
    expect(document.request_ids.filter((id, i) => id !== ids[i])).toHaveLength(2);
    expect(text).not.toContain("abcdefghijkl");
  });

  it("says how many findings' request ids were not listed once the list is full, in every format", async () => {
    const findings = decode(
      ["req_a", "req_b", "req_a", "req_c"].map((id) => `{"error":{"code":"NOT_FOUND","message":"gone","request_id":"${id}"}}`).join("\n"),
    );
    const summary = new DecodeSummary({ requestIds: 1, codes: 10 });
    let text = "";
    const writer = new JsonFindingWriter({ write: (piece: string) => void (text += piece) }, {});
    for (const finding of findings) {
      summary.add(finding);
      writer.add(finding);
    }
    writer.finish(summary);
    const document = JSON.parse(text);
    expect(Object.keys(document)).toEqual(["findings", "request_ids", "request_ids_omitted", "summary", "warnings"]);
    expect(document.request_ids).toEqual(["req_a"]);
    expect(document.request_ids_omitted).toBe(2);
    const note = "…and 2 more findings with request ids past the first 1 (each finding shows its own)";
    expect(await renderHumanSummary(testIO(), await painterFor(0), summary)).toContain(`req_a\n${note}\n`);
    expect(renderMarkdownSummary(summary)).toContain(`req_a\n\`\`\`\n\n${note}\n`);
  });
});
