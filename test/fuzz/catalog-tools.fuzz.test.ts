// catalog validate / import / diff, completion, and probe's own flags under
// generated input: a result, a report of problems, or one clear usage line,
// never a trace; and catalogs that are huge, deep or full of __proto__ load
// safely or are refused, with the prototype untouched.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { runInProcess } from "../helpers.js";
import { expectCleanRun, fuzzParameters, hostileString, SECRET_BEARER, SECRET_KEY, withinBound } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "miosa-err-fuzz-tools-"));
let files = 0;
function write(content: string | Buffer, extension = "md"): string {
  const file = join(dir, `f${files++}.${extension}`);
  writeFileSync(file, content);
  return file;
}
// A generous bound: after a long fuzz run on busy cores the default 10 s for hooks is not enough.
afterAll(() => rmSync(dir, { recursive: true, force: true }), 120_000);

function expectPrototypeClean(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}

const cell = fc.oneof(
  // A line break is dropped, not spaced: an msk_ key split by one stays one key (a space would end it).
  hostileString.map((text) => text.replace(/\|/g, " ").replace(/\r?\n/g, "")),
  fc.constantFrom("SANDBOX_LIMIT_REACHED", "409", "__proto__", "constructor", "", "  ", SECRET_KEY),
);
const row = fc.array(cell, { minLength: 1, maxLength: 6 }).map((cells) => `${cells.join(" | ")} |`);
const heading = fc.constantFrom("| Code | HTTP | Meaning | What to do |\n|---|", "| Code | HTTP | Meaning |\n|---|---|---|", "## sandboxes", "");

/** Pages shaped like the MIOSA reference, damaged in every way a copy can be. */
const referencePage: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.oneof(heading, row, hostileString), { maxLength: 30 }).map((lines) => lines.join("\n")),
  fc.string({ unit: "binary", maxLength: 500 }),
  fc.json({ maxDepth: 3 }),
);

const areaList = fc.option(fc.oneof(hostileString, fc.constantFrom("auth,common,sandboxes", "__proto__", "constructor,prototype", ",,,")), { nil: undefined });

describe("catalog subcommands, generated files", () => {
  it("catalog import and diff: entries, differences or one-line errors", async () => {
    await fc.assert(
      fc.asyncProperty(referencePage, fc.constantFrom("import", "diff"), areaList, fc.boolean(), async (page, command, areas, json) => {
        const args = ["catalog", command, write(page), ...(areas === undefined ? [] : ["--areas", areas]), ...(json && command === "diff" ? ["--json"] : [])];
        const result = await withinBound(runInProcess(args));
        expectCleanRun(result, { json: json && command === "diff" && result.code !== 2, maxStderrLines: 12 });
        expect([0, 1, 2]).toContain(result.code);
        expectPrototypeClean();
      }),
      fuzzParameters(),
    );
  });

  it("catalog validate: any JSON or bytes is a verdict (0 or 1) or a one-line error (2)", async () => {
    const entry = fc.dictionary(
      fc.constantFrom("code", "area", "http_status", "meaning", "action", "retry", "fault", "source", "__proto__", "constructor"),
      fc.oneof(hostileString, fc.jsonValue({ maxDepth: 2 })),
      { maxKeys: 9 },
    );
    const document = fc.oneof(
      fc.array(entry, { maxLength: 5 }).map((entries) => JSON.stringify({ entries })),
      fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
      fc.string({ unit: "binary", maxLength: 300 }),
    );
    await fc.assert(
      fc.asyncProperty(document, fc.boolean(), async (content, json) => {
        const result = await withinBound(runInProcess(["catalog", "validate", write(content, "json"), ...(json ? ["--json"] : [])]));
        expectCleanRun(result, { json: json && result.code !== 2, maxStderrLines: 40 });
        expect([0, 1, 2]).toContain(result.code);
        expectPrototypeClean();
      }),
      fuzzParameters(),
    );
  });
});

