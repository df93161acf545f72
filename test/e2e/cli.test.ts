// The built CLI run as a user runs it: stdout, stderr and exit status.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, runCli } from "../helpers.js";

describe("miosa-err (built)", () => {
  it("explains a code, exit 0", async () => {
    const { code, stdout, stderr } = await runCli(["explain", "SANDBOX_LIMIT_REACHED"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toContain("SANDBOX_LIMIT_REACHED  sandboxes · 409 Conflict");
    expect(stdout).toContain("Destroy idle sandboxes or contact support to raise the limit");
    expect(stdout).not.toContain("\u001b");
  });

  it("colours with FORCE_COLOR even when piped", async () => {
    const { stdout } = await runCli(["explain", "SANDBOX_LIMIT_REACHED"], { env: { FORCE_COLOR: "1" } });
    expect(stdout).toContain("\u001b[");
  });

  it("prints JSON for explain, list and search", async () => {
    const explained = JSON.parse((await runCli(["explain", "invalid_token", "--json"])).stdout);
    expect(explained.matches.map((m: { meaning: string }) => m.meaning)).toEqual([
      "Authorization header missing, malformed, or the key/JWT is invalid",
      "Refresh token used on a non-auth endpoint",
    ]);
    expect(JSON.parse((await runCli(["list", "--json"])).stdout).entries.length).toBeGreaterThanOrEqual(56);
    expect(JSON.parse((await runCli(["search", "retry after", "--json"])).stdout).entries.length).toBeGreaterThan(0);
  });

  it("exits 3 for an unknown code, with suggestions on stderr", async () => {
    const { code, stdout, stderr } = await runCli(["explain", "SANDBOX_LIMIT"]);
    expect(code).toBe(3);
    expect(stdout).toBe("");
    expect(stderr).toContain("SANDBOX_LIMIT_REACHED");
  });

  it("exits 2 for an unknown option on a subcommand, without a stack trace", async () => {
    const { code, stderr } = await runCli(["search", "x", "--frobnicate"]);
    expect(code).toBe(2);
    expect(stderr).toBe("miosa-err: unknown option '--frobnicate'\n");
  });

  it("exits 2 for a catalog that does not exist, naming it", async () => {
    const { code, stderr } = await runCli(["list"], { env: { MIOSA_ERR_CATALOG: "/nonexistent/catalog.json" } });
    expect(code).toBe(2);
    expect(stderr).toBe("miosa-err: cannot read catalog /nonexistent/catalog.json: no such file\n");
  });

  it("shows examples in --help and the version with --version", async () => {
    const help = await runCli(["explain", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Examples:\n  miosa-err explain SANDBOX_LIMIT_REACHED");
    expect((await runCli(["--version"])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("ends quietly when the reader closes the pipe early", () => {
    const dir = mkdtempSync(join(tmpdir(), "miosa-err-pipe-"));
    const errFile = join(dir, "stderr.txt");
    // Far more output than a pipe buffer holds, so the write after `head` exits fails with EPIPE.
    const codes = Array.from({ length: 400 }, () => "409").join(" ");
    const result = spawnSync(
      "bash",
      ["-c", `set -o pipefail; "${process.execPath}" "${BIN}" explain ${codes} 2>"${errFile}" | head -1; echo "status=\${PIPESTATUS[0]}" >&2`],
      {
        encoding: "utf8",
        timeout: 20_000,
      },
    );
    expect(result.stdout.split("\n")[0]).toContain("catalog entries answer 409 Conflict");
    expect(readFileSync(errFile, "utf8")).toBe("");
    expect(result.stderr).toMatch(/status=0/);
  });

  it("ends quietly with exit 74 when the output cannot be written (full disk)", () => {
    const result = spawnSync("bash", ["-c", `"${process.execPath}" "${BIN}" list > /dev/full`], { encoding: "utf8", timeout: 20_000 });
    expect(result.status).toBe(74);
    expect(result.stderr).toBe("");
  });
});
