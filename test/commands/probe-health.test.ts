// probe without a path: the health check, step by step, against local
// servers; each step passes, fails with its explanation, or is skipped.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createContext } from "../../src/cli/context.js";
import { testIO, type TestIOOptions } from "../../src/cli/io.js";
import { runProbe } from "../../src/commands/probe-run.js";
import { parseProbeOptions, type ProbeFlags } from "../../src/commands/probe-options.js";
import { makeTestCertificates, type TestCertificates } from "../helpers/certs.js";
import { ORPHAN_KEY, startMiosa, VALID_KEY } from "../helpers/miosa.js";
import { closedPort, fakeDns, type TestServer } from "../helpers/servers.js";

let certs: TestCertificates;
let miosa: TestServer;
let secure: TestServer;
let skewed: TestServer;
let degraded: TestServer;

beforeAll(async () => {
  certs = makeTestCertificates();
  miosa = await startMiosa();
  secure = await startMiosa({ tls: { key: certs.key, cert: certs.valid } });
  skewed = await startMiosa({ healthDateMs: () => 125_000 });
  degraded = await startMiosa({ healthStatus: 503 });
});

afterAll(async () => {
  for (const server of [miosa, secure, skewed, degraded]) await server?.close();
  certs?.cleanup();
});

async function health(options: ProbeFlags, io: TestIOOptions = {}) {
  const test = testIO({ now: Date.now(), ...io });
  const outcome = await runProbe(parseProbeOptions(undefined, options), await createContext(test, {}), { lookup: fakeDns });
  const out = test.output();
  return { outcome, out, json: options.json ? JSON.parse(out) : null };
}

const statuses = (json: any) => Object.fromEntries(json.checks.map((check: any) => [check.name, check.status]));

