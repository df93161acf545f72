// Whole JSON documents of any size and shape lose no error: exports (one
// line or pretty, arrays or objects of records), HAR files over 64 MB, bodies
// in base64 and gzip. Each envelope is found once, with its own record's
// method, path and status, and none is invented. Run in-process through main.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { runInProcess } from "../helpers.js";

const dir = mkdtempSync(join(tmpdir(), "miosa-err-documents-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Planted {
  code: string;
  request_id: string;
  status: number;
  method: string;
  path: string;
}

interface Found {
  code: string | null;
  request_id: string | null;
  http_status: number | null;
  method: string | null;
  path: string | null;
}

async function decodeFile(name: string, content: string | Buffer): Promise<{ findings: Found[]; warnings: string[]; code: number }> {
  const file = join(dir, name);
  writeFileSync(file, content);
  const run = await runInProcess(["decode", "--json", file]);
  const document = run.stdout === "" ? { findings: [], warnings: [] } : JSON.parse(run.stdout);
  return { findings: document.findings, warnings: document.warnings ?? [], code: run.code };
}

function facts(found: Found): Planted {
  return { code: found.code!, request_id: found.request_id!, status: found.http_status!, method: found.method!, path: found.path! };
}

const sortById = (list: Planted[]) => [...list].sort((a, b) => a.request_id.localeCompare(b.request_id));

const CODES: [string, number][] = [
  ["SANDBOX_NOT_RUNNING", 409],
  ["RATE_LIMITED", 429],
  ["TEMPLATE_NOT_FOUND", 404],
  ["INSUFFICIENT_CREDITS", 402],
];

/** One record of an app's request log: a success, or an error whose envelope is an object or JSON text. */
function record(index: number, error: { encoded: boolean } | null, padding = 40): { value: unknown; planted: Planted | null } {
  const method = index % 3 === 0 ? "POST" : "GET";
  const path = `/api/v1/sandboxes/sb_${index}`;
  if (!error)
    return {
      value: { ts: "2026-12-01T10:00:00Z", request: { method, path }, response: { status: 200, body: { ok: true, pad: "x".repeat(padding) } } },
      planted: null,
    };
  const [code, status] = CODES[index % CODES.length]!;
  const request_id = `req_rec${index}`;
  const envelope = { error: { code, message: `failed ${index}`, request_id } };
  return {
    value: { ts: "2026-12-01T10:00:00Z", request: { method, path }, response: { status, body: error.encoded ? JSON.stringify(envelope) : envelope } },
    planted: { code, request_id, status, method, path },
  };
}

describe("limits say what they skipped", () => {
  test("a record over the 16 MB parse limit is searched as text, with a warning naming it; its neighbours keep their own facts", async () => {
    const blob = "x".repeat(3 * 1024 * 1024);
    const oversized: Record<string, unknown> = {
      request: { method: "POST", path: "/api/v1/sandboxes/sb_big" },
      response: { status: 409, body: { error: { code: "SANDBOX_NOT_RUNNING", message: "nope", request_id: "req_big" } } },
    };
    for (let i = 0; i < 7; i++) oversized[`blob${i}`] = blob;
    const records = [
      { request: { method: "GET", path: "/api/v1/x" }, response: { status: 200 } },
      oversized,
      {
        request: { method: "GET", path: "/api/v1/sandboxes/sb_2" },
        response: { status: 404, body: { error: { code: "NOT_FOUND", message: "no", request_id: "req_2" } } },
      },
    ];
    const { findings, warnings } = await decodeFile("oversized.json", JSON.stringify(records));
    expect(findings.map(facts)).toEqual([
      { code: "SANDBOX_NOT_RUNNING", request_id: "req_big", status: 409, method: "POST", path: "/api/v1/sandboxes/sb_big" },
      { code: "NOT_FOUND", request_id: "req_2", status: 404, method: "GET", path: "/api/v1/sandboxes/sb_2" },
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/oversized\.json: item 2 at line 1 is over the 16 MB a record is parsed whole up to: it was searched as text/);
  }, 60_000);
});

describe("generated documents", () => {
  test("envelopes at random places, object or encoded, pretty or one line, in an array or an object: all found, with their own record's facts", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3000 }),
        fc.uniqueArray(fc.nat({ max: 2999 }), { maxLength: 12 }),
        fc.boolean(),
        fc.constantFrom("array", "data", "nested"),
        fc.boolean(),
        async (count, errorAt, pretty, wrapper, encodedFirst) => {
          const planted: Planted[] = [];
          const records = Array.from({ length: count }, (_, index) => {
            const at = errorAt.indexOf(index);
            const made = record(index, at === -1 ? null : { encoded: (at % 2 === 0) === encodedFirst });
            if (made.planted) planted.push(made.planted);
            return made.value;
          });
          const document = wrapper === "array" ? records : wrapper === "data" ? { data: records } : { export: { page: 1, items: records } };
          const { findings } = await decodeFile("generated.json", JSON.stringify(document, null, pretty ? 2 : undefined));
          expect(sortById(findings.map(facts))).toEqual(sortById(planted));
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  test("100,000 records on one line, 8 envelopes among them (the old walk stopped after ~2,500 records)", async () => {
    const planted: Planted[] = [];
    const errorAt = new Set([3, 2_600, 20_000, 45_000, 60_001, 77_777, 99_000, 99_999]);
    let index = 0;
    const records = Array.from({ length: 100_000 }, () => {
      const made = record(index, errorAt.has(index) ? { encoded: index % 2 === 1 } : null, 4);
      index++;
      if (made.planted) planted.push(made.planted);
      return made.value;
    });
    const { findings, warnings } = await decodeFile("export-100k.json", JSON.stringify(records));
    expect(sortById(findings.map(facts))).toEqual(sortById(planted));
    expect(warnings).toEqual([]);
  }, 120_000);

  test("a one-line export over 64 MB (once skipped as a too-long line): every envelope found", async () => {
    const planted: Planted[] = [];
    const bulk = "y".repeat(1024 * 1024);
    const records: unknown[] = [];
    for (let index = 0; index < 70; index++) {
      if (index % 10 === 4) {
        const made = record(index, { encoded: index % 20 === 4 });
        planted.push(made.planted!);
        records.push(made.value);
      } else records.push({ request: { method: "GET", path: `/api/v1/files/${index}` }, response: { status: 200, body: { blob: bulk } } });
    }
    const { findings } = await decodeFile("export-70mb.json", JSON.stringify(records));
    expect(sortById(findings.map(facts))).toEqual(sortById(planted));
  }, 120_000);

  test("20,000 envelopes on one line are all found (the line counter and form check walked the whole line per envelope)", async () => {
    const line = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ error: { code: "RATE_LIMITED", message: "slow", request_id: `req_one${i}` } })).join(
      " ",
    );
    const { findings } = await decodeFile("one-line.txt", `${line}\n`);
    expect(findings).toHaveLength(20_000);
    expect(new Set(findings.map((found) => found.request_id)).size).toBe(20_000);
  }, 120_000);

  test("150,000 envelopes with CR-only line endings are all found", async () => {
    const text = Array.from({ length: 150_000 }, (_, i) => JSON.stringify({ error: { code: "RATE_LIMITED", message: "slow", request_id: `req_cr${i}` } })).join(
      "\r",
    );
    const { findings } = await decodeFile("cr-only.txt", text);
    expect(findings).toHaveLength(150_000);
  }, 120_000);
});

