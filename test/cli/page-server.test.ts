// serve's server: the page with its policy headers, to requests addressed to
// 127.0.0.1:PORT only (a rebound DNS name gets 403), GET and HEAD only, one path.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BuiltPage } from "../../src/cli/page-files.js";
import { startPageServer, type PageServer } from "../../src/cli/page-server.js";
import { fetchLocal } from "../helpers/servers.js";

const PAGE: BuiltPage = { path: "decoder.html", html: Buffer.from("<!doctype html><title>decoder</title>"), policy: "default-src 'none'; connect-src 'none'" };

const get = (server: PageServer, options: { host?: string; method?: string; path?: string } = {}) =>
  fetchLocal(server.port, { ...options, ...(options.host !== undefined ? { hostHeader: options.host } : {}) });

describe("the page server", () => {
  let server: PageServer;
  beforeAll(async () => {
    server = await startPageServer(PAGE);
  });
  afterAll(() => server.close());

  test("listens on 127.0.0.1 on a free port and says its URL", () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });
  test("serves the page with its policy, no framing, no sniffing, no caching", async () => {
    const answer = await get(server);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(PAGE.html.toString());
    expect(answer.headers).toMatchObject({
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": "default-src 'none'; connect-src 'none'; frame-ancestors 'none'",
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "cache-control": "no-store",
    });
  });
  test("a Host of another name, localhost, or another port gets 403 (no DNS rebinding)", async () => {
    for (const host of ["evil.example", `evil.example:${server.port}`, `localhost:${server.port}`, "127.0.0.1", `127.0.0.1:${server.port + 1}`]) {
      const answer = await get(server, { host });
      expect([host, answer.status]).toEqual([host, 403]);
      expect(answer.body).not.toContain("<title>");
    }
  });
  test("a request without a Host header gets 403", async () => {
    const reply = await new Promise<string>((resolve) => {
      let text = "";
      const socket = connect(server.port, "127.0.0.1", () => socket.end("GET / HTTP/1.0\r\n\r\n"));
      socket.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      socket.on("close", () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 403 /);
  });
  test("takes no input: only GET and HEAD, only the page's path", async () => {
    expect((await get(server, { method: "POST" })).status).toBe(405);
    expect((await get(server, { method: "PUT" })).headers.allow).toBe("GET, HEAD");
    expect((await get(server, { path: "/../../etc/passwd" })).status).toBe(404);
    expect((await get(server, { path: "/decoder.html?x=1" })).status).toBe(200);
    const head = await get(server, { method: "HEAD" });
    expect([head.status, head.body, head.headers["content-length"]]).toEqual([200, "", String(PAGE.html.length)]);
  });
  test("a port in use is a usage error naming it", async () => {
    await expect(startPageServer(PAGE, server.port)).rejects.toThrow(new RegExp(`port ${server.port} on 127.0.0.1 is in use`));
  });
});