describe("user catalogs that are huge, deep or hostile", () => {
  it("over the 16 MiB limit: refused in one line, before parsing", async () => {
    const file = write(Buffer.alloc(17 * 1024 * 1024, " "), "json");
    const result = await runInProcess(["list", "--catalog", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^miosa-err: cannot read catalog .*: 17825792 bytes, over the 16 MiB limit\n$/);
  });

  it("a large valid catalog (20 000 entries) loads and is searchable", async () => {
    const entries = Array.from({ length: 20_000 }, (_, i) => ({
      code: `FUZZ_CODE_${i}`,
      area: "sandboxes",
      http_status: 409,
      meaning: `generated entry ${i}`,
      action: "nothing to do",
      retry: "never",
      fault: "request",
    }));
    const file = write(JSON.stringify({ entries }), "json");
    const result = await runInProcess(["explain", "FUZZ_CODE_19999", "--catalog", file, "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).matches[0]).toMatchObject({ code: "FUZZ_CODE_19999", meaning: "generated entry 19999" });
  });

  it.each([
    ["100 000 nested arrays", `${"[".repeat(100_000)}${"]".repeat(100_000)}`],
    ["100 000 nested objects", `${'{"entries":'.repeat(100_000)}[]${"}".repeat(100_000)}`],
    ["an entry nested 50 000 deep in a field", `{"entries":[{"code":"X","meaning":${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}}]}`],
  ])("%s: a one-line error, no stack overflow", async (_name, content) => {
    const result = await runInProcess(["list", "--catalog", write(content, "json")]);
    expectCleanRun(result, { maxStderrLines: 1 });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^miosa-err: (bad catalog|catalog) /);
  });

  it.each([
    ['{"__proto__":{"polluted":true},"entries":[]}'],
    ['{"entries":[],"constructor":{"prototype":{"polluted":true}}}'],
    ['{"entries":[{"code":"__proto__","area":"common","http_status":400,"meaning":"m","action":"a","retry":"never","fault":"request"}]}'],
    [
      '{"entries":[{"code":"constructor","area":"common","http_status":400,"meaning":"m","action":"a","retry":"never","fault":"request","constructor":{"prototype":{"polluted":true}}}]}',
    ],
  ])("%s: a clean result or error, the prototype untouched", async (content) => {
    const file = write(content, "json");
    for (const args of [
      ["list", "--catalog", file, "--json"],
      ["explain", "__proto__", "--catalog", file],
      ["catalog", "validate", file],
    ]) {
      const result = await runInProcess(args);
      expectCleanRun(result, { json: args.includes("--json") && result.code === 0, maxStderrLines: 10 });
      expectPrototypeClean();
    }
  });
});

describe("flags with hostile values", () => {
  it("completion takes any shell name: a script or one usage line", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileString, fc.constantFrom("bash", "zsh", "fish", "__proto__", "constructor", "BASH")), async (shell) => {
        const result = await withinBound(runInProcess(["completion", "--", shell]));
        expectCleanRun(result, { maxStderrLines: 2 });
        expect([0, 2]).toContain(result.code);
      }),
      fuzzParameters(),
    );
  });

  it("probe's flags: every bad value is one usage line naming the flag; nothing is sent, no secret echoed", async () => {
    const flag = fc.oneof(
      fc.tuple(fc.constantFrom("--base-url", "-X", "-H", "--timeout", "--max-body", "--retry", "--ca"), hostileString).map(([name, value]) => [name, value]),
      fc.constant(["--key", `${SECRET_KEY} x`]),
      fc.constant(["-H", `Authorization: Bearer ${SECRET_BEARER}\u0000`]),
      fc.constant(["--base-url", `http://user:${SECRET_KEY}@[::1`]),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(flag, { minLength: 1, maxLength: 3 }), hostileString, async (flags, path) => {
        // A base URL no test server answers: a flag that parses must still not reach the network.
        const args = ["probe", "--base-url", "http://127.0.0.1:9", ...flags.flat(), "--", path];
        const result = await withinBound(runInProcess(args, { env: { MIOSA_API_KEY: SECRET_KEY } }));
        expectCleanRun(result, { maxStderrLines: 3 });
        expect([0, 1, 2, 4]).toContain(result.code);
        if (result.code === 2) expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
      }),
      fuzzParameters(),
    );
  });
});
