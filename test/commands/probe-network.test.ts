// probe against local servers, the network side: redirects, no answer, limits,
// retries, TLS, a dispatcher handed in. Waits are recorded, not slept.
import { MockAgent } from "undici";
import { describe, expect, test } from "vitest";
import { probeAgainst, useProbeServers } from "../helpers/probe-run.js";
import type { TestIOOptions } from "../../src/cli/io.js";
import type { ProbeDeps } from "../../src/commands/probe-run.js";
import type { ProbeFlags } from "../../src/commands/probe-options.js";
import { VALID_KEY } from "../helpers/miosa.js";
import { closedPort } from "../helpers/servers.js";

const servers = useProbeServers();

function probe(path: string | undefined, flags: ProbeFlags = {}, io: TestIOOptions = {}, deps: ProbeDeps = {}) {
  return probeAgainst(servers.miosa.origin, path, flags, io, deps);
}

describe("redirects", () => {
  test("are not followed without --follow", async () => {
    const run = await probe("/redirect-away", { key: VALID_KEY });
    expect(run.outcome).toBe("api_error");
    expect(run.out).toContain("302 Found");
    expect(run.out).toContain(`redirect to ${servers.other.origin}/echo not followed (add --follow to follow it)`);
  });

  test("to another origin drop Authorization, as curl does", async () => {
    const before = servers.other.requests.length;
    const run = await probe("/redirect-away", { key: VALID_KEY, follow: true, json: true });
    expect(run.outcome).toBe("ok");
    expect(servers.other.requests.length).toBe(before + 1);
    expect(servers.other.requests.at(-1)!.headers.authorization).toBeUndefined();
    expect(run.json.attempts[0].redirects).toEqual([
      { status: 302, from: `${servers.miosa.origin}/redirect-away`, to: `${servers.other.origin}/echo`, dropped_headers: ["Authorization"] },
    ]);
    expect(run.json.attempts[0].url).toBe(`${servers.other.origin}/echo`);
  });

  test("within the origin keep it, and the method and body on 307", async () => {
    const run = await probe("/redirect-here", { key: VALID_KEY, follow: true, data: "{}" });
    expect(run.outcome).toBe("ok");
    expect(servers.miosa.requests.at(-1)).toMatchObject({ method: "POST", url: "/echo", body: "{}" });
    expect(servers.miosa.requests.at(-1)!.headers.authorization).toBe(`Bearer ${VALID_KEY}`);
  });

  test("stop after 5", async () => {
    const before = servers.miosa.requests.length;
    const run = await probe("/redirect-chain/1", { follow: true });
    expect(run.outcome).toBe("api_error");
    expect(servers.miosa.requests.length - before).toBe(6);
    expect(run.out).toContain("stopped after 5 redirects");
  });

  test("a redirect back to a URL already visited is a loop: stopped there, not at the limit", async () => {
    const before = servers.miosa.requests.length;
    const run = await probe("/redirect-loop", { follow: true, json: true });
    expect(run.outcome).toBe("api_error");
    expect(servers.miosa.requests.length - before).toBe(1);
    expect(run.json.attempts[0].notes).toEqual([
      `redirect loop: ${servers.miosa.origin}/redirect-loop → ${servers.miosa.origin}/redirect-loop; stopped following`,
    ]);
  });
});

