// decode on hostile input through the built CLI: no crash, no stack trace,
// no terminal escape from the input reaching the terminal, no key in full.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT, runCli } from "./run-cli.js";

const STACK = /\n\s+at .+\(|node:internal/;

describe("decode on hostile input", () => {
  it.each([
    ["binary data", Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 2654435761) % 251))],
    ["100 000 nested brackets", Buffer.from(`${"[".repeat(100_000)}${"]".repeat(100_000)}\n${"{".repeat(100_000)}\n`)],
    ["deeply nested error objects", Buffer.from(`${'{"error":'.repeat(100_000)}"x"${"}".repeat(100_000)}\n`)],
  ])("%s: a clean exit and at most a one-line message", (_name, input) => {
    const result = runCli(["decode"], { input });
    expect([0, 3]).toContain(result.status);
    expect(result.stderr).not.toMatch(STACK);
    for (const line of result.stderr.trim().split("\n")) expect(line).toMatch(/^miosa-err: /);
  });

  it("warns that binary input looks binary", () => {
    const result = runCli(["decode"], { input: Buffer.from([0, 1, 2, 0, 255, 10]) });
    expect(result.status).toBe(3);
    expect(result.stderr).toBe(
      "miosa-err: warning: looks like binary data (NUL bytes); decoding the text in it\nmiosa-err: read 6 bytes (1 line): no MIOSA error in it\n",
    );
  });

  it("finds an envelope between invalid UTF-8 bytes", () => {
    const input = Buffer.concat([
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a]),
      Buffer.from('\xff {"error":{"code":"NOT_FOUND","message":"caf\u00e9 \u00ff","request_id":"req_1"}} \xfe\n', "latin1"),
    ]);
    const result = runCli(["decode", "--json"], { input });
    expect(result.status).toBe(0);
    const finding = JSON.parse(result.stdout).findings[0];
    expect(finding).toMatchObject({ code: "NOT_FOUND", request_id: "req_1", source: { line: 2 } });
  });

  it("salvages a truncated envelope and says so", () => {
    const result = runCli(["decode", "--json", "-e", 'log: {"error":{"code":"SANDBOX_NOT_RUNNING","request_id":"req_cut","message":"sandbox sb_1 is not ru']);
    expect(result.status).toBe(0);
    const finding = JSON.parse(result.stdout).findings[0];
    expect(finding).toMatchObject({ code: "SANDBOX_NOT_RUNNING", request_id: "req_cut", message: "sandbox sb_1 is not ru" });
    expect(finding.warnings[0]).toContain("the JSON was cut off");
  });

  it("reads an envelope whose fields are numbers, objects and null, with warnings", () => {
    const result = runCli(["decode", "--json", "-e", '{"error":{"code":409,"message":{"text":"nested"},"request_id":null,"details":null}}']);
    expect(result.status).toBe(0);
    const finding = JSON.parse(result.stdout).findings[0];
    expect(finding).toMatchObject({ code: "409", message: '{"text":"nested"}', request_id: null });
    expect(finding.warnings).toEqual(["code was a number (409), not text", "message was an object, not text"]);
    const human = runCli(["decode", "-e", '{"error":{"code":["A"],"message":42,"request_id":{"id":1}}}']);
    expect(human.status).toBe(0);
    expect(human.stderr).toBe("");
  });

  it("neutralises terminal control sequences and bidi overrides in human and Markdown output; JSON escapes them", () => {
    const evil =
      '{"error":{"code":"X\\u001b[2J","message":"ok \\u001b]8;;https://evil\\u0007click\\u001b]8;;\\u0007 \\u202egnp.exe \\u009b31m","request_id":"req_\\u001b[31mred"}}';
    for (const format of ["human", "markdown"]) {
      const result = runCli(["decode", "--format", format, "-e", evil], { env: { FORCE_COLOR: "0" } });
      expect(result.status).toBe(0);
      expect(result.stdout).not.toMatch(/[\u001b\u0007\u202e\u009b]/);
      expect(result.stdout).toContain("\\x1b[2J");
      expect(result.stdout).toContain("\\u202e");
    }
    const json = runCli(["decode", "--json", "-e", evil]);
    expect(json.stdout).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(JSON.parse(json.stdout).findings[0].message).toContain("\u001b]8;;https://evil");
  });

  it("never echoes an API key or Authorization value in full, in any format", () => {
    const input = [
      "> GET /api/v1/sandboxes HTTP/2",
      "> authorization: Bearer msk_live_9fKq2LmZ8xW4tR7vN3bY6cHd",
      "> ",
      "< HTTP/2 401 ",
      "< x-request-id: req_auth",
      "< ",
      '{"error":{"code":"invalid_token","message":"key msk_u_AbCdEfGh12345678 is revoked; Authorization: Bearer abcdefghijklmnop"}}',
    ].join("\n");
    for (const format of ["human", "markdown", "json"]) {
      const result = runCli(["decode", "--format", format], { input });
      expect(result.status).toBe(0);
      // Markdown escapes the underscore; the text is the same once rendered.
      const shown = format === "markdown" ? result.stdout.replace(/\\_/g, "_") : result.stdout;
      for (const secret of ["msk_live_9fKq2LmZ8xW4tR7vN3bY6cHd", "msk_u_AbCdEfGh12345678", "abcdefghijklmnop"]) expect(shown).not.toContain(secret);
      expect(shown).toContain("msk_…6cHd");
      expect(shown).toContain("msk_…5678");
    }
  });
});

