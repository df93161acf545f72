// probe --json stays valid and masked whatever the server puts where the
// report quotes it: the redaction runs on values, not on the printed JSON.
import { afterAll, expect, test } from "vitest";
import { runInProcess } from "../helpers.js";
import { rawAnswer, startFaultServer, type FaultServer } from "../helpers/faults.js";

const TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.SECRETsignatureWXYZ";
const servers: FaultServer[] = [];
afterAll(async () => Promise.all(servers.map((server) => server.close())));

test("a non-HTTP greeting holding a bearer token, cut at 80 characters and quoted: valid JSON, token masked", async () => {
  const server = await startFaultServer(rawAnswer(`HTTP/1.1 100 \u202e\u001b[2J weird 409 Authorization: Bearer ${TOKEN}\r\n\r\n`));
  servers.push(server);
  const result = await runInProcess(["probe", `${server.origin}/api/v1/sandboxes`, "--json"]);
  expect(result.code).toBe(4);
  const document = JSON.parse(result.stdout);
  expect(document.attempts[0].transport_error.code).toBe("INVALID_HTTP");
  expect(result.stdout).not.toContain("SECRETsignature");
  expect(result.stdout).not.toContain("eyJhbGciOiJIUzI1NiJ9");
  // Read as UTF-8, and the bidi override written as an escape in the JSON text.
  expect(document.attempts[0].transport_error.message).toContain("\u202e\u001b[2J weird 409");
  expect(result.stdout).toContain("\\u202e\\u001b[2J weird 409");
});

test("a key with a quote in it, echoed back by the server, is masked in --json too (matching the printed, escaped text missed it)", async () => {
  const key = 'msk_u_abc"def\\ghi12345678';
  const body = JSON.stringify({ error: { code: "invalid_token", message: `key ${key} is not valid` } });
  const server = await startFaultServer(
    rawAnswer(`HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`),
  );
  servers.push(server);
  const result = await runInProcess(["probe", `${server.origin}/api/v1/sandboxes`, "--json", "--key", key]);
  expect(result.code).toBe(1);
  const document = JSON.parse(result.stdout);
  expect(document.attempts[0].finding.message).toBe("key msk_…5678 is not valid");
  expect(JSON.stringify(document)).not.toContain("def");
});

test("a key that does not look like one, echoed back in the error message, is masked in the human report too", async () => {
  const key = "plainvaluesecret12";
  const body = JSON.stringify({ error: { code: "UNAUTHORIZED", message: `invalid key ${key}`, request_id: "req_01KATJ8G2HM9S346Q3D25VT4F5" } });
  const server = await startFaultServer(
    rawAnswer(`HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`),
  );
  servers.push(server);
  const result = await runInProcess(["probe", `${server.origin}/api/v1/sandboxes`, "--key", key]);
  expect(result.code).toBe(1);
  expect(result.stdout).toContain("invalid key msk_…et12");
  expect(result.stdout + result.stderr).not.toContain(key);
});
