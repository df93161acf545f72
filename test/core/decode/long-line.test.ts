// A line with thousands of envelopes (a log written without line breaks):
// its findings are handed on one at a time, as found, not gathered into an
// array first, so memory does not grow with the number on the line.
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../../src/core/builtin.js";
import { eachFindingInText, findingsInText } from "../../../src/core/decode/text-scan.js";
import { lineEvidence } from "../../../src/core/decode/text-lines.js";
import { Decoder } from "../../../src/core/decode/decoder.js";
import type { Finding } from "../../../src/core/finding/finding.js";

const catalog = builtinCatalog();
const envelope = (i: number) => JSON.stringify({ error: { code: "RATE_LIMITED", message: "slow down", request_id: `req_line${i}` } });
const line = (count: number) => Array.from({ length: count }, (_, i) => envelope(i)).join(" ");

describe("envelopes on one long line", () => {
  it("are found one at a time: the first comes before the rest are read", () => {
    const found = eachFindingInText(line(50), 1, false, catalog);
    expect(Array.isArray(found)).toBe(false);
    expect(found.next().value?.request_id).toBe("req_line0");
    expect(found.next().value?.request_id).toBe("req_line1");
  });

  it("a line's evidence is handed on as found too", () => {
    const evidence = lineEvidence(`2026-12-01T00:00:00Z ERROR ${line(50)}`, 7, false, catalog);
    expect(Array.isArray(evidence)).toBe(false);
    const first = evidence.next().value;
    expect(first?.finding?.request_id).toBe("req_line0");
    expect(first?.line).toBe(7);
  });

  it("one at a time, they are the same findings in the same order as all at once", () => {
    const text = `ts=1 ${line(30)} and an escaped one: "{\\"error\\":{\\"code\\":\\"NOT_FOUND\\",\\"request_id\\":\\"req_esc\\"}}" ${envelope(3)}`;
    const once = findingsInText(text, 1, false, catalog).map((f) => f.request_id);
    expect([...eachFindingInText(text, 1, false, catalog)].map((f) => f.request_id)).toEqual(once);
    // Each said once on its line (the repeated req_line3), the escaped body after the objects.
    expect(once).toHaveLength(31);
    expect(once.at(-1)).toBe("req_esc");
  });

  it("the decoder emits every one of them, in line order", () => {
    const findings: Finding[] = [];
    const decoder = new Decoder(catalog, { finding: (finding) => findings.push(finding), warning: () => undefined });
    decoder.line(`2026-12-01T00:00:00Z ERROR ${line(200)}`, 1);
    decoder.end();
    expect(findings.map((f) => f.request_id)).toEqual(Array.from({ length: 200 }, (_, i) => `req_line${i}`));
  });
});