describe("decode at scale", () => {
  it("keeps memory flat on a 256 MB log streamed through stdin (peak RSS under 150 MB)", async () => {
    const wrapper = `import { main, systemIO } from "./dist/cli.js";
main(process.argv.slice(1), systemIO()).then((code) => {
  process.exitCode = code;
  process.stderr.write("maxrss " + process.resourceUsage().maxRSS + "\\n");
});`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", wrapper, "decode", "--json"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let findings = 0;
    let tail = "";
    child.stdout.on("data", (chunk: Buffer) => {
      const text = tail + chunk.toString("latin1");
      // A finding's object opens with its kind (a group in "groups" opens with its code).
      findings += text.split('{\n      "kind": "envelope"').length - 1;
      tail = text.slice(-40);
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const lines: string[] = [];
    for (let i = 0; i < 100; i++) {
      lines.push(
        i === 99
          ? `{"ts":"2025-11-24T09:14:03.219Z","level":"warn","msg":"miosa call failed","path":"/api/v1/sandboxes/sb_1/exec","status":409,"body":"{\\"error\\":{\\"code\\":\\"SANDBOX_NOT_RUNNING\\",\\"message\\":\\"not running\\",\\"request_id\\":\\"req_01KATJ8G2HM9S346Q3D25VT4F5\\"}}"}`
          : `{"ts":"2025-11-24T09:14:01.002Z","level":"info","msg":"request completed","method":"GET","path":"/api/v1/sandboxes","status":200,"duration_ms":${i},"request_id":"req_01KATJ8G2HM9S346Q3D25VT4F${i % 10}"}`,
      );
    }
    const block = Buffer.from(`${lines.join("\n")}\n`);
    const copies = Math.ceil((256 * 1024 * 1024) / block.length);
    for (let i = 0; i < copies; i++) {
      if (!child.stdin.write(block)) await new Promise((resolve) => child.stdin.once("drain", resolve));
    }
    child.stdin.end();
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(status).toBe(0);
    expect(findings).toBe(copies);
    const rssKb = Number(/maxrss (\d+)/.exec(stderr)?.[1]);
    expect(rssKb).toBeGreaterThan(0);
    expect(rssKb).toBeLessThan(150 * 1024);
  }, 120_000);
});
