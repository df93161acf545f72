// The built CLI on a real pseudo-terminal (util-linux `script`): the pager and
// the progress line appear there and never when piped; NDJSON reaches a pipe
// line by line while the input is still open.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ROOT } from "../helpers.js";
import { runCli } from "./run-cli.js";

const LOG = fileURLToPath(new URL("../fixtures/triage/app.log", import.meta.url));
const PAGER = "sed s/^/PAGED:/";

/** Runs the CLI with stdout and stderr on one pseudo-terminal; what the terminal got. */
function onTerminal(args: string[], env: Record<string, string>, cwd = ROOT): string {
  const command = [process.execPath, BIN, ...args].map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(" ");
  const result = spawnSync("/usr/bin/script", ["-qfec", command, "/dev/null"], {
    cwd,
    env: { PATH: process.env.PATH ?? "", SHELL: "/bin/sh", TERM: "xterm", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
  return result.stdout;
}

describe("the pager", () => {
  it("takes a terminal's output: MIOSA_ERR_PAGER first, then PAGER", () => {
    expect(onTerminal(["decode", LOG], { MIOSA_ERR_PAGER: PAGER, PAGER: "false" })).toMatch(/^PAGED:.*9 errors in 3 groups/);
    expect(onTerminal(["decode", LOG], { PAGER })).toMatch(/^PAGED:.*9 errors in 3 groups/);
  });

  it("is left out with --no-pager, with an empty or cat pager, for --ids, and when piped", () => {
    for (const [args, env] of [
      [["decode", "--no-pager", LOG], { PAGER }],
      [["decode", LOG], { PAGER: "" }],
      [["decode", LOG], { MIOSA_ERR_PAGER: "cat", PAGER }],
      [["decode", "--ids", LOG], { PAGER }],
    ] as const) {
      const shown = onTerminal([...args], env);
      expect(shown).toContain("req_01KB0000000000000000000001");
      expect(shown).not.toContain("PAGED:");
    }
    const piped = runCli(["decode", LOG], { env: { PAGER } });
    expect(piped.stdout.startsWith("9 errors in 3 groups")).toBe(true);
    expect(piped.stdout).not.toContain("PAGED:");
  });
});

describe("progress", () => {
  let dir: string;
  let big: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "miosa-err-progress-"));
    big = join(dir, "big.log");
    const line = (i: number) =>
      `{"error":{"code":"SANDBOX_NOT_RUNNING","message":"sandbox is not running","request_id":"req_${String(i).padStart(8, "0")}"}}\n`;
    writeFileSync(big, Array.from({ length: 40_000 }, (_, i) => line(i)).join(""));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is drawn on a terminal's stderr in place, with bytes, percent and findings, and erased before the output", () => {
    // MIOSA_ERR_PROGRESS_DELAY=0: drawn from the first megabyte, however fast the machine.
    // Run beside the file: the line is cut to the terminal's width, and a temporary directory's path is long.
    const shown = onTerminal(["decode", "--no-pager", "big.log"], { MIOSA_ERR_PROGRESS_DELAY: "0" }, dir);
    expect(shown).toMatch(/^\r\u001b\[Kmiosa-err: reading big\.log: 1\.0 MB of 4\.\d MB \(\d+%\), \d+ errors so far\r\u001b\[K/);
    // Erased, then the triage view on a clean line.
    expect(shown).toMatch(/\r\u001b\[K(\u001b\[1m)?40000 errors in 1 group/);
  });

  it("is not shown when the run is quick (under a second by default) or stderr is not a terminal", () => {
    expect(onTerminal(["decode", "--no-pager", LOG], {})).not.toContain("miosa-err: reading");
    // Nor for NDJSON and --ids, which feed pipelines whose output shares the terminal.
    for (const view of [["--format", "ndjson"], ["--ids"]]) {
      expect(onTerminal(["decode", ...view, "big.log"], { MIOSA_ERR_PROGRESS_DELAY: "0" }, dir)).not.toContain("miosa-err: reading");
    }
    const piped = runCli(["decode", big], { env: { MIOSA_ERR_PROGRESS_DELAY: "0" } });
    expect(piped.stderr).toBe("");
    expect(piped.stdout.startsWith("40000 errors in 1 group")).toBe(true);
  });
});

/** decode --format ndjson on a pipe the test keeps open: the lines it has written, and a wait for the n-th. */
function liveDecode() {
  const child = spawn(process.execPath, [BIN, "decode", "--format", "ndjson"], { stdio: ["pipe", "pipe", "pipe"] });
  const lines: string[] = [];
  let text = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    text += chunk;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n")) {
      lines.push(text.slice(0, end));
      text = text.slice(end + 1);
    }
  });
  const arrived = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (lines.length < count) return;
        clearInterval(timer);
        resolve();
      }, 10);
      child.on("close", () => reject(new Error("the CLI ended before writing its lines")));
      setTimeout(() => reject(new Error(`no ${count} lines within 10 s`)), 10_000);
    });
  return { child, lines, arrived };
}

describe("NDJSON in a pipeline", () => {
  it("writes a finding's line while the input is still open", async () => {
    const { child, lines, arrived } = liveDecode();
    try {
      child.stdin.write('{"error":{"code":"SANDBOX_NOT_RUNNING","message":"sandbox is not running","request_id":"req_live"}}\n');
      await arrived(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ kind: "envelope", code: "SANDBOX_NOT_RUNNING", request_id: "req_live" });
      expect(child.exitCode).toBeNull();
    } finally {
      child.stdin.end();
      child.kill();
    }
  });

  it("a body printed alone takes the status written on the line after it, and is shown with none once the pipe is quiet", async () => {
    const { child, lines, arrived } = liveDecode();
    try {
      child.stdin.write('{"error":{"code":"TEMPLATE_NOT_FOUND","message":"sandbox template not found"}}\n404\n');
      await arrived(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ code: "TEMPLATE_NOT_FOUND", http_status: 404 });
      // A second body, and then nothing: it is shown while the pipe stays open.
      child.stdin.write('{"error":{"code":"SANDBOX_NOT_RUNNING","message":"sandbox is not running"}}\n');
      await arrived(2);
      expect(JSON.parse(lines[1]!)).toMatchObject({ code: "SANDBOX_NOT_RUNNING", http_status: null });
      expect(child.exitCode).toBeNull();
    } finally {
      child.stdin.end();
      child.kill();
    }
  });
});

describe("a stream that never ends", () => {
  it("prints the triage view so far on Ctrl-C, and exits 130", async () => {
    const child = spawn(process.execPath, [BIN, "decode"], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    const ended = new Promise<number | null>((resolve) => child.on("close", resolve));
    const line = '{"error":{"code":"NOT_FOUND","message":"gone","request_id":"req_a"}}\n';
    child.stdin.write(line + line);
    // Long enough for node to start and read the lines; the input stays open.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    child.kill("SIGINT");
    expect(await ended).toBe(130);
    expect(stdout).toMatch(/^2 errors in 1 group · read \(stdin\)\n/);
    expect(stdout).toContain("1. NOT_FOUND  common · 404 Not Found  ×2\n");
  });
});
