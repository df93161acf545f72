import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonScanState } from "../../../src/core/decode/json-scan-state.js";
import {
  JsonDocumentReader,
  RECORD_BYTES,
  recordPath,
  STRING_BYTES,
  WHOLE_BYTES,
  type DocumentRecord,
  type JsonPath,
} from "../../../src/core/decode/json-reader.js";

interface Read {
  records: { value: unknown; path: JsonPath; line: number; cut: number }[];
  oversized: { bytes: number; path: JsonPath; line: number; last: boolean }[];
  end: number;
  error: string | null;
  keysRead: number;
}

/** Feeds `text` to a reader in the pieces `cuts` makes. */
function read(input: string | Uint8Array, cuts: number[] = [], firstLine = 1): Read {
  const bytes = typeof input === "string" ? Buffer.from(input) : input;
  const out: Read = { records: [], oversized: [], end: -1, error: null, keysRead: 0 };
  const reader = new JsonDocumentReader(
    {
      record: (record: DocumentRecord) =>
        out.records.push({
          value: JSON.parse(Buffer.from(record.bytes).toString("utf8")),
          path: recordPath(record),
          line: record.line,
          cut: record.cutStrings,
        }),
      oversized: (piece, path, line, last) => out.oversized.push({ bytes: piece.length, path, line, last }),
    },
    firstLine,
  );
  const points = [...new Set(cuts.filter((cut) => cut > 0 && cut < bytes.length))].sort((a, b) => a - b);
  let from = 0;
  for (const point of [...points, bytes.length]) {
    const piece = Buffer.from(bytes.subarray(from, point));
    const at = reader.feed(piece, 0, piece.length);
    if (reader.error !== null) {
      out.error = reader.error;
      out.end = from + at;
      return out;
    }
    if (at !== -1) {
      out.end = from + at;
      reader.deliver();
      out.keysRead = reader.keysRead;
      return out;
    }
    from = point;
  }
  if (reader.finish()) reader.deliver();
  out.keysRead = reader.keysRead;
  return out;
}

