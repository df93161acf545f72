// HAR exports (captures README 10): every 4xx/5xx entry is a finding with its status, method, URL and request id;
// 2xx entries are skipped; base64 bodies are decoded; an `msk_` key in a request's Authorization header gives a
// warning on the finding that shows it masked as `msk_…` plus its last 4 characters, never in full.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { har, harEntry, type CallError } from "./forms.js";
import { RUNS, apiPath, codeStatus, decode, message, method, requestId } from "./support.js";

const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const apiKey = fc
  .tuple(fc.constantFrom("msk_u_", "msk_live_", "msk_test_", "msk_u_live_"), fc.array(fc.integer({ min: 0, max: ALNUM.length - 1 }), { minLength: 20, maxLength: 32 }))
  .map(([pre, xs]) => pre + xs.map((x) => ALNUM[x]).join(""));

const callError = fc
  .record({ cs: codeStatus, msg: message, rid: requestId, m: method, p: apiPath, b64: fc.boolean() })
  .map(({ cs: [c, s], msg, rid, m, p, b64 }) => ({ e: { method: m, path: p, status: s, code: c, message: msg, requestId: rid } as CallError, b64 }));

const okEntry = (key: string) => {
  const entry = harEntry({ method: "GET", path: "/api/v1/sandboxes", status: 200, code: "", message: "", requestId: "req_01KATNJ7E9SS6YS3C4DWA7N360" }, `Bearer ${key}`, false);
  (entry.response as { content: { text: string } }).content.text = JSON.stringify({ data: [{ id: "sb_1", status: "running" }] });
  return entry;
};

describe("HAR files", () => {
  test("each error entry is one finding with status, method, URL path, code and request id; 200 entries are skipped", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(callError, { minLength: 1, maxLength: 4, selector: (x) => x.e.requestId }), fc.nat({ max: 4 }), apiKey, async (errs, okAt, key) => {
        const entries = errs.map(({ e, b64 }) => harEntry(e, `Bearer ${key}`, b64));
        entries.splice(Math.min(okAt, entries.length), 0, okEntry(key));
        const d = await decode(har(entries));
        expect(d.findings.map((f) => [f.http_status, f.method, f.code, f.request_id])).toEqual(errs.map(({ e }) => [e.status, e.method, e.code, e.requestId]));
        d.findings.forEach((f, i) => expect(f.path).toContain(errs[i]!.e.path));
      }),
      RUNS,
    );
  });

  test("an msk_ key in the Authorization header gives a warning on the finding with msk_… and the last 4 characters, and the key never appears in full", async () => {
    await fc.assert(
      fc.asyncProperty(callError, apiKey, fc.constantFrom("Bearer ", ""), async ({ e, b64 }, key, scheme) => {
        const d = await decode(har([harEntry(e, scheme + key, b64)]));
        expect(d.findings).toHaveLength(1);
        const masked = `msk_…${key.slice(-4)}`;
        expect(d.findings[0]!.warnings.filter((w) => w.includes(masked))).toHaveLength(1);
        expect(d.stdout).not.toContain(key);
      }),
      RUNS,
    );
  });
});
