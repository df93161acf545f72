// prettyJson is decode's hand-written stand-in for JSON.stringify(value, null, 2):
// it must agree with it on every plain value, at every nesting depth.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prettyJson } from "../../src/cli/render/json.js";

const nested = (text: string, indent: string) => text.split("\n").join(`\n${indent}`);

describe("prettyJson", () => {
  it("agrees with JSON.stringify(value, null, 2) on any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (value, depth) => {
        const indent = "  ".repeat(depth);
        expect(prettyJson(value, indent)).toBe(nested(JSON.stringify(value, null, 2), indent));
      }),
      { numRuns: 500 },
    );
  });

  it("agrees on strings with any characters, keys included", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: "binary" }), fc.array(fc.string({ unit: "binary" }))), (value) => {
        expect(prettyJson(value)).toBe(JSON.stringify(value, null, 2));
      }),
    );
  });

  it("leaves out what JSON.stringify leaves out, and follows toJSON and non-finite numbers the same way", () => {
    const value = {
      a: undefined,
      b: () => 1,
      c: [undefined, () => 1, Symbol("s"), Number.NaN, -0, 1e21, Infinity],
      d: new Date(Date.UTC(2026, 10, 28)),
      e: {},
      f: [],
      10: "integer keys first",
      g: { toJSON: () => ({ inner: [1, 2] }) },
    };
    expect(prettyJson(value)).toBe(JSON.stringify(value, null, 2));
    expect(prettyJson({ nested: value }, "    ")).toBe(nested(JSON.stringify({ nested: value }, null, 2), "    "));
  });
});
