// probe against local servers that play MIOSA: the report, the JSON, the
// outcome, and what the servers saw. Waits are recorded, not slept.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { probeAgainst, useProbeServers } from "../helpers/probe-run.js";
import type { TestIOOptions } from "../../src/cli/io.js";
import { UsageError, InputError } from "../../src/cli/exit.js";
import type { ProbeDeps } from "../../src/commands/probe-run.js";
import type { ProbeFlags } from "../../src/commands/probe-options.js";
import { ULID_ID, VALID_KEY } from "../helpers/miosa.js";

const servers = useProbeServers();

function probe(path: string | undefined, flags: ProbeFlags = {}, io: TestIOOptions = {}, deps: ProbeDeps = {}) {
  return probeAgainst(servers.miosa.origin, path, flags, io, deps);
}

describe("an error answer", () => {
  test("is explained as decode would: status, request id, entry, timing without DNS or TLS", async () => {
    const run = await probe("sandboxes/sb_missing");
    expect(run.outcome).toBe("api_error");
    expect(run.out).toContain(`GET ${servers.miosa.origin}/api/v1/sandboxes/sb_missing`);
    expect(run.out).toContain("404 Not Found");
    expect(run.out).toContain(`${ULID_ID} (header and body agree)`);
    expect(run.out).toContain("NOT_FOUND");
    expect(run.out).toContain("Resource does not exist or belongs to a different tenant");
    expect(run.out).toMatch(/DNS lookup\s+n\/a/);
    expect(run.out).toMatch(/TLS handshake\s+n\/a/);
    expect(run.out).toMatch(/TCP connect\s+\d+(\.\d)? ms\s+█/);
  });

  test("--json: the documented shape, null phases for what did not happen", async () => {
    const run = await probe("/api/v1/sandboxes/sb_missing", { json: true });
    expect(run.outcome).toBe("api_error");
    expect(run.json.result).toBe("api_error");
    expect(run.json.request).toMatchObject({ method: "GET", url: `${servers.miosa.origin}/api/v1/sandboxes/sb_missing` });
    expect(run.json.attempts).toHaveLength(1);
    const [attempt] = run.json.attempts;
    expect(attempt.status).toBe(404);
    expect(attempt.request_id).toBe(ULID_ID);
    expect(attempt.transport_error).toBeNull();
    expect(attempt.finding).toMatchObject({ code: "NOT_FOUND", http_status: 404, request_id: ULID_ID });
    expect(attempt.finding.entry.code).toBe("NOT_FOUND");
    expect(Object.keys(attempt.timings_ms)).toEqual(["dns", "connect", "tls", "ttfb", "transfer", "total"]);
    expect(attempt.timings_ms.dns).toBeNull();
    expect(attempt.timings_ms.tls).toBeNull();
    expect(typeof attempt.timings_ms.connect).toBe("number");
    expect(typeof attempt.timings_ms.ttfb).toBe("number");
  });

  test("a request id in the header that differs from the body's is flagged", async () => {
    const run = await probe("sandboxes/sb_mismatch");
    expect(run.out).toContain("mismatch: header req_HEADER, body req_BODY");
    const json = (await probe("sandboxes/sb_mismatch", { json: true })).json;
    expect(json.attempts[0].request_ids).toEqual({ header: "req_HEADER", body: "req_BODY" });
    expect(json.attempts[0].request_id_mismatch).toBe(true);
  });

  test("a 401 without a key is explained as a missing key", async () => {
    const run = await probe("sandboxes");
    expect(run.outcome).toBe("api_error");
    expect(run.out).toContain("401 Unauthorized");
    expect(run.out).toContain("no key was sent: set MIOSA_API_KEY or pass --key");
    expect(run.out).toContain("Authorization header missing, malformed, or the key/JWT is invalid");
  });

  test("an HTML 502 from a proxy is explained as not a MIOSA error", async () => {
    const run = await probe("/proxy-502", { json: true });
    expect(run.outcome).toBe("api_error");
    expect(run.json.attempts[0].status).toBe(502);
    expect(run.json.attempts[0].finding).toMatchObject({ kind: "non_envelope", code: null, http_status: 502 });
    const human = await probe("/proxy-502");
    expect(human.out).toContain("502 Bad Gateway");
    expect(human.out).toMatch(/nginx/);
  });
});

