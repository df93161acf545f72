// How the built CLI behaves as a process: Ctrl-C and SIGTERM mid-read,
// mid-request and mid-countdown; a reader that goes away; outputs that
// cannot be written. Everything here is spawned, as a user would run it.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { BIN } from "../helpers.js";
import { cliPidUnder, HAS_SCRIPT, startCli, startCliOnTerminal, stopAll } from "../helpers/process.js";

const ENVELOPE = '{"error":{"code":"SANDBOX_LIMIT_REACHED","message":"limit","request_id":"req_01JDZQ5YQ8N4W3V2B1C0XKMHTA"}}\n';

/** A server that takes requests and never answers them; it notes each request and each socket closed. */
let silent: Server;
let silentOrigin: string;
const sockets = new Set<Socket>();
const events: string[] = [];
/** One that always answers 503 with Retry-After: 100, so probe --retry counts down. */
let unavailable: Server;
let unavailableOrigin: string;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.once("data", () => events.push("request"));
    socket.on("close", () => {
      sockets.delete(socket);
      events.push("closed");
    });
  });
  silentOrigin = await listen(silent);
  unavailable = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
    const body = '{"error":{"code":"SERVICE_UNAVAILABLE","message":"try later"}}';
    socket.on("data", () =>
      socket.write(`HTTP/1.1 503 Service Unavailable\r\nRetry-After: 100\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`),
    );
  });
  unavailableOrigin = await listen(unavailable);
});

afterEach(() => stopAll());

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all([silent, unavailable].map((server) => new Promise((resolve) => server?.close(resolve))));
});

function expectNoTrace(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/Error:|node:internal/);
}