describe("no HTTP answer (outcome no_response)", () => {
  test("connection refused: explained, and not retried", async () => {
    const port = await closedPort();
    const run = await probe("sandboxes", { baseUrl: `http://127.0.0.1:${port}`, retry: "3" });
    expect(run.outcome).toBe("no_response");
    expect(run.sleeps).toEqual([]);
    expect(run.out).toContain(`Connection refused by 127.0.0.1:${port}: nothing is listening there.`);
    expect(run.out).toContain("The host 127.0.0.1 came from the --base-url flag.");
    expect(run.out).toContain("not retried: ECONNREFUSED will not change by retrying at once");
    expect(run.err).toContain("miosa-err: no HTTP answer from");
  });

  test("DNS failure: explained, names the setting, not retried", async () => {
    const run = await probe("sandboxes", { baseUrl: undefined, retry: "2", json: true }, { env: { MIOSA_API_URL: "https://api.miosa.invalid" } });
    expect(run.outcome).toBe("no_response");
    expect(run.json.attempts).toHaveLength(1);
    expect(run.json.attempts[0].status).toBeNull();
    expect(run.json.attempts[0].transport_error).toMatchObject({
      code: "ENOTFOUND",
      phase: "dns",
      message: "DNS lookup failed: api.miosa.invalid does not resolve.",
    });
    expect(run.json.attempts[0].transport_error.checks).toContain("The host api.miosa.invalid came from env MIOSA_API_URL.");
    expect(run.json.attempts[0].timings_ms).toMatchObject({ dns: null, connect: null, tls: null, ttfb: null, transfer: null });
  });

  test("a reset connection is retried, then reported", async () => {
    const run = await probe("/reset", { retry: "1", json: true });
    expect(run.outcome).toBe("no_response");
    expect(run.json.attempts.map((attempt: any) => attempt.transport_error?.code)).toEqual(["ECONNRESET", "ECONNRESET"]);
    expect(run.sleeps).toEqual([250]);
  });

  test("an answer that never comes: timeout", async () => {
    const run = await probe("/hang", { timeout: "300" });
    expect(run.outcome).toBe("no_response");
    expect(run.out).toContain(`No answer from 127.0.0.1:${servers.miosa.port} within 300 ms (timed out while waiting for the response headers).`);
  });
});

describe("limits", () => {
  test("--timeout also bounds the body: headers came, the body stalled", async () => {
    const run = await probe("/stall-body", { timeout: "300", json: true });
    expect(run.outcome).toBe("no_response");
    expect(run.json.attempts[0].transport_error).toMatchObject({ code: "TIMEOUT", phase: "body" });
    expect(run.json.attempts[0].transport_error.message).toMatch(/did not finish within 300 ms: the status and headers came, the body was still arriving/);
    expect(run.json.attempts[0]).toMatchObject({ status: 200, body_incomplete: true, body_bytes: 10 });
    expect(typeof run.json.attempts[0].timings_ms.ttfb).toBe("number");
    expect(run.json.attempts[0].timings_ms.transfer).toBeNull();
  });

  test("an endless body is cut at --max-body and the report says so", async () => {
    const run = await probe("/endless", { maxBody: "64KiB", json: true });
    expect(run.outcome).toBe("ok");
    expect(run.json.attempts[0]).toMatchObject({ body_bytes: 65536, body_truncated: true });
    expect(run.json.attempts[0].notes).toContain("body cut at 65536 bytes (the --max-body limit); the rest was discarded");
    const human = await probe("/endless", { maxBody: "1k" });
    expect(human.out).toContain("1.0 KiB kept of a longer body (truncated)");
  });
});

