// A server that plays MIOSA for probe's command tests: error envelopes with
// request-id headers, 429 then success, an HTML 502 from a proxy, an answer
// that never comes, a reset, an endless body, redirects, /health and the
// tenant endpoint. Each path's behaviour is fixed; counters are per server.
import type { IncomingMessage, ServerResponse } from "node:http";
import { envelope, PROXY_502_HTML, sendJson, startServer, streamEndlessly, type ServerOptions, type TestServer } from "./servers.js";

export const VALID_KEY = "msk_u_live0123456789abcdefKEY1";
export const ORPHAN_KEY = "msk_u_orphan0123456789abcdORPH";
export const ULID_ID = "req_01JV6Z8Q3X7K2M4N5P6R7S8T9V";

export interface MiosaOptions extends ServerOptions {
  /** Where /redirect-away points. */
  otherOrigin?: () => string;
  /** Date header of /health, as an offset from the real clock (ms); the real date when absent. */
  healthDateMs?: () => number | undefined;
  /** Status of /health. */
  healthStatus?: number;
}

export async function startMiosa(options: MiosaOptions = {}): Promise<TestServer> {
  const counters = new Map<string, number>();
  const count = (key: string) => {
    const next = (counters.get(key) ?? 0) + 1;
    counters.set(key, next);
    return next;
  };
  const handler = (request: IncomingMessage, response: ServerResponse, body: string) => {
    const url = new URL(request.url ?? "/", "http://x");
    const auth = request.headers.authorization;
    const path = url.pathname;
    if (path === "/api/v1/sandboxes/sb_missing") {
      return sendJson(response, 404, envelope("NOT_FOUND", "sandbox not found", ULID_ID), { "x-request-id": ULID_ID });
    }
    if (path === "/api/v1/sandboxes/sb_mismatch") {
      return sendJson(response, 404, envelope("NOT_FOUND", "sandbox not found", "req_BODY"), { "x-request-id": "req_HEADER" });
    }
    if (path === "/api/v1/sandboxes") {
      if (!auth) return sendJson(response, 401, envelope("invalid_token", "missing authorization header", "req_noauth"), { "x-request-id": "req_noauth" });
      return sendJson(response, 200, { data: [{ id: "sb_1" }] }, { "x-request-id": "req_list" });
    }
    if (path.startsWith("/flaky-429/")) {
      if (count(path) === 1) {
        return sendJson(response, 429, envelope("rate_limit_exceeded", "too many requests", "req_429"), { "retry-after": "1", "x-request-id": "req_429" });
      }
      return sendJson(response, 200, { ok: true }, { "x-request-id": "req_ok" });
    }
    if (path.startsWith("/flaky-retry-body/")) {
      // No Retry-After header: the wait is in the body, in milliseconds.
      if (count(path) === 1)
        return sendJson(response, 503, { error: { code: "SANDBOX_STARTING", message: "starting", retry_after_ms: 1500, retryable: true } });
      return sendJson(response, 200, { ok: true });
    }
    if (path.startsWith("/internal-error/")) {
      if (count(path) === 1) return sendJson(response, 500, envelope("INTERNAL_ERROR", "unexpected", "req_500"));
      return sendJson(response, 200, { ok: true });
    }
    if (path.startsWith("/flaky-503/")) {
      if (count(path) <= 2) return sendJson(response, 503, { error: { code: "SERVICE_UNAVAILABLE", message: "try later" } });
      return sendJson(response, 200, { ok: true });
    }
    if (path === "/always-503") {
      // Retry-After exactly as the query gives it (seconds or an HTTP-date), and no Date header.
      response.sendDate = false;
      return sendJson(response, 503, envelope("SERVICE_UNAVAILABLE", "try later", "req_503"), { "retry-after": url.searchParams.get("after") ?? "1" });
    }
    if (path === "/proxy-502") {
      response.writeHead(502, { "content-type": "text/html", server: "nginx" });
      return void response.end(PROXY_502_HTML);
    }
    if (path === "/hang") return;
    if (path === "/stall-body") {
      // Headers and the start of a body, then nothing: only a deadline ends it.
      response.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      return void response.write('{"data": [');
    }
    if (path === "/reset") return void request.socket.resetAndDestroy();
    if (path === "/endless") return streamEndlessly(response);
    if (path === "/redirect-away") {
      response.writeHead(302, { location: `${options.otherOrigin?.() ?? ""}/echo` });
      return void response.end();
    }
    if (path === "/redirect-here") {
      response.writeHead(307, { location: "/echo" });
      return void response.end();
    }
    if (path === "/redirect-loop") {
      response.writeHead(302, { location: "/redirect-loop" });
      return void response.end();
    }
    const chain = /^\/redirect-chain\/(\d+)$/.exec(path);
    if (chain) {
      // Every hop a new URL: only the redirect limit stops it.
      response.writeHead(302, { location: `/redirect-chain/${Number(chain[1]) + 1}` });
      return void response.end();
    }
    if (path === "/echo") {
      return sendJson(response, 200, { method: request.method, authorization: auth ?? null, content_type: request.headers["content-type"] ?? null, body });
    }
    if (path === "/health") {
      const offset = options.healthDateMs?.();
      const headers: Record<string, string> = offset === undefined ? {} : { date: new Date(Date.now() + offset).toUTCString() };
      if (offset !== undefined) response.sendDate = false;
      const status = options.healthStatus ?? 200;
      if (status >= 400) return sendJson(response, status, envelope("INTERNAL_ERROR", "health degraded", "req_health"), headers);
      return sendJson(response, 200, { status: "ok" }, headers);
    }
    if (path === "/api/v1/platform/tenants/current") {
      if (auth === `Bearer ${VALID_KEY}`) return sendJson(response, 200, { data: { id: "ten_42", name: "Acme" } });
      if (auth === `Bearer ${ORPHAN_KEY}`) {
        return sendJson(response, 422, envelope("TENANT_RESOLUTION_FAILED", "cannot determine tenant", "req_tenant"));
      }
      return sendJson(response, 401, envelope("invalid_token", "invalid api key", "req_badkey"), { "x-request-id": "req_badkey" });
    }
    sendJson(response, 404, envelope("NOT_FOUND", "no route", "req_404"));
  };
  return startServer(handler, options);
}
