// The summary a decode run ends with holds a bounded amount whatever the input.
import { describe, expect, it } from "vitest";
import { DecodeSummary, MAX_CODES, MAX_REQUEST_IDS, OTHER_CODES } from "../../../src/core/decode/summary.js";
import type { Finding } from "../../../src/core/finding/finding.js";

function finding(code: string | null, requestId: string | null, entryCode: string | null = null): Finding {
  return { kind: "envelope", code, request_id: requestId, entry: entryCode === null ? null : { code: entryCode } } as unknown as Finding;
}

describe("DecodeSummary", () => {
  it("lists each request id once, in the order first seen, up to its limit, and counts the findings past it", () => {
    const summary = new DecodeSummary({ requestIds: 3, codes: 10 });
    for (const id of ["req_a", "req_b", "req_a", "req_c", "req_d", "req_b", "req_e", "req_d"]) summary.add(finding("NOT_FOUND", id));
    summary.add(finding("NOT_FOUND", null));
    expect([...summary.requestIds]).toEqual(["req_a", "req_b", "req_c"]);
    expect(summary.requestIdsOmitted).toBe(3);
    expect(summary.findings).toBe(9);
  });

  it("counts codes past its limit together, most frequent first, ties by code", () => {
    const summary = new DecodeSummary({ requestIds: 10, codes: 2 });
    for (const code of ["b_code", "a_code", "b_code", "c_code", "d_code", "a_code", "c_code"]) summary.add(finding(code, null));
    expect(summary.counts()).toEqual({ [OTHER_CODES]: 3, a_code: 2, b_code: 2 });
    expect(Object.keys(summary.counts())).toEqual([OTHER_CODES, "a_code", "b_code"]);
  });

  it("holds at most its limits however many distinct ids and codes come", () => {
    const summary = new DecodeSummary();
    for (let i = 0; i < MAX_REQUEST_IDS + 5_000; i++) summary.add(finding(`CODE_${i}`, `req_${i}`));
    expect(summary.requestIds.size).toBe(MAX_REQUEST_IDS);
    expect(summary.requestIdsOmitted).toBe(5_000);
    expect(summary.byCode.size).toBe(MAX_CODES + 1);
    expect(summary.counts()[OTHER_CODES]).toBe(MAX_REQUEST_IDS + 5_000 - MAX_CODES);
  });

  it("counts a code under the catalog's spelling when its entry has the same code in any case, else as it came", () => {
    const summary = new DecodeSummary();
    summary.add(finding("NOT_FOUND", null, "NOT_FOUND"));
    summary.add(finding("not_found", null, "NOT_FOUND"));
    summary.add(finding("Not_Found", null, "NOT_FOUND"));
    summary.add(finding("missing sse ticket", null, "MISSING_SSE_TICKET"));
    summary.add(finding(null, null, "NOT_FOUND"));
    expect(summary.counts()).toEqual({ NOT_FOUND: 4, "missing sse ticket": 1 });
  });
});
