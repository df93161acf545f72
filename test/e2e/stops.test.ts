// Every way a run can be cut short ends with the status the exit table gives:
// a signal during a large file named as an argument (any format), a named
// pipe with no writer behind -d or --ca, an endless device behind a limit,
// and a reader that leaves the pipe before anything is written.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { BIN } from "../helpers.js";
import { startCli, stopAll } from "../helpers/process.js";

const dir = mkdtempSync(join(tmpdir(), "miosa-err-stops-"));
const bigLog = join(dir, "big.log");
const fifo = join(dir, "fifo");

beforeAll(() => {
  // About 40 MB: long enough that no format finishes it before the signal.
  const line = `${JSON.stringify({ level: "error", msg: "create failed", error: { code: "SANDBOX_LIMIT_REACHED", message: "limit", request_id: "req_01JDZQ5YQ8N4W3V2B1C0XKMHTA" } })}\n`;
  const block = line.repeat(10_000) + "x".repeat(150).concat("\n").repeat(10_000);
  writeFileSync(bigLog, block.repeat(Math.ceil((40 * 1024 * 1024) / block.length)));
  execFileSync("mkfifo", [fifo]);
});
afterEach(() => stopAll());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function stoppedAfter(args: string[], signal: NodeJS.Signals, waitMs: number) {
  const run = startCli(args);
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  expect(run.child.exitCode, "the run ended before the signal: make the input longer").toBeNull();
  const sent = Date.now();
  run.child.kill(signal);
  const ended = await run.ended;
  return { ...ended, ms: Date.now() - sent };
}

describe("a signal during decode of a large file named as an argument", () => {
  test.each([
    ["--json", "SIGINT", 130],
    ["--format=markdown", "SIGINT", 130],
    ["--format=human", "SIGTERM", 143],
    ["--json", "SIGTERM", 143],
  ] as const)("decode %s: %s stops it at once with %i", async (format, signal, status) => {
    const ended = await stoppedAfter(["decode", format, bigLog], signal, 300);
    expect(ended.code).toBe(status);
    // The bound is half a second; a loaded CI machine gets some slack.
    expect(ended.ms).toBeLessThan(1500);
    expect(ended.stderr).toBe("");
  });
});

describe("probe's files", () => {
  test.each([
    [["probe", "--base-url", "http://127.0.0.1:9", "sandboxes", "-d", `@${fifo}`], "SIGINT", 130],
    [["probe", "--base-url", "http://127.0.0.1:9", "--ca", fifo], "SIGTERM", 143],
  ] as const)("a named pipe with no writer (%j) still stops on %s", async (args, signal, status) => {
    const ended = await stoppedAfter([...args], signal, 400);
    expect(ended.code).toBe(status);
    expect(ended.ms).toBeLessThan(1500);
  });

  test.each([
    ["-d", ["sandboxes", "-d", "@/dev/zero"]],
    ["--ca", ["--ca", "/dev/zero"]],
  ])("%s /dev/zero: refused at the 16 MiB limit, not read to the end of memory", (what, args) => {
    const started = Date.now();
    const result = spawnSync(process.execPath, [BIN, "probe", "--base-url", "http://127.0.0.1:9", ...args], { encoding: "utf8", timeout: 20_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`miosa-err: cannot read ${what} /dev/zero: more than the 16 MiB limit\n`);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe("a reader that leaves before anything is written keeps the run's status", () => {
  const bash = (script: string) => spawnSync("bash", ["-c", `set -o pipefail; ${script}`], { encoding: "utf8", timeout: 20_000 });
  const cli = `"${process.execPath}" "${BIN}"`;
  test.each([
    ["explain NO_SUCH_CODE_AT_ALL 2>&1", 3],
    ["probe --base-url http://127.0.0.1:9 sandboxes 2>&1", 4],
    ["list", 0],
  ])("`%s | head -0` exits %i", (args, status) => {
    // Several times: whether the reader is gone before the first write is a race.
    for (let round = 0; round < 3; round++) expect(bash(`${cli} ${args} | head -0`).status).toBe(status);
  });
});