interface HarEntry {
  startedDateTime: string;
  request: { method: string; url: string; headers: unknown[]; postData?: { mimeType: string; text: string } };
  response: { status: number; headers: { name: string; value: string }[]; content: { size: number; mimeType: string; text: string; encoding?: string } };
}

function harEntry(index: number, status: number, text: string, options: { base64?: boolean; gzip?: boolean; postData?: string } = {}): HarEntry {
  const headers = [{ name: "content-type", value: "application/json" }];
  let body = text;
  if (options.gzip) {
    headers.push({ name: "content-encoding", value: "gzip" });
    body = gzipSync(text).toString("base64");
  } else if (options.base64) body = Buffer.from(text).toString("base64");
  return {
    startedDateTime: `2026-12-01T10:${String(index % 60).padStart(2, "0")}:00.000Z`,
    request: {
      method: options.postData ? "POST" : "GET",
      url: `https://api.miosa.ai/api/v1/sandboxes/sb_${index}`,
      headers: [],
      ...(options.postData ? { postData: { mimeType: "application/json", text: options.postData } } : {}),
    },
    response: {
      status,
      headers,
      content: { size: text.length, mimeType: "application/json", text: body, ...(options.base64 || options.gzip ? { encoding: "base64" } : {}) },
    },
  };
}

describe("HAR files", () => {
  test("over 64 MB, pretty and compact: errors in plain, base64 and base64-of-gzip bodies found; request bodies and 2xx answers are not answers", async () => {
    const big = JSON.stringify({ data: "z".repeat(13 * 1024 * 1024) });
    const envelope = (code: string, id: string) => JSON.stringify({ error: { code, message: `${code} here`, request_id: id } });
    const entries = [
      harEntry(0, 200, big),
      harEntry(1, 409, envelope("SANDBOX_NOT_RUNNING", "req_har1")),
      harEntry(2, 200, big),
      harEntry(3, 429, envelope("RATE_LIMITED", "req_har3"), { base64: true }),
      harEntry(4, 200, big),
      harEntry(5, 404, envelope("TEMPLATE_NOT_FOUND", "req_har5"), { gzip: true }),
      harEntry(6, 200, big),
      // A request that carries an envelope-shaped body, answered 201: nothing to report.
      harEntry(7, 201, '{"id":"sb_7"}', { postData: envelope("SANDBOX_LIMIT_REACHED", "req_posted") }),
      harEntry(8, 200, big),
      harEntry(9, 402, envelope("INSUFFICIENT_CREDITS", "req_har9"), { gzip: true }),
    ];
    const har = { log: { version: "1.2", creator: { name: "test", version: "1" }, entries } };
    const expected = [
      // source.har_entry counts from 1, as a HAR viewer's rows do.
      ["SANDBOX_NOT_RUNNING", "req_har1", 409, 2],
      ["RATE_LIMITED", "req_har3", 429, 4],
      ["TEMPLATE_NOT_FOUND", "req_har5", 404, 6],
      ["INSUFFICIENT_CREDITS", "req_har9", 402, 10],
    ];
    for (const [name, text] of [
      ["compact.har", JSON.stringify(har)],
      ["pretty.har", JSON.stringify(har, null, 2)],
    ] as const) {
      expect(text.length).toBeGreaterThan(64 * 1024 * 1024);
      const { findings } = await decodeFile(name, text);
      const got = findings.map((found: any) => [found.code, found.request_id, found.http_status, found.source.har_entry]);
      expect(got).toEqual(expected);
      for (const found of findings as any[]) {
        expect(found.method).toBe("GET");
        const index = found.source.har_entry - 1;
        expect(found.path).toBe(`https://api.miosa.ai/api/v1/sandboxes/sb_${index}`);
        expect(found.time).toBe(`2026-12-01T10:${String(index).padStart(2, "0")}:00.000Z`);
      }
    }
  }, 180_000);
});
