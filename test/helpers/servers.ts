// Local servers on 127.0.0.1 that play MIOSA for probe's tests. Every server
// records the requests it saw and closes all its sockets on close(); fetchLocal
// asks a server of the tool's own (serve's) for a page.
import { createServer as createHttpServer, request, type IncomingMessage, type ServerResponse, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { LookupAll } from "../../src/net/connector.js";

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

export interface TestServer {
  /** `http://127.0.0.1:PORT` (or https). */
  origin: string;
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export interface ServerOptions {
  tls?: { key: string; cert: string };
}

export async function startServer(handler: Handler, options: ServerOptions = {}): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body });
      handler(request, response, body);
    });
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener) : createHttpServer(listener);
  server.on(options.tls ? "secureConnection" : "connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // TLS handshakes that fail never become secure connections: track raw sockets too.
  if (options.tls) {
    server.on("connection", (socket: Socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    server.on("tlsClientError", () => {});
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port that nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  response.end(text);
}

export function envelope(code: string, message: string, requestId: string): unknown {
  return { error: { code, message, request_id: requestId } };
}

export const PROXY_502_HTML =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/**
 * Writes 64 KiB chunks until the client goes away, at most `limitBytes`
 * (bounded so a broken client cannot make the test run forever).
 */
export function streamEndlessly(response: ServerResponse, limitBytes = 256 * 1024 * 1024): void {
  const chunk = Buffer.alloc(64 * 1024, "x");
  let sent = 0;
  let stopped = false;
  response.on("close", () => {
    stopped = true;
  });
  response.writeHead(200, { "content-type": "text/plain" });
  const pump = () => {
    while (!stopped && sent < limitBytes) {
      sent += chunk.length;
      if (!response.write(chunk)) return void response.once("drain", pump);
    }
    if (!stopped) response.end();
  };
  pump();
}

/** Resolves every name to 127.0.0.1 except *.invalid, which does not exist: tests never leave the machine. */
export const fakeDns: LookupAll = (host, _options, callback) => {
  if (host.endsWith(".invalid")) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" }), []);
  callback(null, [{ address: "127.0.0.1", family: 4 }]);
};

export interface Fetched {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/** One request to a server on 127.0.0.1 (GET /, unless told), its Host header `host:port` unless `hostHeader` says otherwise. */
export function fetchLocal(port: number, options: { method?: string; path?: string; hostHeader?: string } = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: options.method ?? "GET",
        path: options.path ?? "/",
        headers: { host: options.hostHeader ?? `127.0.0.1:${port}` },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}
