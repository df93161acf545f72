// Values as Node, Elixir and Python print them are read as the JSON they stand for; what is not one gives undefined.
import { describe, expect, test } from "vitest";
import { readPrintedLiteral } from "../../../src/core/decode/printed-literal.js";

describe("a printed value read as JSON", () => {
  test.each([
    [`{ name: [ "can't be blank" ], port: [ 'must be > 0' ] }`, { name: ["can't be blank"], port: ["must be > 0"] }],
    [`%{"errors" => %{"name" => ["can't be blank"]}, "count" => 2, "ok" => nil}`, { errors: { name: ["can't be blank"] }, count: 2, ok: null }],
    [`%{name: "x", kind: :validation}`, { name: "x", kind: "validation" }],
    [`{'from': ['is required'], 'ok': True, 'x': None}`, { from: ["is required"], ok: true, x: null }],
    [`[ %{"field" => "from", "message" => "say \\"hi\\""} ] and more`, [{ field: "from", message: 'say "hi"' }]],
    // Node's print below its depth: what is left out is nothing to read, the rest is kept.
    [`{ name: [ "can't be blank" ], spec: { steps: [Array] }, owner: [Object] }`, { name: ["can't be blank"], spec: { steps: null }, owner: null }],
    // Node's backticks, for a string that holds both quotes.
    ['{ name: [ `can\'t be "x"` ] }', { name: [`can't be "x"`] }],
  ])("%s", (text, value) => {
    expect(readPrintedLiteral(text, 0)).toEqual(value);
  });

  test.each([`{ name: [Objects] }`, `{ name: "open`, `{ a: 1`, `not a value`])("%s: undefined", (text) => {
    expect(readPrintedLiteral(text, 0)).toBeUndefined();
  });
});
