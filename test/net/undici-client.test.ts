// The network layer against local servers: phases, failures by step, the
// body cap and the deadline. Only 127.0.0.1 is ever contacted (made-up names
// resolve there through an injected lookup).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { HttpClient } from "../../src/core/probe/http-client.js";
import { createUndiciClient } from "../../src/net/undici-client.js";
import { makeTestCertificates, type TestCertificates } from "../helpers/certs.js";
import { closedPort, fakeDns, sendJson, startServer, streamEndlessly, type TestServer } from "../helpers/servers.js";

let certs: TestCertificates;
let plain: TestServer;
let secure: TestServer;
let expired: TestServer;
const clients: HttpClient[] = [];

function client(options: { ca?: boolean; timeoutMs?: number } = {}): HttpClient {
  const made = createUndiciClient({ timeoutMs: options.timeoutMs ?? 2000, lookup: fakeDns, ...(options.ca ? { ca: certs.ca } : {}) });
  clients.push(made);
  return made;
}

async function get(http: HttpClient, url: string, maxBodyBytes = 1 << 20) {
  return http.send(
    { url: new URL(url), method: "GET", headers: [["Accept", "application/json"]], body: null },
    { deadline: http.now() + 1500, maxBodyBytes, timeoutMs: 1500 },
  );
}

beforeAll(async () => {
  certs = makeTestCertificates();
  const handler = (request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse) => {
    if (request.url === "/reset") return void request.socket.resetAndDestroy();
    if (request.url === "/hang") return;
    if (request.url === "/endless") return streamEndlessly(response);
    sendJson(response, 200, { ok: true }, { "x-request-id": "req_1" });
  };
  plain = await startServer(handler);
  secure = await startServer(handler, { tls: { key: certs.key, cert: certs.valid } });
  expired = await startServer(handler, { tls: { key: certs.key, cert: certs.expired } });
});

afterAll(async () => {
  for (const made of clients) await made.close();
  for (const server of [plain, secure, expired]) await server?.close();
  certs?.cleanup();
});

describe("phases", () => {
  test("http to an IP literal: no DNS, no TLS; connect, TTFB and transfer measured", async () => {
    const result = await get(client(), `${plain.origin}/ok`);
    expect(result.failure).toBeNull();
    expect(result.response?.status).toBe(200);
    expect(result.response?.headers["x-request-id"]).toBe("req_1");
    expect(new TextDecoder().decode(result.response!.body)).toBe('{"ok":true}');
    expect(result.marks.connection?.dnsDoneAt).toBeNull();
    expect(result.marks.connection?.tcpDoneAt).not.toBeNull();
    expect(result.marks.connection?.tlsDoneAt).toBeNull();
    expect(result.marks.headersAt).not.toBeNull();
  });

  test("a name is looked up; https records the TLS handshake and certificate", async () => {
    const result = await get(client({ ca: true }), `https://localhost:${secure.port}/ok`);
    expect(result.response?.status).toBe(200);
    expect(result.marks.connection?.dnsDoneAt).not.toBeNull();
    expect(result.marks.connection?.tlsDoneAt).not.toBeNull();
    expect(result.connection?.address).toBe("127.0.0.1");
    expect(result.connection?.tls).toMatchObject({ subject: "127.0.0.1", issuer: "miosa-err test CA" });
  });

  test("a second request on the same client reuses the connection: no connection record", async () => {
    const http = client();
    await get(http, `${plain.origin}/ok`);
    const second = await get(http, `${plain.origin}/ok`);
    expect(second.response?.status).toBe(200);
    expect(second.marks.connection).toBeNull();
    expect(second.connection).toBeNull();
  });
});

describe("failures, by step", () => {
  test.each([
    ["unknown name", () => `http://nowhere.invalid:${plain.port}/`, "ENOTFOUND", "dns"],
    ["reset", () => `${plain.origin}/reset`, "ECONNRESET", "response"],
    ["no TLS on the port", () => `https://127.0.0.1:${plain.port}/`, "ERR_SSL_WRONG_VERSION_NUMBER", "tls"],
    ["expired certificate", () => `${expired.origin}/`, "CERT_HAS_EXPIRED", "tls"],
  ])("%s", async (_name, url, code, phase) => {
    const result = await get(client({ ca: true }), url());
    expect(result.response).toBeNull();
    expect(result.failure).toMatchObject({ code, phase });
  });

  test("connection refused", async () => {
    const port = await closedPort();
    const result = await get(client(), `http://127.0.0.1:${port}/`);
    expect(result.failure).toMatchObject({ code: "ECONNREFUSED", phase: "connect", host: "127.0.0.1", port });
  });

  test("a CA not trusted without --ca", async () => {
    const result = await get(client(), `${secure.origin}/`);
    expect(result.failure).toMatchObject({ code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE", phase: "tls" });
  });

  test("an answer that never comes ends at the deadline", async () => {
    const http = client({ timeoutMs: 300 });
    const result = await http.send(
      { url: new URL(`${plain.origin}/hang`), method: "GET", headers: [], body: null },
      { deadline: http.now() + 300, maxBodyBytes: 1024, timeoutMs: 300 },
    );
    expect(result.failure).toMatchObject({ code: "TIMEOUT", phase: "response" });
    expect(result.marks.headersAt).toBeNull();
  });
});

test("an endless body is cut at the cap and the connection closed", async () => {
  const result = await get(client(), `${plain.origin}/endless`, 100_000);
  expect(result.response?.status).toBe(200);
  expect(result.response?.truncated).toBe(true);
  expect(result.response?.body.length).toBe(100_000);
  expect(result.marks.bodyDoneAt).not.toBeNull();
});
