// compareText must order printable ASCII exactly as Intl.Collator("en") does,
// and hand everything else to it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareText, type Strength } from "../../src/core/collate.js";

const STRENGTHS: Strength[] = ["base", "variant"];
const sign = (n: number) => Math.sign(n);
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i));

describe("compareText", () => {
  it.each(STRENGTHS)("agrees with Intl.Collator (%s) on every pair of printable ASCII characters", (strength) => {
    const reference = new Intl.Collator("en", { sensitivity: strength });
    for (const a of PRINTABLE) {
      for (const b of PRINTABLE) expect([a, b, sign(compareText(a, b, strength))]).toEqual([a, b, sign(reference.compare(a, b))]);
    }
  });

  it.each(STRENGTHS)("agrees with Intl.Collator (%s) on random ASCII strings, codes and phrases", (strength) => {
    const reference = new Intl.Collator("en", { sensitivity: strength });
    const text = fc.oneof(
      fc.string({ unit: fc.constantFrom(...PRINTABLE), maxLength: 8 }),
      fc.string({ unit: fc.constantFrom(..."AaBbZz_- 09."), maxLength: 10 }),
      fc.constantFrom(
        "SANDBOX_LIMIT_REACHED",
        "sandbox_limit_reached",
        "SANDBOX-LIMIT",
        "missing sse ticket",
        "invalid_token",
        "INVALID_TOKEN",
        "auth",
        "sandboxes",
      ),
    );
    fc.assert(
      fc.property(text, text, (a, b) => sign(compareText(a, b, strength)) === sign(reference.compare(a, b))),
      { numRuns: 3000 },
    );
  });

  it("orders the way list shows codes: punctuation before digits before letters, case ignored at base", () => {
    const codes = ["sandbox_not_running", "SANDBOX_LIMIT_REACHED", "SANDBOX1", "SANDBOX_", "sandbox", "SANDBOXES"];
    expect([...codes].sort((a, b) => compareText(a, b, "base"))).toEqual([
      "sandbox",
      "SANDBOX_",
      "SANDBOX_LIMIT_REACHED",
      "sandbox_not_running",
      "SANDBOX1",
      "SANDBOXES",
    ]);
    expect(compareText("Auth", "auth", "base")).toBe(0);
    expect(compareText("auth", "Auth", "variant")).toBeLessThan(0);
  });

  it("leaves text beyond printable ASCII to Intl.Collator (accents, controls)", () => {
    const reference = new Intl.Collator("en", { sensitivity: "base" });
    for (const [a, b] of [
      ["résumé", "resume"],
      ["é", "f"],
      ["a\u0001b", "ab"],
      ["ß", "ss"],
      ["a\tb", "a b"],
    ] as const) {
      expect(sign(compareText(a, b, "base"))).toBe(sign(reference.compare(a, b)));
    }
  });
});
