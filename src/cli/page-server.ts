// The local server behind `serve`: the built page on 127.0.0.1, to this
// machine only. It serves one static file and takes no input (no endpoint
// reads a body or a query), and it answers only requests addressed to
// 127.0.0.1:PORT by their Host header, so that a web page elsewhere cannot
// reach it through a DNS name rebound to 127.0.0.1.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { UsageError } from "./exit.js";
import type { BuiltPage } from "./page-files.js";

export interface PageServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const HOST = "127.0.0.1";

function pageHeaders(page: BuiltPage): Record<string, string> {
  return {
    "content-type": "text/html; charset=utf-8",
    // As the page's meta tag, plus what only a header can say: no framing.
    "content-security-policy": `${page.policy}; frame-ancestors 'none'`,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "cache-control": "no-store",
  };
}

function answer(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff", ...headers });
  response.end(`${text}\n`);
}

export function pageRequestHandler(page: BuiltPage, port: () => number) {
  const headers = pageHeaders(page);
  return (request: IncomingMessage, response: ServerResponse) => {
    // Nothing is read from a request: a body is let through unread.
    request.resume();
    const expected = `${HOST}:${port()}`;
    if ((request.headers.host ?? "").toLowerCase() !== expected) return answer(response, 403, `forbidden: this server answers only http://${expected}/`);
    if (request.method !== "GET" && request.method !== "HEAD") return answer(response, 405, "method not allowed", { allow: "GET, HEAD" });
    const path = (request.url ?? "/").split("?")[0];
    if (path !== "/" && path !== "/decoder.html") return answer(response, 404, "not found: the decoder is at /");
    response.writeHead(200, { ...headers, "content-length": String(page.html.length) });
    response.end(request.method === "HEAD" ? undefined : page.html);
  };
}

/** Serves the page on 127.0.0.1, on `port` (0: a free one). */
export async function startPageServer(page: BuiltPage, port = 0): Promise<PageServer> {
  let bound = 0;
  // node:http (and net, streams) loads when a server starts: the module is shared with decode's run (runs.ts).
  const server = process.getBuiltinModule("node:http").createServer(pageRequestHandler(page, () => bound));
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new UsageError(`port ${port} on ${HOST} is in use: pick another with --port, or leave it out for a free one`));
      else if (error.code === "EACCES") reject(new UsageError(`port ${port} needs privileges this user does not have: pick one above 1023`));
      else reject(error);
    });
    server.listen(port, HOST, () => resolve());
  });
  bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${HOST}:${bound}/`,
    port: bound,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
