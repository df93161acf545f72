// The marks log collectors write before each line (collector-mark.ts) are found whole, and nothing else is.
import { describe, expect, test } from "vitest";
import { collectorMarkLength, collectorMarkLengthOf } from "../../../src/core/decode/collector-mark.js";
import { lineVerdict, Verdict } from "../../../src/core/decode/markers.js";

const markOf = (line: string) => {
  const bytes = new TextEncoder().encode(line);
  const length = collectorMarkLength(bytes, 0, bytes.length);
  // The text form agrees with the byte form.
  expect(collectorMarkLengthOf(line)).toBe(length);
  return line.slice(0, length);
};

describe("a log collector's mark", () => {
  test.each([
    ["web-1  | Error: not found", "web-1  | "],
    ["builder_worker_1  | {", "builder_worker_1  | "],
    ["web-1  |", "web-1  |"],
    ["Dec 07 05:19:51 build-01 node[4121]: ValidationError: x", "Dec 07 05:19:51 build-01 node[4121]: "],
    ["Dec  7 05:19:51 ip-10-0-0-1 app: HTTP/1.1 404", "Dec  7 05:19:51 ip-10-0-0-1 app: "],
    ["2026-12-07T05:19:51.0001234Z [debug] GET /x -> HTTP 404", "2026-12-07T05:19:51.0001234Z "],
    ["2026-12-07T05:19:51.123456789Z   status: 404,", "2026-12-07T05:19:51.123456789Z "],
    ["2026-12-07T05:19:51.123456Z", "2026-12-07T05:19:51.123456Z"],
  ])("%j: %j", (line, mark) => {
    expect(markOf(line)).toBe(mark);
  });

  test.each([
    "2026-12-07T05:19:51.123Z ERROR a program's own log time (3 decimals) starts a record",
    "2026-12-07T05:19:51Z ERROR no decimals",
    "2026/12/07 05:19:51 create template: miosa: x (status=404)",
    "ls | grep miosa",
    "web | no replica number",
    "web-1 |no space after the bar",
    `web-1${" ".repeat(40)}| padded past what compose writes`,
    "Error: sandbox not found",
    "Dec 07 05:19:51 one-word-only",
    '{"level":"error"}',
    "",
  ])("none in %j", (line) => {
    expect(markOf(line)).toBe("");
  });

  test("marks one on another (a GitHub Actions time before compose's name) are taken together, at most three", () => {
    expect(markOf("2026-12-07T05:19:51.0001234Z web-1  | Error: x")).toBe("2026-12-07T05:19:51.0001234Z web-1  | ");
    const many = "a-1 | ".repeat(6000);
    expect(markOf(`${many}Error: x`)).toBe("a-1 | ".repeat(3));
  });

  test("a line of thousands of marks is asked about once more, not once a mark: no stack overflow", () => {
    const bytes = new TextEncoder().encode(`${"a-1 | ".repeat(6000)}HTTP/1.1 404 Not Found`);
    expect(lineVerdict(bytes, 0, bytes.length, true, false)).toBe(Verdict.Skip);
  });

  test("a time cut before its Z is no mark, whatever the line before it held", () => {
    expect(collectorMarkLengthOf("2026-12-07T05:19:51.1234567Z web-1  | x")).toBeGreaterThan(0);
    expect(collectorMarkLengthOf("2026-12-07T05:19:51.1234567")).toBe(0);
  });
});
