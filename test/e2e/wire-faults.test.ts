// probe, spawned as a user runs it, against servers that misbehave on the
// wire. Each fault gets a clear report, its documented exit status, ends by
// itself (a hang is killed by the guard and fails), and keeps memory bounded.
// Each test has its own server, so they run concurrently.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BIN } from "../helpers.js";
import {
  brotliBomb,
  closeMidBody,
  closeMidSuccess,
  continueThenNothing,
  encodedAnswer,
  endlessBody,
  gzipBomb,
  hugeHeader,
  nonUtf8Body,
  rawAnswer,
  redirectLoop,
  slowloris,
  startFaultServer,
  tricklingBody,
  type Fault,
  type FaultServer,
} from "../helpers/faults.js";
import { startCli, stopAll } from "../helpers/process.js";
import { expectCleanRun } from "../fuzz/harness.js";

const RSS_REPORTER = fileURLToPath(new URL("../helpers/report-rss.mjs", import.meta.url));
/** Peak memory a probe run may reach whatever the server sends (Node alone takes about 50 MB). */
const MEMORY_BOUND_KIB = 200 * 1024;
const TIMEOUT_MS = 1000;

const servers: FaultServer[] = [];
const dir = mkdtempSync(join(tmpdir(), "miosa-err-faults-"));
let runs = 0;

async function serve(fault: Fault): Promise<FaultServer> {
  const server = await startFaultServer(fault);
  servers.push(server);
  return server;
}

afterAll(async () => {
  stopAll();
  await Promise.all(servers.map((server) => server.close()));
  rmSync(dir, { recursive: true, force: true });
});

interface ProbeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  json: any;
  /** Peak resident memory of the process, KiB. */
  peakKiB: number;
}

/** `miosa-err probe --timeout 1000 ARGS` with its peak memory noted; killed (and so failed) if it outlives the timeout by far. */
async function probe(args: string[], json = false): Promise<ProbeRun> {
  const rssFile = join(dir, `rss-${runs++}`);
  const run = startCli(["--import", RSS_REPORTER, BIN, "probe", "--timeout", String(TIMEOUT_MS), ...args, ...(json ? ["--json"] : [])], {
    command: process.execPath,
    env: { MIOSA_ERR_TEST_RSS_FILE: rssFile },
    killAfterMs: TIMEOUT_MS + 8000,
  });
  const ended = await run.ended;
  expect(ended.signal, "probe was killed: it did not end by itself").toBeNull();
  expectCleanRun(ended, { json });
  return { ...ended, json: json ? JSON.parse(ended.stdout) : null, peakKiB: Number(readFileSync(rssFile, "utf8")) };
}

/** Both reports for one fault: human and --json. */
async function both(url: string, extra: string[] = []): Promise<[ProbeRun, ProbeRun]> {
  return Promise.all([probe([url, ...extra]), probe([url, ...extra], true)]);
}

describe.concurrent("headers that never come", () => {
  test("slowloris (one header byte a second): TIMEOUT within --timeout, exit 4, says the headers stalled", async () => {
    const server = await serve(slowloris);
    const [human, json] = await both(`${server.origin}/api/v1/sandboxes`);
    expect(human.code).toBe(4);
    expect(human.stdout).toContain("No HTTP answer (TIMEOUT)");
    expect(human.stdout).toContain(`within ${TIMEOUT_MS} ms: the response headers began to arrive but never ended`);
    expect(human.stderr).toMatch(/^miosa-err: no HTTP answer from 127\.0\.0\.1:\d+ \(TIMEOUT\)\n$/);
    expect(json.code).toBe(4);
    expect(json.json.result).toBe("no_response");
    expect(json.json.attempts[0].transport_error).toMatchObject({ code: "TIMEOUT", phase: "response" });
  });

  test("100 Continue then nothing: INVALID_HTTP at once, exit 4, names the interim answer", async () => {
    const server = await serve(continueThenNothing);
    const [human, json] = await both(`${server.origin}/api/v1/sandboxes`);
    expect(human.code).toBe(4);
    expect(human.stdout).toContain('sent an interim answer probe did not ask for ("HTTP/1.1 100 Continue") and no final answer');
    expect(json.json.attempts[0].transport_error).toMatchObject({ code: "INVALID_HTTP", phase: "response" });
  });

  test("an invalid status line: INVALID_HTTP, exit 4, quotes what came", async () => {
    const server = await serve(rawAnswer("HTTP/1.1 abc Weird\r\nContent-Length: 0\r\n\r\n"));
    const [human, json] = await both(`${server.origin}/api/v1/sandboxes`);
    expect(human.code).toBe(4);
    expect(human.stdout).toContain('is not valid HTTP/1.1: it began "HTTP/1.1 abc Weird"');
    expect(human.stdout).toContain("(Response does not match the HTTP/1.1 protocol (Invalid status code))");
    expect(json.json.attempts[0].transport_error.code).toBe("INVALID_HTTP");
  });

  test("not HTTP at all, with terminal escapes in it: quoted with the escapes made visible", async () => {
    const server = await serve(rawAnswer("\u001b[2J\u001b]0;owned\u0007SSH-2.0-OpenSSH_9.6\r\n"));
    const human = await probe([`${server.origin}/api/v1/sandboxes`]);
    expect(human.code).toBe(4);
    expect(human.stdout).toContain('it began "\\x1b[2J\\x1b]0;owned\\x07SSH-2.0-OpenSSH_9.6"');
  });

  test("a 10 MB header: refused past 16 KiB, exit 4, the rest never read", async () => {
    const server = await serve(hugeHeader());
    const [human, json] = await both(`${server.origin}/api/v1/sandboxes`);
    expect(human.code).toBe(4);
    expect(human.stdout).toContain("No HTTP answer (UND_ERR_HEADERS_OVERFLOW)");
    expect(human.stdout).toContain("are larger than 16 KiB, the most probe reads");
    expect(json.json.attempts[0].transport_error).toMatchObject({ code: "UND_ERR_HEADERS_OVERFLOW", phase: "response" });
    expect(human.peakKiB).toBeLessThan(MEMORY_BOUND_KIB);
  });
});