describe("JsonDocumentReader", () => {
  it("hands over a small document whole, and says where it ended", () => {
    const text = '{\n  "error": {"code": "NOT_FOUND", "message": "a \\"quoted\\" \\\\ word"}\n} trailing';
    const result = read(text);
    expect(result.records).toEqual([{ value: JSON.parse(text.slice(0, text.lastIndexOf("}") + 1)), path: [], line: 1, cut: 0 }]);
    expect(result.end).toBe(text.lastIndexOf("}") + 1);
  });

  it("reads the same however the bytes are cut, escapes and UTF-8 across the cuts", () => {
    const value = { log: { entries: [{ a: 'x\\"y\\\\', b: "ünïcødé ✓", c: [1, -2.5e3, true, false, null] }, { d: {} }] } };
    const text = JSON.stringify(value, null, 2);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: text.length }), { maxLength: 20 }), (cuts) => {
        expect(read(text, cuts).records.map((record) => record.value)).toEqual([value]);
      }),
      { numRuns: 200 },
    );
  });

  it("hands a large list over item by item, each with its place and line", () => {
    const items = Array.from({ length: 30_000 }, (_, i) => ({ i, pad: "x".repeat(200), nested: { list: [i, i + 1] } }));
    const text = `[\n${items.map((item) => JSON.stringify(item)).join(",\n")}\n]`;
    expect(text.length).toBeGreaterThan(WHOLE_BYTES);
    const result = read(text, [1000, 5_000_000]);
    expect(result.records.map((record) => record.value)).toEqual(items);
    expect(result.records.map((record) => record.path)).toEqual(items.map((_, i) => [i]));
    expect(result.records.slice(0, 3).map((record) => record.line)).toEqual([2, 3, 4]);
    expect(result.records[29_999]!.line).toBe(30_001);
  });

  it("hands a large HAR over entry by entry, with their place in log.entries", () => {
    const entries = Array.from({ length: 2000 }, (_, i) => ({
      request: { method: "GET", url: `https://x/${i}` },
      response: { status: i % 7 === 0 ? 404 : 200, content: { text: "y".repeat(3000) } },
    }));
    const text = JSON.stringify({ log: { version: "1.2", creator: { name: "t" }, pages: [], entries }, extra: 1 });
    expect(text.length).toBeGreaterThan(WHOLE_BYTES);
    const result = read(text, [70_000, 4_200_000]);
    const entryRecords = result.records.filter((record) => record.path[1] === "entries");
    expect(entryRecords.map((record) => record.value)).toEqual(entries);
    expect(entryRecords.map((record) => record.path)).toEqual(entries.map((_, i) => ["log", "entries", i]));
    expect(result.records.at(-1)).toMatchObject({ value: 1, path: ["extra"] });
  });

  // Issue 15: a key string made for every key of every record was most of what a large document's scan allocated.
  it("makes no key strings inside records once a document is read record by record", () => {
    const records = Array.from({ length: 3000 }, (_, i) => ({
      ts: i,
      request: { method: "GET", url: `/x/${i}` },
      response: { status: 200, body: { id: `sb_${i}` } },
    }));
    const text = JSON.stringify({ log: { entries: [{ big: "b".repeat(WHOLE_BYTES) }, ...records] } });
    const result = read(text, [100, WHOLE_BYTES + 50]);
    expect(result.records.map((record) => record.path)).toEqual([["log", "entries", 0], ...records.map((_, i) => ["log", "entries", i + 1])]);
    expect(result.records.slice(1).map((record) => record.value)).toEqual(records);
    // "log", "entries" and the first entry's "big": read while the document might still be small.
    expect(result.keysRead).toBe(3);
  });

  it("cuts a string over the limit, keeps the record valid JSON, and counts it", () => {
    const big = "A".repeat(STRING_BYTES + 1000);
    const text = JSON.stringify([{ status: 404, body: big, after: "kept" }]);
    const result = read(text, [10, STRING_BYTES - 3, STRING_BYTES + 7]);
    // Past the whole-document size, the list's item is the record.
    expect(result.records.map((record) => record.path)).toEqual([[0]]);
    const value = result.records[0]!.value as { status: number; body: string; after: string };
    expect(value.body.endsWith("…")).toBe(true);
    expect(value.body.length).toBeLessThanOrEqual(STRING_BYTES + 1);
    expect(value).toMatchObject({ status: 404, after: "kept" });
    expect(result.records[0]!.cut).toBe(1);
  });

  it("hands a record over its size limit over as text, in pieces", () => {
    const filler = Array.from({ length: 1200 }, (_, i) => `"k${i}": "${"z".repeat(16_000)}"`).join(",");
    const text = `[{"small": 1}, {${filler}}, {"after": 2}]`;
    expect(text.length).toBeGreaterThan(RECORD_BYTES);
    const result = read(text, [3_000_000, 9_000_000]);
    expect(result.records.map((record) => record.value)).toEqual([{ small: 1 }, { after: 2 }]);
    expect(result.oversized.at(-1)).toMatchObject({ path: [1], last: true });
    expect(result.oversized.reduce((sum, piece) => sum + piece.bytes, 0)).toBe(text.indexOf(', {"after"') - text.indexOf(", {") - 2);
  });

  it.each([
    ["[debug] POST /x", 1],
    ["{ [139 bytes data]", 2],
    ['{"a": 1 "b": 2}', 8],
    ["[1, 2}", 5],
    ["{]", 1],
  ])("finds %s is not JSON at its first wrong byte", (text, at) => {
    const result = read(text);
    expect(result.error).not.toBeNull();
    expect(result.end).toBe(at);
  });
});

describe("JsonScanState", () => {
  const events = { copy() {}, valueStarted() {}, valueEnded() {}, containerOpened() {}, containerClosed() {}, stringStarted() {}, stringEnded() {} };

  it("makes strings of the keys of its top keyLevels levels only", () => {
    const scan = new JsonScanState(events, 1);
    scan.keyLevels = 1;
    const bytes = Buffer.from('{"a": {"b": 1, "c": {"d": 2}}, "e": [{"f": 3}], "g": 4}');
    // Stops inside "e"'s list, to look at the frames there.
    const at = bytes.indexOf("3");
    scan.feed(bytes, 0, at);
    expect(scan.pathTo(3)).toEqual(["e", 0, ""]);
    scan.feed(bytes, at, bytes.length);
    expect(scan.done).toBe(true);
    expect(scan.keysRead).toBe(3);
  });
});
