import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/core/builtin.js";
import { Doorkeeper } from "../../src/core/doorkeeper.js";
import { hashNumber, hashStart, hashText } from "../../src/core/hash.js";
import { ChoiceMemo, chooseEntry } from "../../src/core/match.js";
import { RepeatedValues } from "../../src/render/json-writer/value-caches.js";
import type { Lead } from "../../src/render/json-writer/finding-layout.js";

describe("Doorkeeper", () => {
  it("lets a key in the second time it comes", () => {
    const door = new Doorkeeper(64);
    const hash = hashText(hashStart(), "SANDBOX_NOT_RUNNING");
    expect(door.admit(hash)).toBe(false);
    expect(door.admit(hash)).toBe(true);
    expect(door.waited).toBe(1);
  });

  it("hashes texts apart where they split differently, and null apart from text", () => {
    expect(hashText(hashText(hashStart(), "ab"), "c")).not.toBe(hashText(hashText(hashStart(), "a"), "bc"));
    expect(hashText(hashStart(), null)).not.toBe(hashText(hashStart(), ""));
    expect(hashNumber(hashStart(), null)).not.toBe(hashNumber(hashStart(), 0));
  });
});

// An export whose errors each have their own path and message: memo entries for them were
// kept until the memo was emptied, and the young generation grew for them (issue 15).
describe("memos keep only what repeats", () => {
  const catalog = builtinCatalog();
  const observed = (i: number) => ({ code: "SANDBOX_NOT_RUNNING", status: 409, path: `/api/v1/sandboxes/sb_${i}`, message: `sandbox sb_${i} is not running` });

  it("ChoiceMemo keeps a choice from its key's second time on", () => {
    const memo = new ChoiceMemo();
    for (let i = 0; i < 100; i++) memo.set(observed(i), chooseEntry(catalog, observed(i)));
    expect(memo.count).toBe(0);
    memo.set(observed(7), chooseEntry(catalog, observed(7)));
    expect(memo.count).toBe(1);
    expect(memo.get(observed(7))?.entry?.code).toBe("SANDBOX_NOT_RUNNING");
    expect(memo.get(observed(8))).toBeUndefined();
  });

  it("RepeatedValues keeps a value's bytes from its second time on", () => {
    const values = new RepeatedValues();
    const lead: Lead = { slot: 0, bytes: new Uint8Array(0) };
    for (let i = 0; i < 100; i++) values.set(lead, `sandbox sb_${i} is not running`, new Uint8Array([1, 2, 3]));
    expect(values.count).toBe(0);
    values.set(lead, "sandbox sb_7 is not running", new Uint8Array([1, 2, 3]));
    expect(values.count).toBe(1);
    expect([...(values.get(lead, "sandbox sb_7 is not running") ?? [])]).toEqual([1, 2, 3]);
  });
});
