// The built CLI as a user runs it: catalog import | validate, diff's exit
// status for CI, and a completion script sourced by a real bash.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
const bin = join(root, "bin/miosa-err.js");
const referenceCopy = join(root, "catalog/reference.md");
const dir = mkdtempSync(join(tmpdir(), "miosa-err-e2e-catalog-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    input,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("miosa-err catalog (built)", () => {
  it("imports the reference into a catalog that validate accepts, through a pipe", () => {
    const imported = cli(["catalog", "import", referenceCopy, "--areas", "reference"]);
    expect(imported.status).toBe(0);
    expect(JSON.parse(imported.stdout).entries).toHaveLength(56);
    const validated = cli(["catalog", "validate", "-"], imported.stdout);
    expect(validated.status).toBe(0);
    expect(validated.stdout).toBe("stdin: valid, 56 entries (56 replace built-in entries, 0 new)\n");
  });

  it("diff exits 0 when the page agrees and 1 when it does not", () => {
    expect(cli(["catalog", "diff", referenceCopy, "--areas", "reference"]).status).toBe(0);
    const changed = join(dir, "changed.md");
    writeFileSync(
      changed,
      readFileSync(referenceCopy, "utf8").replace(
        "AGENT_UNAVAILABLE | 502 | In-VM envd agent unreachable",
        "AGENT_UNAVAILABLE | 503 | In-VM envd agent unreachable",
      ),
    );
    const result = cli(["catalog", "diff", changed, "--areas", "reference"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("changed\tcomputers\tAGENT_UNAVAILABLE\thttp\t502\t503\n");
  });

  it("fails with one line and exit 2 for a missing page, never a stack trace", () => {
    const result = cli(["catalog", "diff", join(dir, "absent.md")]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`miosa-err: cannot read ${join(dir, "absent.md")}: no such file\n`);
  });

  it("prints a bash completion script that completes explain SANDBOX_ in bash", () => {
    const script = cli(["completion", "bash"]);
    expect(script.status).toBe(0);
    const path = join(dir, "completion.bash");
    writeFileSync(path, script.stdout);
    const driver = `source "${path}"; COMP_WORDS=(miosa-err explain SANDBOX_L); COMP_CWORD=2; _miosa_err; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const completed = spawnSync("bash", ["--norc", "--noprofile", "-c", driver], { encoding: "utf8" });
    expect(completed.stdout).toBe("SANDBOX_LIMIT_REACHED\n");
  });
});