describe.each([
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const)("%s", (signal, status) => {
  test(`while decode reads a stdin that never ends: exit ${status} at once, no trace`, async () => {
    // --each: the default view waits for the end to choose between cards and the triage view.
    const run = startCli(["decode", "--each"]);
    run.child.stdin.write(ENVELOPE);
    // The finding is printed as its line is read: decode is now waiting for more input.
    await run.waitFor(/SANDBOX_LIMIT_REACHED/);
    run.child.kill(signal);
    const ended = await run.ended;
    expect(ended.code).toBe(status);
    expect(ended.signal).toBeNull();
    expect(ended.stderr).toBe("");
    expect(ended.stdout).toContain("req_01JDZQ5YQ8N4W3V2B1C0XKMHTA");
  });

  test(`while decode reads a named pipe given as a file that never ends: exit ${status} at once`, async () => {
    // `decode <(tail -f app.log)`: the path is a pipe, which must not be read with a blocking read.
    const dir = mkdtempSync(join(tmpdir(), "miosa-err-fifo-"));
    const fifo = join(dir, "log");
    execFileSync("mkfifo", [fifo]);
    const run = startCli(["decode", "--each", fifo]);
    const writer = await open(fifo, "w");
    try {
      await writer.write(ENVELOPE);
      await run.waitFor(/SANDBOX_LIMIT_REACHED/);
      run.child.kill(signal);
      const ended = await run.ended;
      expect(ended.code).toBe(status);
      expect(ended.stderr).toBe("");
    } finally {
      await writer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`while probe waits on a server that never answers: exit ${status}, the connection closed`, async () => {
    events.length = 0;
    const run = startCli(["probe", "--timeout", "600000", `${silentOrigin}/api/v1/sandboxes`]);
    await run.waitFor(/GET http/);
    await waitUntil(() => events.includes("request"));
    run.child.kill(signal);
    const ended = await run.ended;
    expect(ended.code).toBe(status);
    expectNoTrace(ended.stderr);
    expect(ended.stderr).toBe("");
    await waitUntil(() => events.includes("closed"));
  });

  test(`during a probe --retry wait (not a terminal): exit ${status}`, async () => {
    const run = startCli(["probe", "--retry", "3", `${unavailableOrigin}/api/v1/sandboxes`]);
    await run.waitFor(/retrying in 100\.0 s/);
    run.child.kill(signal);
    const ended = await run.ended;
    expect(ended.code).toBe(status);
    expect(ended.stderr).toBe("");
  });
});

describe.skipIf(!HAS_SCRIPT || process.platform !== "linux")("on a terminal (util-linux script)", () => {
  test("Ctrl-C during the --retry countdown: the countdown line is erased, exit 130", async () => {
    const run = startCliOnTerminal(["probe", "--retry", "3", `${unavailableOrigin}/api/v1/sandboxes`]);
    await run.waitFor(/attempt 2 of 4 in \d+ s…/);
    run.child.stdin.write("\x03");
    const ended = await run.ended;
    expect(ended.code).toBe(130);
    // The terminal echoes ^C; after it, the line is cleared so the prompt starts clean.
    const afterCountdown = ended.stdout.slice(ended.stdout.lastIndexOf("s…"));
    expect(afterCountdown).toMatch(/\r\u001b\[K$/);
    expectNoTrace(ended.stdout);
  });

  test("SIGTERM during the --retry countdown: the line is erased the same way, exit 143", async () => {
    const run = startCliOnTerminal(["probe", "--retry", "3", `${unavailableOrigin}/api/v1/sandboxes`]);
    await run.waitFor(/attempt 2 of 4 in \d+ s…/);
    const pid = cliPidUnder(run.child.pid!);
    expect(pid).not.toBeNull();
    process.kill(pid!, "SIGTERM");
    const ended = await run.ended;
    expect(ended.code).toBe(143);
    expect(ended.stdout).toMatch(/s…\r\u001b\[K$/);
  });

  test("Ctrl-C while decode waits for a paste: exit 130, no trace", async () => {
    const run = startCliOnTerminal(["decode"]);
    await run.waitFor(/press Ctrl-D/);
    run.child.stdin.write("\x03");
    const ended = await run.ended;
    expect(ended.code).toBe(130);
    expectNoTrace(ended.stdout);
  });
});

describe("outputs that go away", () => {
  const bash = (script: string) => spawnSync("bash", ["-c", script], { encoding: "utf8", timeout: 20_000 });
  const cli = `"${process.execPath}" "${BIN}"`;

  test.each([
    ["list --json", 0],
    ["search sandbox", 0],
    [`decode -e '${ENVELOPE.repeat(400).replace(/\n/g, " ")}'`, 0],
  ])("`%s | head -c 10`: the run's own status, nothing on stderr", (args, status) => {
    const result = bash(
      `${cli} ${args} 2>/tmp/miosa-err-head-$$.txt | head -c 10 >/dev/null; s=\${PIPESTATUS[0]}; cat /tmp/miosa-err-head-$$.txt; rm -f /tmp/miosa-err-head-$$.txt; exit $s`,
    );
    expect(result.stdout).toBe("");
    expect(result.status).toBe(status);
  });

  test("a closed stdout (>&-): Node opens /dev/null in its place, so the run succeeds without a trace", () => {
    const result = bash(`${cli} list >&-`);
    expectNoTrace(result.stderr);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  test("a closed stderr (2>&-) on a run that writes to it: its own status, nothing printed", () => {
    const result = bash(`${cli} explain NO_SUCH_CODE_AT_ALL 2>&-`);
    expect(result.status).toBe(3);
    expect(result.stdout).toBe("");
  });

  test("stderr to a full disk: exit 74, quietly", () => {
    const result = bash(`${cli} explain NO_SUCH_CODE_AT_ALL 2>/dev/full`);
    expect(result.status).toBe(74);
    expect(result.stdout).toBe("");
  });

  test("stdout to a full disk from decode: exit 74, quietly", () => {
    const result = bash(`printf '%s' '${ENVELOPE.trim()}' | ${cli} decode >/dev/full`);
    expect(result.status).toBe(74);
    expect(result.stderr).toBe("");
  });
});

async function waitUntil(condition: () => boolean, ms = 10_000): Promise<void> {
  for (const start = Date.now(); !condition(); ) {
    if (Date.now() - start > ms) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