describe.concurrent("bodies that never end or never finish", () => {
  test("an endless body: cut at --max-body, exit 0, the server stopped long before its end, memory bounded", async () => {
    const server = await serve(endlessBody());
    const [human, json] = await both(`${server.origin}/api/v1/sandboxes`);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("1.0 MiB kept of a longer body (truncated)");
    expect(human.stdout).toContain("body cut at 1048576 bytes (the --max-body limit); the rest was discarded");
    expect(json.json.attempts[0]).toMatchObject({ status: 200, body_bytes: 1048576, body_truncated: true, body_incomplete: false });
    // Two runs of 512 MiB offered; probe stopped reading after its 1 MiB (plus what socket buffers hold).
    expect(server.sentBytes).toBeLessThan(2 * 64 * 1024 * 1024);
    expect(Math.max(human.peakKiB, json.peakKiB)).toBeLessThan(MEMORY_BOUND_KIB);
  });

  test("a body that trickles without end: the answer so far, TIMEOUT in the body, exit 1 for its 503", async () => {
    const server = await serve(tricklingBody);
    const [human, json] = await both(`${server.origin}/api/v1/sandboxes`);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain("503 Service Unavailable");
    expect(human.stdout).toContain("Incomplete answer (TIMEOUT)");
    expect(human.stdout).toContain(`did not finish within ${TIMEOUT_MS} ms: the status and headers came, the body was still arriving`);
    expect(json.json.attempts[0]).toMatchObject({ status: 503, body_incomplete: true, transport_error: { code: "TIMEOUT", phase: "body" } });
  });

  test("closed mid-body on a 502: the status, the header's request id and the note, exit 1", async () => {
    const server = await serve(closeMidBody);
    const [human, json] = await both(`${server.origin}/api/v1/sandboxes`);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain("502 Bad Gateway");
    expect(human.stdout).toContain("req_01JDZQ5YQ8N4W3V2B1C0XKMHTA (header)");
    expect(human.stdout).toContain("Incomplete answer (UND_ERR_SOCKET)");
    expect(human.stdout).toContain("body incomplete: the connection broke after 24 bytes of the 1000 bytes announced");
    expect(json.json.result).toBe("api_error");
    expect(json.json.attempts[0]).toMatchObject({ status: 502, request_id: "req_01JDZQ5YQ8N4W3V2B1C0XKMHTA", body_incomplete: true });
    // The body broke off inside the code: no made-up "UPSTRE" code, the cut named instead.
    expect(json.json.attempts[0].finding.code).toBeNull();
    expect(human.stdout).toContain('the JSON was cut off inside the code ("UPSTRE…")');
  });

  test("closed mid-body on a 200: not a success, exit 4, one stderr line that says so", async () => {
    const server = await serve(closeMidSuccess);
    const [human, json] = await both(`${server.origin}/api/v1/sandboxes`);
    expect(human.code).toBe(4);
    expect(human.stdout).toContain("200 OK");
    expect(human.stdout).toContain("Incomplete answer");
    expect(human.stderr).toMatch(/^miosa-err: incomplete HTTP answer from 127\.0\.0\.1:\d+: 200, then UND_ERR_SOCKET while reading the body\n$/);
    expect(json.json).toMatchObject({ result: "no_response", attempts: [{ status: 200, body_incomplete: true }] });
  });
});

