// decode's run function through main() with an in-memory IO: options,
// output formats, exit outcomes and messages.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { testIO, type TestIOOptions } from "../../src/cli/io.js";

const ID = "req_01KATJ8G2HM9S346Q3D25VT4F5";
const ENVELOPE = `{"error":{"code":"SANDBOX_LIMIT_REACHED","message":"limit reached","request_id":"${ID}"}}`;
const SECOND = '{"error":{"code":"NOT_FOUND","message":"snapshot not found","request_id":"req_two"}}';

async function run(argv: string[], options: TestIOOptions = {}) {
  const io = testIO(options);
  const code = await main(argv, io);
  return { code, out: io.output(), err: io.errors() };
}

describe("decode command", () => {
  it("exits 3 with what was read when no MIOSA error is in the input", async () => {
    const result = await run(["decode"], { stdin: "hello\nall good here\n" });
    expect(result.code).toBe(3);
    expect(result.out).toBe("");
    expect(result.err).toBe("miosa-err: read 20 bytes (2 lines): no MIOSA error in it\n");
  });

  it("prints the JSON document with empty findings and exits 3", async () => {
    const result = await run(["decode", "--json", "-e", "nothing"]);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.out)).toEqual({ findings: [], request_ids: [], summary: {}, groups: [], warnings: [] });
  });

  it("writes exactly the issue's JSON shape, byte for byte as JSON.stringify would", async () => {
    const result = await run(["decode", "--json", "-e", ENVELOPE, "-e", SECOND]);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.out) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual(["findings", "request_ids", "summary", "groups", "warnings"]);
    expect(result.out).toBe(`${JSON.stringify(document, null, 2)}\n`);
    expect(document.request_ids).toEqual([ID, "req_two"]);
    expect(document.summary).toEqual({ NOT_FOUND: 1, SANDBOX_LIMIT_REACHED: 1 });
  });

  it("lists the run's warnings (a limit hit, damage) in the document as well as on stderr", async () => {
    const deep = `${'{"a":'.repeat(40)}{"error":{"code":"NOT_FOUND","message":"x"}}${"}".repeat(40)}`;
    const result = await run(["decode", "--json", "-e", deep]);
    const warning = "(-e): line 1 nests values deeper than 32 levels: those below were not read";
    expect(JSON.parse(result.out).warnings).toEqual([warning]);
    expect(result.err).toContain(`miosa-err: warning: ${warning}\n`);
  });

  it("hints how to paste when stdin is a terminal", async () => {
    const result = await run(["decode"], { stdinTTY: true, stdin: ENVELOPE });
    expect(result.err).toContain("paste the response, log or ticket, then press Ctrl-D");
    expect(result.code).toBe(0);
  });

  it("with --each, a card per finding and a summary table and every request id at the end", async () => {
    const result = await run(["decode", "--each", "-e", `${ENVELOPE}\n${SECOND}\n${ENVELOPE}`]);
    expect(result.out).toContain("1. SANDBOX_LIMIT_REACHED");
    expect(result.out).toContain("2. NOT_FOUND");
    expect(result.out).toContain("3 errors found\nSANDBOX_LIMIT_REACHED\t2\nNOT_FOUND\t1\n");
    expect(result.out).toContain(`Request IDs (one per line, for support)\n${ID}\nreq_two\n`);
  });

  it("shows no summary for a single finding", async () => {
    const result = await run(["decode", "-e", ENVELOPE]);
    expect(result.out).not.toContain("errors found");
  });

  it("links request ids with --log-url: OSC 8 on a terminal, plain text when piped", async () => {
    const template = "https://logs.example/search?q={request_id}";
    const url = `https://logs.example/search?q=${ID}`;
    const piped = await run(["decode", "--log-url", template, "-e", ENVELOPE]);
    expect(piped.out).toContain(`Logs        ${url}\n`);
    expect(piped.out).not.toContain("\u001b]8;;");
    const tty = await run(["decode", "-e", ENVELOPE], { tty: true, env: { MIOSA_ERR_LOG_URL: template } });
    expect(tty.out).toContain(`\u001b]8;;${url}\u001b\\`);
    const json = await run(["decode", "--json", "--log-url", template, "-e", ENVELOPE]);
    expect(JSON.parse(json.out).findings[0].log_url).toBe(url);
  });

  it("refuses a log URL template without {request_id}", async () => {
    const result = await run(["decode", "--log-url", "https://logs.example/", "-e", ENVELOPE]);
    expect(result.code).toBe(2);
    expect(result.err).toBe('miosa-err: --log-url needs {request_id} in it, e.g. https://logs.example/search?q={request_id} (got "https://logs.example/")\n');
    const env = await run(["decode", "-e", ENVELOPE], { env: { MIOSA_ERR_LOG_URL: "javascript:{request_id}" } });
    expect(env.code).toBe(2);
    expect(env.err).toContain("MIOSA_ERR_LOG_URL must be an http(s) URL");
  });

  it("prints Markdown for a ticket reply", async () => {
    const result = await run(["decode", "--format", "markdown", "-e", `${ENVELOPE}\n${SECOND}`]);
    expect(result.out).toContain("### 1. `SANDBOX_LIMIT_REACHED`");
    expect(result.out).toContain("- **What it means:** ");
    expect(result.out).toContain("- **What to do:** ");
    expect(result.out).toContain(`- **Request ID:** \`${ID}\``);
    expect(result.out).toContain(`Request IDs:\n\n\`\`\`\n${ID}\nreq_two\n\`\`\`\n`);
  });

  it("rejects an unknown format and --json with another format", async () => {
    expect((await run(["decode", "--format", "xml", "-e", ENVELOPE])).code).toBe(2);
    const both = await run(["decode", "--json", "--format", "markdown", "-e", ENVELOPE]);
    expect(both.code).toBe(2);
    expect(both.err).toBe("miosa-err: --json and --format markdown cannot be used together\n");
  });

  it("exits 2 for a missing file or a directory, before reading anything", async () => {
    const missing = await run(["decode", "no/such/file.log"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe("miosa-err: cannot read no/such/file.log: no such file\n");
    const directory = await run(["decode", tmpdir()]);
    expect(directory.code).toBe(2);
    expect(directory.err).toContain("it is a directory");
  });

  it("exits 2 for an unknown option", async () => {
    const result = await run(["decode", "--frobnicate"]);
    expect(result.code).toBe(2);
    expect(result.err).toContain("unknown option");
  });

  it("reads several files in order, naming each in the source, and decompresses gzip", async () => {
    const dir = mkdtempSync(join(tmpdir(), "decode-"));
    writeFileSync(join(dir, "a.log"), `noise\n${ENVELOPE}\n`);
    writeFileSync(join(dir, "b.log.gz"), gzipSync(`x\ny\n${SECOND}\n`));
    const result = await run(["decode", "--json", join(dir, "a.log"), join(dir, "b.log.gz")]);
    const findings = JSON.parse(result.out).findings as { code: string; source: { line: number; input: string } }[];
    expect(findings.map((finding) => [finding.code, finding.source.line, finding.source.input])).toEqual([
      ["SANDBOX_LIMIT_REACHED", 2, join(dir, "a.log")],
      ["NOT_FOUND", 3, join(dir, "b.log.gz")],
    ]);
  });

  it("exits 2 for a file that claims to be gzip but is not", async () => {
    const dir = mkdtempSync(join(tmpdir(), "decode-"));
    writeFileSync(join(dir, "bad.gz"), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x61, 0x62, 0x63]));
    const result = await run(["decode", join(dir, "bad.gz")]);
    expect(result.code).toBe(2);
    expect(result.err).toBe(`miosa-err: cannot read ${join(dir, "bad.gz")}: not valid gzip data\n`);
  });

  it("reads stdin for `-`", async () => {
    const result = await run(["decode", "--json", "-"], { stdin: SECOND });
    expect(JSON.parse(result.out).findings[0].code).toBe("NOT_FOUND");
  });

  it("has help with examples", async () => {
    const result = await run(["decode", "--help"]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("Examples:");
    expect(result.out).toContain("--log-url <template>");
  });
});