describe("a success answer", () => {
  test("with the key: 2xx is ok, the body previewed, the key sent in full but never shown", async () => {
    const run = await probe("sandboxes", { key: VALID_KEY, verbose: true });
    expect(run.outcome).toBe("ok");
    expect(run.out).toContain("200 OK");
    expect(run.out).toContain('"id": "sb_1"');
    expect(run.out).toContain("key msk_…KEY1 (from --key)");
    expect(run.out).toContain("> Authorization: Bearer msk_…KEY1");
    expect(run.out).toContain("< x-request-id: req_list");
    expect(run.out + run.err).not.toContain(VALID_KEY);
    expect(servers.miosa.requests.at(-1)?.headers.authorization).toBe(`Bearer ${VALID_KEY}`);
  });

  test("the key from MIOSA_API_KEY, redacted in --json", async () => {
    const run = await probe("sandboxes", { json: true, verbose: true }, { env: { MIOSA_API_KEY: VALID_KEY } });
    expect(run.outcome).toBe("ok");
    expect(run.json.request.headers.Authorization).toBe("Bearer msk_…KEY1");
    expect(JSON.stringify(run.json)).not.toContain(VALID_KEY);
  });

  test("-X, -H and -d: a JSON body by default, a header's content type when given, @file", async () => {
    const run = await probe("/echo", { request: "put", header: ["X-MIOSA-Tenant: t_1"], data: '{"name":"a"}' });
    expect(run.outcome).toBe("ok");
    const seen = servers.miosa.requests.at(-1)!;
    expect(seen).toMatchObject({ method: "PUT", body: '{"name":"a"}' });
    expect(seen.headers["content-type"]).toBe("application/json");
    expect(seen.headers["x-miosa-tenant"]).toBe("t_1");
    expect(seen.headers["user-agent"]).toMatch(/^miosa-err\//);

    const file = join(servers.certs.dir, "body.txt");
    writeFileSync(file, "plain words");
    const posted = await probe("/echo", { data: `@${file}`, header: ["Content-Type: text/plain"] });
    expect(posted.outcome).toBe("ok");
    expect(servers.miosa.requests.at(-1)).toMatchObject({ method: "POST", body: "plain words" });
    expect(servers.miosa.requests.at(-1)!.headers["content-type"]).toBe("text/plain");
  });

  test("-d @- reads the body from stdin", async () => {
    const run = await probe("/echo", { data: "@-" }, { stdin: '{"from":"stdin"}' });
    expect(run.outcome).toBe("ok");
    expect(servers.miosa.requests.at(-1)).toMatchObject({ method: "POST", body: '{"from":"stdin"}' });
  });

  test("a body that is not JSON but sent as JSON is warned about", async () => {
    const run = await probe("/echo", { data: "not json" });
    expect(run.err).toContain("warning: the -d body is not valid JSON but is sent as application/json");
  });
});

describe("usage errors (exit 2), before anything is sent", () => {
  test.each([
    [{ baseUrl: "htp:/nope" }, {}, /malformed URL "htp:\/nope" from the --base-url flag|must start with https/],
    [{ baseUrl: undefined }, { MIOSA_API_URL: "not a url" }, /malformed URL "not a url" from env MIOSA_API_URL/],
    [{ timeout: "soon" }, {}, /--timeout takes a whole number/],
    [{ retry: "99" }, {}, /--retry must be from 0 to 10/],
    [{ header: ["nocolon"] }, {}, /-H takes "Name: value"/],
    [{ maxBody: "lots" }, {}, /--max-body takes a size/],
  ])("%j %j", async (options, env, message) => {
    const before = servers.miosa.requests.length;
    await expect(probe("sandboxes", options as ProbeFlags, { env })).rejects.toThrow(message);
    await expect(probe("sandboxes", options as ProbeFlags, { env })).rejects.toBeInstanceOf(UsageError);
    expect(servers.miosa.requests.length).toBe(before);
  });

  test("an unreadable -d file or --ca file", async () => {
    await expect(probe("/echo", { data: "@/nonexistent/body.json" })).rejects.toBeInstanceOf(InputError);
    await expect(probe("/echo", { ca: join(servers.certs.dir, "local.cnf") })).rejects.toThrow(/is not a PEM certificate/);
  });
});

describe("plain http", () => {
  test("a key is not sent over http to a non-loopback host; refused before connecting", async () => {
    let dispatched = 0;
    const spy = { dispatch: () => void dispatched++ } as unknown as ProbeDeps["dispatcher"];
    await expect(probe("sandboxes", { baseUrl: `http://api.miosa.test:${servers.miosa.port}`, key: VALID_KEY }, {}, { dispatcher: spy })).rejects.toThrow(
      /refusing to send the key over plain http:\/\/ to api.miosa.test/,
    );
    expect(dispatched).toBe(0);
  });

  test("--allow-insecure sends it, with a warning; without a key there is nothing to refuse", async () => {
    const run = await probe("sandboxes", { baseUrl: `http://api.miosa.test:${servers.miosa.port}`, key: VALID_KEY, allowInsecure: true });
    expect(run.outcome).toBe("ok");
    expect(run.err).toContain(`warning: --allow-insecure: the credential goes to api.miosa.test:${servers.miosa.port} in clear text`);
    const keyless = await probe("/health", { baseUrl: `http://api.miosa.test:${servers.miosa.port}` });
    expect(keyless.outcome).toBe("ok");
    expect(keyless.out).toMatch(/DNS lookup\s+\d/);
  });
});