describe("retries", () => {
  test("429 with Retry-After, then success: each attempt reported, the wait taken from the header", async () => {
    const run = await probe("/flaky-429/a", { retry: "2" });
    expect(run.outcome).toBe("ok");
    expect(run.sleeps).toEqual([1000]);
    expect(run.out).toMatch(/attempt 1 {2}429 Too Many Requests .*req_429 .*retrying in 1\.0 s \(HTTP 429 is transient\)/);
    expect(run.out).toMatch(/attempt 2 {2}200 OK/);
  });

  test("--json lists every attempt; the retry reuses the connection (no connection phases)", async () => {
    const run = await probe("/flaky-429/b", { retry: "2", json: true });
    expect(run.json.attempts.map((attempt: any) => attempt.status)).toEqual([429, 200]);
    expect(run.json.attempts[0]).toMatchObject({ retry_after_s: 1, retry: { delay_ms: 1000 } });
    expect(run.json.attempts[0].finding.code).toBe("rate_limit_exceeded");
    expect(run.json.attempts[1].timings_ms).toMatchObject({ dns: null, connect: null, tls: null });
    expect(run.json.result).toBe("ok");
  });

  test("without Retry-After: exponential backoff from 500 ms (jitter pinned low)", async () => {
    const run = await probe("/flaky-503/a", { retry: "3" });
    expect(run.outcome).toBe("ok");
    expect(run.sleeps).toEqual([250, 500]);
  });

  test("the wait can come from the body's retry_after_ms (read by decode)", async () => {
    const run = await probe("/flaky-retry-body/a", { retry: "1", json: true });
    expect(run.outcome).toBe("ok");
    expect(run.sleeps).toEqual([1500]);
    expect(run.json.attempts[0].retry_after_s).toBe(1.5);
  });

  test("a code the catalog says to retry is retried even on a status that is not", async () => {
    const run = await probe("/internal-error/a", { retry: "1", json: true });
    expect(run.json.attempts.map((attempt: any) => attempt.status)).toEqual([500, 200]);
    expect(run.json.attempts[0].retry.reason).toBe("the catalog says INTERNAL_ERROR may be retried");
  });

  test("--retry on a POST without an Idempotency-Key is warned about", async () => {
    const warned = await probe("/echo", { retry: "1", data: "{}" });
    expect(warned.err).toContain("--retry on POST without an Idempotency-Key header may repeat its effect");
    const keyed = await probe("/echo", { retry: "1", data: "{}", header: ["Idempotency-Key: k1"] });
    expect(keyed.err).toBe("");
  });

  test("stops after N more tries", async () => {
    const run = await probe("/flaky-503/b", { retry: "1", json: true });
    expect(run.outcome).toBe("api_error");
    expect(run.json.attempts.map((attempt: any) => attempt.status)).toEqual([503, 503]);
  });

  test("a countdown on stderr when it is a terminal, nothing when it is not", async () => {
    const tty = await probe("/flaky-429/c", { retry: "1" }, { tty: true });
    expect(tty.err).toContain("attempt 2 of 2 in 1 s…");
    const piped = await probe("/flaky-429/d", { retry: "1" });
    expect(piped.err).toBe("");
  });
});

describe("TLS", () => {
  test("a server whose CA is not trusted fails; --ca trusts it and TLS is timed", async () => {
    const untrusted = await probe("/health", { baseUrl: servers.secure.origin });
    expect(untrusted.outcome).toBe("no_response");
    expect(untrusted.out).toContain("signed by a CA this machine does not trust");
    expect(untrusted.out).toContain("--ca FILE");
    const trusted = await probe("/health", { baseUrl: servers.secure.origin, ca: servers.certs.caFile, json: true });
    expect(trusted.outcome).toBe("ok");
    expect(typeof trusted.json.attempts[0].timings_ms.tls).toBe("number");
  });

  test("a certificate for another host: wrong host", async () => {
    const run = await probe("/health", { baseUrl: servers.wrongHost.origin, ca: servers.certs.caFile });
    expect(run.outcome).toBe("no_response");
    expect(run.out).toContain(`the certificate presented at 127.0.0.1:${servers.wrongHost.port} is not for 127.0.0.1 (wrong host)`);
  });
});

describe("a dispatcher handed in", () => {
  test("is used instead of the network; connection phases are unknown there, so n/a with the reason", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get("https://api.miosa.ai")
      .intercept({ path: "/api/v1/sandboxes/sb_9", method: "GET" })
      .reply(
        409,
        { error: { code: "SANDBOX_NOT_RUNNING", message: "sandbox is stopped", request_id: "req_mock" } },
        {
          headers: { "content-type": "application/json", "x-request-id": "req_mock" },
        },
      );
    const run = await probe("sandboxes/sb_9", { baseUrl: undefined, key: VALID_KEY }, {}, { dispatcher: agent });
    await agent.close();
    expect(run.outcome).toBe("api_error");
    expect(run.out).toContain("409 Conflict");
    expect(run.out).toContain("SANDBOX_NOT_RUNNING");
    expect(run.out).toMatch(/DNS lookup\s+n\/a\s+\(not observable through the dispatcher given\)/);
    expect(run.out).toMatch(/Server \(TTFB\)\s+\d/);
  });
});