describe("health check", () => {
  test("all pass with a valid key: the key is valid and its tenant resolves; exit ok", async () => {
    const run = await health({ baseUrl: miosa.origin, key: VALID_KEY, json: true });
    expect(run.outcome).toBe("ok");
    expect(run.json.checks.map((check: any) => check.name)).toEqual(["dns", "tcp", "tls", "health", "auth"]);
    expect(statuses(run.json)).toEqual({ dns: "pass", tcp: "pass", tls: "skipped", health: "pass", auth: "pass" });
    expect(run.json.checks[2].detail).toBe("plain http: no TLS");
    expect(run.json.checks[4].detail).toBe("key msk_…KEY1 is valid; tenant Acme (ten_42)");
    expect(run.json.key).toBe("msk_…KEY1");
    expect(JSON.stringify(run.json)).not.toContain(VALID_KEY);
    // /health is asked without the key, the tenant with it.
    const asked = miosa.requests.slice(-2);
    expect(asked.map((request) => [request.url, request.headers.authorization])).toEqual([
      ["/health", undefined],
      ["/api/v1/platform/tenants/current", `Bearer ${VALID_KEY}`],
    ]);
  });

  test("a name is looked up, https is checked with --ca: DNS and TLS pass with facts", async () => {
    const run = await health({ baseUrl: `https://localhost:${secure.port}/api/v1`, ca: certs.caFile, json: true });
    expect(run.outcome).toBe("ok");
    expect(statuses(run.json)).toEqual({ dns: "pass", tcp: "pass", tls: "pass", health: "pass", auth: "skipped" });
    expect(run.json.checks[0].detail).toMatch(/^localhost → 127\.0\.0\.1 \(/);
    expect(run.json.checks[2].detail).toMatch(/^TLSv1\.[23], certificate for 127\.0\.0\.1, issued by miosa-err test CA, valid until \d{4}-/);
    expect(run.json.checks[4].detail).toMatch(/no key given/);
  });

  test("without a key the auth step is skipped, and the report says so", async () => {
    const run = await health({ baseUrl: miosa.origin });
    expect(run.outcome).toBe("ok");
    expect(run.out).toMatch(/skip\s+auth\s+no key given \(--key or MIOSA_API_KEY\)/);
    expect(run.out).toContain("key       none");
  });

  test("a rejected key fails the auth step with decode's explanation; exit api_error", async () => {
    const key = "msk_u_wrong000000000000000BAD9";
    const run = await health({ baseUrl: miosa.origin, key });
    expect(run.outcome).toBe("api_error");
    expect(run.out).toMatch(/FAIL\s+auth\s+key msk_…BAD9 was rejected: 401 Unauthorized, invalid_token: Authorization header missing/);
    expect(run.out).toContain("Verify the header is Authorization: Bearer msk_...");
    expect(run.out).not.toContain(key);
  });

  test("a key whose tenant does not resolve", async () => {
    const run = await health({ baseUrl: miosa.origin, key: ORPHAN_KEY, json: true });
    expect(run.outcome).toBe("api_error");
    expect(run.json.checks[4].detail).toMatch(/key msk_…ORPH was accepted but its tenant does not resolve: 422 Unprocessable Entity, TENANT_RESOLUTION_FAILED/);
  });

  test("connection refused: TCP fails, the rest is skipped; exit no_response", async () => {
    const port = await closedPort();
    const run = await health({ baseUrl: `http://127.0.0.1:${port}`, key: VALID_KEY, json: true });
    expect(run.outcome).toBe("no_response");
    expect(statuses(run.json)).toEqual({ dns: "pass", tcp: "fail", tls: "skipped", health: "skipped", auth: "skipped" });
    expect(run.json.checks[1].detail).toBe(`Connection refused by 127.0.0.1:${port}: nothing is listening there.`);
    expect(run.json.checks[1].hints).toContain("The host 127.0.0.1 came from the --base-url flag.");
    expect(run.json.checks[3].detail).toBe("skipped: tcp failed");
  });

  test("DNS failure: the first step fails, naming where the host came from", async () => {
    const run = await health({}, { env: { MIOSA_API_URL: "https://api.miosa.invalid" } });
    expect(run.outcome).toBe("no_response");
    expect(run.out).toMatch(/FAIL\s+dns\s+DNS lookup failed: api\.miosa\.invalid does not resolve\./);
    expect(run.out).toContain("The host api.miosa.invalid came from env MIOSA_API_URL.");
    expect(run.out).toMatch(/skip\s+tcp\s+skipped: dns failed/);
  });

  test("an untrusted certificate fails TLS", async () => {
    const run = await health({ baseUrl: secure.origin, json: true });
    expect(run.outcome).toBe("no_response");
    expect(statuses(run.json)).toMatchObject({ tcp: "pass", tls: "fail", health: "skipped" });
  });

  test("/health answering 503: the health step fails and auth is skipped; exit api_error", async () => {
    const run = await health({ baseUrl: degraded.origin, key: VALID_KEY, json: true });
    expect(run.outcome).toBe("api_error");
    expect(run.json.checks[3]).toMatchObject({ name: "health", status: "fail" });
    expect(run.json.checks[3].detail).toMatch(/^GET \/health → 503 Service Unavailable, INTERNAL_ERROR/);
    expect(run.json.checks[4].status).toBe("skipped");
  });

  test("a server clock more than 5 s away is reported; a close one is not", async () => {
    const far = await health({ baseUrl: skewed.origin });
    expect(far.out).toContain("The server's clock is 2 min ahead of this machine's");
    const farJson = await health({ baseUrl: skewed.origin, json: true });
    expect(farJson.json.clock_offset_s).toBeGreaterThanOrEqual(123);
    const near = await health({ baseUrl: miosa.origin });
    expect(near.out).not.toContain("clock");
  });

  test("a key would go over plain http to a remote host: refused before connecting", async () => {
    await expect(health({ baseUrl: "http://api.miosa.test:1", key: VALID_KEY })).rejects.toThrow(/refusing to send the key over plain http/);
  });
});
