// Servers on 127.0.0.1 that misbehave on the wire, written byte by byte on
// raw sockets (node:http would refuse to send most of this). Each loop is
// bounded, each timer dies with its socket, and close() destroys every socket.
import { once } from "node:events";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { createBrotliCompress, constants as zlib, gzipSync } from "node:zlib";

export interface FaultServer {
  origin: string;
  /** Requests whose head arrived. */
  requests: number;
  /** Bytes this server managed to write (a client that stops reading stops it). */
  sentBytes: number;
  close(): Promise<void>;
}

/** What a fault does with a connection once a request head (up to the blank line) has arrived. */
export type Fault = (socket: Socket, server: FaultServer, head: string) => void;

export async function startFaultServer(fault: Fault): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  const state: FaultServer = { origin: "", requests: 0, sentBytes: 0, close: async () => undefined };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
    let head = "";
    const onData = (chunk: Buffer) => {
      head += chunk.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      const request = head;
      head = "";
      state.requests++;
      // A keep-alive client may send more requests on the same socket (redirects).
      fault(socket, state, request);
    };
    socket.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = async () => {
    for (const socket of sockets) socket.destroy();
    server.close();
    await once(server, "close");
  };
  return state;
}

function write(socket: Socket, server: FaultServer, data: string | Buffer): boolean {
  if (socket.destroyed) return false;
  server.sentBytes += Buffer.byteLength(data);
  return socket.write(data);
}

/** Headers one byte a second: never finishes within any sane --timeout. */
export const slowloris: Fault = (socket, server) => {
  const head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
  let index = 0;
  const next = () => {
    if (index >= head.length || socket.destroyed) return clearInterval(timer);
    write(socket, server, head[index++]!);
  };
  const timer = setInterval(next, 1000);
  next();
  socket.on("close", () => clearInterval(timer));
};

/** A chunked body that goes on until the client leaves, at most `limit` bytes. */
export function endlessBody(limit = 512 * 1024 * 1024): Fault {
  return (socket, server) => {
    write(socket, server, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    const chunk = Buffer.from(`10000\r\n${"[".repeat(0x10000)}\r\n`);
    const pump = () => {
      while (!socket.destroyed && server.sentBytes < limit) {
        if (!write(socket, server, chunk)) return void socket.once("drain", pump);
      }
      if (!socket.destroyed) socket.end("0\r\n\r\n");
    };
    pump();
  };
}

/** A body dribbled one small chunk every 200 ms, without end (bounded by the socket's life). */
export const tricklingBody: Fault = (socket, server) => {
  write(socket, server, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
  const start = '{"error":{"code":"UNAVAILABLE",';
  write(socket, server, `${start.length.toString(16)}\r\n${start}\r\n`);
  const timer = setInterval(() => write(socket, server, "1\r\n \r\n"), 200);
  socket.on("close", () => clearInterval(timer));
};

const MEBIBYTE_OF_ZEROS_GZIP = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });

/** `mebibytes` of zeros as gzip: concatenated members, as gunzip reads them (about 1 KB per MiB). */
export function gzipBomb(mebibytes: number): Buffer {
  return Buffer.concat(Array.from({ length: mebibytes }, () => MEBIBYTE_OF_ZEROS_GZIP));
}

/** `mebibytes` of spaces as brotli (about a KB), compressed a MiB at a time so the test holds little. */
export async function brotliBomb(mebibytes: number): Promise<Buffer> {
  const compressor = createBrotliCompress({ params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } });
  const chunks: Buffer[] = [];
  compressor.on("data", (chunk: Buffer) => chunks.push(chunk));
  const spaces = Buffer.alloc(1024 * 1024, " ");
  for (let i = 0; i < mebibytes; i++) if (!compressor.write(spaces)) await once(compressor, "drain");
  compressor.end();
  await once(compressor, "end");
  return Buffer.concat(chunks);
}

/** An answer with this status, Content-Encoding and (already encoded) body. */
export function encodedAnswer(status: string, encoding: string, body: Buffer): Fault {
  return (socket, server) => {
    write(socket, server, `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Encoding: ${encoding}\r\nContent-Length: ${body.length}\r\n\r\n`);
    write(socket, server, body);
  };
}

/** Exactly these bytes, then the connection closed. */
export function rawAnswer(bytes: string | Buffer): Fault {
  return (socket, server) => {
    write(socket, server, bytes);
    socket.end();
  };
}

/** An interim 100 Continue that was never asked for, then silence (the socket stays open). */
export const continueThenNothing: Fault = (socket, server) => {
  write(socket, server, "HTTP/1.1 100 Continue\r\n\r\n");
};

/** Headers announcing 1000 bytes, a piece of an envelope, then the connection closed. */
export const closeMidBody: Fault = (socket, server) => {
  write(
    socket,
    server,
    'HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json\r\nX-Request-ID: req_01JDZQ5YQ8N4W3V2B1C0XKMHTA\r\nContent-Length: 1000\r\n\r\n{"error":{"code":"UPSTRE',
  );
  setTimeout(() => socket.destroy(), 20);
};

/** The same with a 200: a success whose body never completes. */
export const closeMidSuccess: Fault = (socket, server) => {
  write(socket, server, 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"data":[{"id":"sb_1"');
  setTimeout(() => socket.destroy(), 20);
};

/** One header line of `bytes` bytes (10 MB by default), written as the client reads. */
export function hugeHeader(bytes = 10 * 1024 * 1024): Fault {
  return (socket, server) => {
    write(socket, server, "HTTP/1.1 200 OK\r\nX-Padding: ");
    const piece = "a".repeat(64 * 1024);
    let sent = 0;
    const pump = () => {
      while (!socket.destroyed && sent < bytes) {
        sent += piece.length;
        if (!write(socket, server, piece)) return void socket.once("drain", pump);
      }
      if (!socket.destroyed) socket.end("\r\nContent-Length: 0\r\n\r\n");
    };
    pump();
  };
}

/** A 404 envelope whose message holds Latin-1 bytes, a lone ESC and C1 CSI: not UTF-8. */
export const NON_UTF8_BODY = Buffer.concat([
  Buffer.from('{"error":{"code":"NOT_FOUND","message":"caf'),
  Buffer.from([0xe9, 0x20, 0xff, 0xfe, 0x9b, 0x33, 0x31, 0x6d]),
  Buffer.from('","request_id":"req_01JDZQ5YQ8N4W3V2B1C0XKMHTA"}}'),
]);

export const nonUtf8Body: Fault = (socket, server) => {
  write(socket, server, `HTTP/1.1 404 Not Found\r\nContent-Type: application/json; charset=iso-8859-1\r\nContent-Length: ${NON_UTF8_BODY.length}\r\n\r\n`);
  write(socket, server, NON_UTF8_BODY);
};

/** /a redirects to /b and /b to /a, on one keep-alive connection. */
export const redirectLoop: Fault = (socket, server, head) => {
  const next = head.startsWith("GET /a ") ? "/b" : "/a";
  write(socket, server, `HTTP/1.1 302 Found\r\nLocation: ${next}\r\nContent-Length: 0\r\n\r\n`);
};