describe.concurrent("bodies that are not what they say", () => {
  let gzipped: Buffer;
  let brotli: Buffer;
  beforeAll(async () => {
    gzipped = gzipBomb(512);
    brotli = await brotliBomb(512);
  });

  test("a gzip bomb (512 MiB from about half a MiB) on a 500: 1 MiB kept, says so, exit 1, memory bounded", async () => {
    const server = await serve(encodedAnswer("500 Internal Server Error", "gzip", gzipped));
    const [human, json] = await both(`${server.origin}/api/v1/sandboxes`);
    expect(human.code).toBe(1);
    const note = /the gzip body inflates past the --max-body limit: 1048576 bytes kept from (\d+) bytes received/.exec(human.stdout);
    expect(note).not.toBeNull();
    // probe stopped reading once 1 MiB had come out: far less than the whole bomb went in.
    expect(Number(note![1])).toBeLessThan(gzipped.length / 4);
    expect(json.json.attempts[0]).toMatchObject({ status: 500, body_bytes: 1048576, body_truncated: true, content_encoding_decoded: "gzip" });
    expect(Math.max(human.peakKiB, json.peakKiB)).toBeLessThan(MEMORY_BOUND_KIB);
  });

  test("a br bomb on a 200: the same cap after decompressing, exit 0", async () => {
    const server = await serve(encodedAnswer("200 OK", "br", brotli));
    const [human, json] = await both(`${server.origin}/api/v1/sandboxes`, ["--max-body", "64KiB"]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("the br body inflates past the --max-body limit: 65536 bytes kept");
    expect(json.json.attempts[0]).toMatchObject({ body_bytes: 65536, body_truncated: true, content_encoding_decoded: "br" });
    expect(human.peakKiB).toBeLessThan(MEMORY_BOUND_KIB);
  });

  test("a body labelled gzip that is not: shown as received, with the reason", async () => {
    const server = await serve(encodedAnswer("404 Not Found", "gzip", Buffer.from('{"error":{"code":"NOT_FOUND","message":"plain"}}')));
    const human = await probe([`${server.origin}/api/v1/sandboxes/sb_1`]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/the body says Content-Encoding gzip but does not decompress \([^)]+\); shown as received/);
    expect(human.stdout).toContain("NOT_FOUND");
  });

  test("a non-UTF-8 body: explained, the bad bytes shown as \uFFFD, no control byte reaches the terminal", async () => {
    const server = await serve(nonUtf8Body);
    const [human, json] = await both(`${server.origin}/api/v1/sandboxes/sb_1`);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain("the body is not valid UTF-8: bytes that are not UTF-8 are shown as \uFFFD");
    expect(human.stdout).toContain("NOT_FOUND");
    expect(json.json.attempts[0].finding).toMatchObject({ code: "NOT_FOUND", request_id: "req_01JDZQ5YQ8N4W3V2B1C0XKMHTA" });
  });
});

describe.concurrent("redirects", () => {
  test("a redirect loop with --follow: stopped at the first repeat, said so, exit 1", async () => {
    const server = await serve(redirectLoop);
    const [human, json] = await both(`${server.origin}/a`, ["--follow"]);
    expect(human.code).toBe(1);
    const origin = server.origin;
    expect(human.stdout).toContain(`redirect loop: ${origin}/a → ${origin}/b → ${origin}/a; stopped following`);
    expect(json.json.attempts[0].redirects).toHaveLength(1);
    // Two requests a run (/a and /b), then it stopped.
    expect(server.requests).toBe(4);
  });

  test("without --follow: the redirect is reported, not followed", async () => {
    const server = await serve(redirectLoop);
    const human = await probe([`${server.origin}/a`]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain("redirect to /b not followed (add --follow to follow it)");
    expect(server.requests).toBe(1);
  });
});

describe.concurrent("the health check (probe without a path) against the same faults", () => {
  test.each<[string, Fault, RegExp]>([
    ["100 Continue then nothing", continueThenNothing, /FAIL\s+health\s+GET \/health: .*sent an interim answer/],
    ["a 10 MB header", hugeHeader(), /FAIL\s+health\s+GET \/health: The response headers .* are larger than 16 KiB/],
    ["an invalid status line", rawAnswer("HTTP/1.1 abc Weird\r\n\r\n"), /FAIL\s+health\s+GET \/health: The answer from .* is not valid HTTP\/1\.1/],
  ])("%s: a failed health row, exit 4", async (_name, fault, row) => {
    const server = await serve(fault);
    const run = await probe(["--base-url", server.origin]);
    expect(run.code).toBe(4);
    expect(run.stdout).toMatch(row);
  });
});
