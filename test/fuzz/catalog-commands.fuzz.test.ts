// explain, list and search, and user catalogs, under generated input.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, it, expect } from "vitest";
import { runInProcess } from "../helpers.js";
import { expectCleanRun, fuzzParameters, hostileString } from "./harness.js";

const flagSets = fc.constantFrom<string[]>([], ["--json"], ["--no-color"], ["--area", "sandboxes"], ["--status", "409"], ["--json", "--area", "snapshots"]);

describe("generated input", () => {
  it("explain survives any codes and flags", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileString, { minLength: 1, maxLength: 3 }), flagSets, fc.boolean(), async (codes, flags, tty) => {
        const result = await runInProcess(["explain", ...flags, "--", ...codes], { tty });
        expectCleanRun(result, { json: flags.includes("--json"), colour: tty && !flags.includes("--no-color") });
        expect([0, 2, 3]).toContain(result.code);
      }),
      fuzzParameters(),
    );
  });

  it("search survives any words", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileString, { minLength: 1, maxLength: 3 }), flagSets, async (words, flags) => {
        const result = await runInProcess(["search", ...flags, "--", ...words]);
        expectCleanRun(result, { json: flags.includes("--json") });
        expect([0, 2, 3]).toContain(result.code);
      }),
      fuzzParameters(),
    );
  });

  it("any flag values are a clean usage error or a result", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("explain", "list", "search"), hostileString, hostileString, async (command, area, status) => {
        const result = await runInProcess([command, "--area", area, "--status", status, ...(command === "list" ? [] : ["x"])]);
        expectCleanRun(result);
      }),
      fuzzParameters(),
    );
  });

  describe("user catalogs", () => {
    const dir = mkdtempSync(join(tmpdir(), "miosa-err-fuzz-catalog-"));
    let n = 0;
    const write = (content: string) => {
      const file = join(dir, `c${n++}.json`);
      writeFileSync(file, content);
      return file;
    };
    const entryLike = fc.record(
      {
        code: fc.oneof(hostileString, fc.constant("__proto__"), fc.constant("constructor")),
        area: fc.oneof(fc.constantFrom("sandboxes", "billing", "__proto__"), hostileString),
        http_status: fc.oneof(fc.integer({ min: -10, max: 1000 }), fc.constant(null), hostileString),
        meaning: hostileString,
        action: hostileString,
        retry: fc.constantFrom("never", "backoff", "__proto__", 7),
        fault: fc.constantFrom("request", "platform", "constructor"),
        __proto__: fc.jsonValue(),
        constructor: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    const documents = fc.oneof(
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.array(entryLike, { maxLength: 4 }).map((entries) => JSON.stringify({ entries })),
      // A bare array of entries, the other form a catalog file may take.
      fc.array(entryLike, { maxLength: 4 }).map((entries) => JSON.stringify(entries)),
      fc.string({ unit: "binary", maxLength: 200 }),
    );

    it("load safely or fail with one clear line; the prototype is never polluted", async () => {
      await fc.assert(
        fc.asyncProperty(documents, fc.boolean(), async (content, json) => {
          const result = await runInProcess(["list", "--catalog", write(content), ...(json ? ["--json"] : [])]);
          expectCleanRun(result, { json: json && result.code === 0, maxStderrLines: 1 });
          expect([0, 2]).toContain(result.code);
          if (result.code === 2) expect(result.stderr).toMatch(/^miosa-err: (bad catalog|catalog) /);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          expect(Object.getPrototypeOf({})).toBe(Object.prototype);
          expect(Object.keys(Object.prototype)).toEqual([]);
        }),
        fuzzParameters(),
      );
    });

    it("a JSON document with __proto__ keys is refused without polluting", async () => {
      const file = write(
        '{"entries":[{"__proto__":{"polluted":true},"code":"X","area":"common","http_status":400,"meaning":"m","action":"a","retry":"never","fault":"request"}]}',
      );
      const result = await runInProcess(["list", "--catalog", file]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("field __proto__: is not a catalog field");
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });
});
