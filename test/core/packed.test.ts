// The packed collections behave as the Set and array they stand in for.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DistinctTexts, NumberList } from "../../src/core/packed.js";

describe("DistinctTexts", () => {
  it.each([
    ["no texts", [], []],
    ["one text", ["req_01"], ["req_01"]],
    ["a repeat, kept once where first added", ["b", "a", "b", "c", "a"], ["b", "a", "c"]],
    ["the empty text", ["", "x", ""], ["", "x"]],
    ["texts that are prefixes of each other", ["req", "req_0", "re", "req_0"], ["req", "req_0", "re"]],
    ["other scripts, an emoji and a lone surrogate", ["Ω-ñ", "😀", "\ud800", "😀"], ["Ω-ñ", "😀", "\ud800"]],
  ])("%s", (_name, added, expected) => {
    const texts = new DistinctTexts();
    for (const text of added) texts.add(text);
    expect([...texts]).toEqual(expected);
    expect(texts.size).toBe(expected.length);
    for (const text of expected) expect(texts.has(text)).toBe(true);
    expect(texts.has("absent")).toBe(false);
  });

  it("gives the first n texts, or all when fewer", () => {
    const texts = new DistinctTexts();
    for (const text of ["a", "b", "a", "c"]) texts.add(text);
    expect(texts.first(2)).toEqual(["a", "b"]);
    expect(texts.first(10)).toEqual(["a", "b", "c"]);
    expect(texts.first(0)).toEqual([]);
  });

  it("says whether add() added", () => {
    const texts = new DistinctTexts();
    expect(texts.add("a")).toBe(true);
    expect(texts.add("a")).toBe(false);
  });

  it("keeps a text longer than one decoding chunk whole", () => {
    const long = "x".repeat(10_000) + "y".repeat(5_000);
    const texts = new DistinctTexts();
    texts.add(long);
    texts.add("short");
    expect(texts.at(0)).toBe(long);
    expect(texts.at(1)).toBe("short");
  });

  it("iterates texts on both sides of a run's length whole", () => {
    const lengths = [4000, 100, 4096, 1, 5000, 0, 4095, 2, 9000, 3];
    const added = lengths.map((length, i) => String.fromCharCode(65 + i).repeat(length));
    const texts = new DistinctTexts();
    for (const text of added) texts.add(text);
    expect([...texts]).toEqual(added);
  });

  it("holds 50,000 ids through every growth, in order", () => {
    const texts = new DistinctTexts();
    const ids = Array.from({ length: 50_000 }, (_, i) => `req_${i.toString(36).padStart(8, "0")}`);
    for (const id of ids) texts.add(id);
    for (const id of ids) texts.add(id);
    expect(texts.size).toBe(50_000);
    expect([...texts]).toEqual(ids);
  });

  it("is a Set<string> kept in insertion order, for any texts", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.string({ unit: "binary", maxLength: 40 })), { maxLength: 300 }), (added) => {
        const texts = new DistinctTexts();
        const set = new Set<string>();
        for (const text of added) expect(texts.add(text)).toBe(!set.has(text) && set.add(text) !== undefined);
        expect([...texts]).toEqual([...set]);
        expect(texts.size).toBe(set.size);
      }),
    );
  });
});

describe("NumberList", () => {
  it("keeps numbers in the order pushed, through growth", () => {
    const list = new NumberList();
    const numbers = Array.from({ length: 1000 }, (_, i) => Date.UTC(2026, 11, 7) + i * 7.5);
    for (const n of numbers) list.push(n);
    expect(list.length).toBe(1000);
    expect([...list]).toEqual(numbers);
  });

  it("starts empty", () => {
    expect([...new NumberList()]).toEqual([]);
    expect(new NumberList().length).toBe(0);
  });
});
