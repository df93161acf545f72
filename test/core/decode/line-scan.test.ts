import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineScanner } from "../../../src/core/decode/line-scan.js";
import { lineEdgesMatter, MARKER_NEEDLES, WEAK_STARTS } from "../../../src/core/decode/stream.js";

// Lines made of what the edge test and the markers look at, so that the cases that matter come up often.
const PIECES = [
  "{", "}", "[", "]", '"', " ", "\t", "\r", "x", "m", "d", "s", "o", "c", "H", ">", "<", "$", "*", "4", "5", ":", ",",
  "rror", "RROR", '"code"', "(status=", "rr", "RR", '"c', "(s", "miosa:", "HTTP/", "curl ", ...WEAK_STARTS,
];
const line = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((parts) => parts.join(""));

function scanner(): LineScanner {
  const made = LineScanner.create();
  if (!made) throw new Error("no WebAssembly in this Node");
  return made;
}

/** Puts the lines in the scanner's memory from `at`, each ending in a newline; their [start, end) spans. */
function place(scan: LineScanner, lines: readonly string[], at: number): [number, number][] {
  const spans: [number, number][] = [];
  let position = at;
  for (const text of lines) {
    const written = scan.bytes.write(`${text}\n`, position, "latin1");
    spans.push([position, position + written - 1]);
    position += written;
  }
  return spans;
}

describe("LineScanner (line-scan.wat)", () => {
  it("is there: Node 20 has WebAssembly with SIMD, so decode takes the fast scan", () => {
    expect(LineScanner.create()).not.toBeNull();
  });

  it("never rules out a line that edgesMatter says may matter", () => {
    const scan = scanner();
    fc.assert(
      fc.property(line, fc.integer({ min: 0, max: 40 }), (text, at) => {
        const [[start, end]] = place(scan, [text], at) as [[number, number]];
        if (lineEdgesMatter(scan.bytes, start, end)) expect(scan.mayMatter(start, end)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("passes over a closed log record, and stops at an open value, a weak-shape body and a status line", () => {
    const scan = scanner();
    const cases: [string, boolean][] = [
      ['{"ts":"x","level":"info","status":200}', false],
      ["plain prose", false],
      ['{"error": {', true],
      ['{"message":"quota exceeded"}', true],
      ["HTTP/1.1 409 Conflict", true],
      ["  indented", true],
      ["", false],
    ];
    for (const [text, expected] of cases) {
      const [[start, end]] = place(scan, [text], 0) as [[number, number]];
      expect([text, scan.mayMatter(start, end)]).toEqual([text, expected]);
    }
  });

  it("stops at exactly the lines with a marker word or edges it cannot rule out, counting every line", () => {
    const scan = scanner();
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 31 }), (lines, at) => {
        const spans = place(scan, lines, at);
        const to = spans.at(-1)![1];
        const expected = spans.flatMap(([start, end], index) => {
          const text = scan.bytes.toString("latin1", start, end);
          const marker = MARKER_NEEDLES.some((needle) => text.includes(needle));
          return marker || scan.mayMatter(start, end) ? [{ index, start, end, marker }] : [];
        });
        const found: typeof expected = [];
        let passed = 0;
        for (let position = at; position <= to; ) {
          const start = scan.next(position, to);
          passed += scan.linesPassed;
          if (start === -1) break;
          found.push({ index: passed - 1, start, end: scan.lineEnd, marker: scan.hasMarker });
          position = scan.lineEnd + 1;
        }
        expect(found).toEqual(expected);
        if (found.length === 0 || found.at(-1)!.end < to) expect(passed).toBe(spans.length);
      }),
      { numRuns: 3000 },
    );
  });

  it("finds a marker word wherever it falls in the 32-byte steps", () => {
    const scan = scanner();
    for (const needle of MARKER_NEEDLES) {
      for (let offset = 0; offset < 72; offset++) {
        const [[start, end]] = place(scan, [`${"x".repeat(offset)}${needle}`], 0) as [[number, number]];
        expect([needle, offset, scan.next(start, end), scan.hasMarker]).toEqual([needle, offset, start, true]);
      }
    }
  });
});
