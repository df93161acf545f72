// probe against a 127.0.0.1 server that answers whatever was generated:
// any status line, hostile headers, bodies of every kind, compressed or not,
// framed right or wrong, sometimes echoing the request (and so the key) back.
// probe must end cleanly with 0, 1 or 4, and never print the key in full.
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../helpers.js";
import { credential, expectCleanRun, fuzzParameters, hostileString, SECRET_BEARER, SECRET_KEY, SECRET_MARK, withinBound } from "./harness.js";
import { mutatedEnvelope, requestId } from "./inputs.js";

interface Answer {
  statusLine: string;
  headers: [string, string][];
  body: Buffer;
  encoding: "none" | "gzip" | "br" | "deflate" | "mislabelled";
  framing: "length" | "short-length" | "long-length" | "chunked" | "close";
  echo: boolean;
}

let next: Answer | null = null;
let server: Server;
let origin: string;
const sockets = new Set<Socket>();

/** The bytes of an answer; the request head is echoed into the body when asked (a server that reflects the key). */
function encode(answer: Answer, request: string): Buffer {
  let body = answer.echo ? Buffer.concat([answer.body, Buffer.from(request)]) : answer.body;
  const headers = [...answer.headers];
  if (answer.encoding === "gzip") body = gzipSync(body);
  else if (answer.encoding === "br") body = brotliCompressSync(body);
  else if (answer.encoding === "deflate") body = deflateSync(body);
  if (answer.encoding !== "none") headers.push(["Content-Encoding", answer.encoding === "mislabelled" ? "gzip" : answer.encoding]);
  if (answer.framing === "chunked") {
    headers.push(["Transfer-Encoding", "chunked"]);
    body = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from("\r\n0\r\n\r\n")]);
  } else if (answer.framing !== "close") {
    const length = body.length + (answer.framing === "short-length" ? -Math.min(3, body.length) : answer.framing === "long-length" ? 50 : 0);
    headers.push(["Content-Length", String(length)]);
  }
  const head = `${answer.statusLine}\r\n${headers.map(([name, value]) => `${name}: ${value}`).join("\r\n")}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), body]);
}

// Generous bounds: on busy cores after 20,000 runs, vitest's 10 s default for hooks is not enough.
const HOOK_TIMEOUT_MS = 120_000;

beforeAll(async () => {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
    let head = "";
    socket.on("data", (chunk: Buffer) => {
      head += chunk.toString("latin1");
      if (!head.includes("\r\n\r\n") || !next) return;
      // Every answer ends the connection: a wrong length must not leave probe waiting for --timeout.
      socket.end(encode(next, head));
      head = "";
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server?.close(resolve));
}, HOOK_TIMEOUT_MS);

// The head goes out as latin1, which would turn a character past U+00FF into
// another byte (U+2060 into a backtick) and so cut a credential in two: such
// characters are dropped, and the soft hyphen (a lone 0xAD byte, which UTF-8
// reads as U+FFFD), and line breaks (not spaced: a split key stays one).
const headText = (text: string) => text.replace(/[\r\n\u00ad]|[^\u0000-\u00ff]/gu, "");
const oneLine = hostileString.map(headText);

const statusLine: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.constantFrom(200, 201, 204, 301, 302, 400, 401, 402, 403, 404, 409, 422, 429, 500, 502, 503, 504), oneLine)
      .map(([status, reason]) => `HTTP/1.1 ${status} ${reason}`),
  },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 100, max: 999 }), oneLine).map(([status, reason]) => `HTTP/1.1 ${status} ${reason}`) },
  { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 40 }).map((text) => text.replace(/[\r\n]/g, "")) },
);

const header: fc.Arbitrary<[string, string]> = fc.tuple(
  fc.constantFrom("Content-Type", "X-Request-ID", "request-id", "Retry-After", "Date", "Server", "Set-Cookie", "Via", "X-Padding", "Location", "x-auth-token"),
  fc.oneof(
    oneLine,
    credential.map(headText),
    requestId,
    fc.constantFrom(
      "application/json",
      "text/html; charset=utf-8",
      "0",
      "-1",
      "99999999999",
      "Wed, 21 Oct 2015 07:28:00 GMT",
      "/api/v1/other",
      SECRET_KEY,
      `Bearer ${SECRET_BEARER}`,
    ),
  ),
);

const body: fc.Arbitrary<Buffer> = fc.oneof(
  mutatedEnvelope.map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes)),
  hostileString.map((text) => Buffer.from(text)),
  fc.json({ maxDepth: 3 }).map((text) => Buffer.from(text)),
  fc.constant(Buffer.from("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")),
  fc.constant(Buffer.alloc(0)),
);

const answer: fc.Arbitrary<Answer> = fc.record({
  statusLine,
  headers: fc.array(header, { maxLength: 5 }),
  body,
  encoding: fc.constantFrom("none", "none", "gzip", "br", "deflate", "mislabelled"),
  framing: fc.constantFrom("length", "length", "short-length", "long-length", "chunked", "close"),
  echo: fc.boolean(),
});

const flags = fc.subarray(["--json", "-v", "--follow", "--max-body=2KiB"]);
// A credential of the user's own, sent as a header of that name: shown masked under -v.
const userHeader = fc.option(fc.constantFrom("X-Api-Key", "x-auth-token", "Cookie").map((name) => `${name}: ${SECRET_MARK}ab${SECRET_MARK}WXYZ`));

describe("probe, generated answers", () => {
  it("any answer: exit 0, 1 or 4, a clean report, the key and tokens never in full", async () => {
    await fc.assert(
      fc.asyncProperty(answer, flags, fc.boolean(), fc.boolean(), userHeader, async (generated, chosen, bearerHeader, tty, own) => {
        next = generated;
        const args = ["probe", `${origin}/api/v1/sandboxes`, "--timeout", "5000", ...chosen];
        if (bearerHeader) args.push("-H", `Authorization: Bearer ${SECRET_BEARER}`);
        if (own !== null) args.push("-H", own);
        const result = await withinBound(runInProcess(args, { env: { MIOSA_API_KEY: SECRET_KEY }, tty }));
        const json = chosen.includes("--json");
        expectCleanRun(result, { json, colour: tty, maxStderrLines: 3 });
        expect([0, 1, 4]).toContain(result.code);
        if (json) expect(JSON.parse(result.stdout).result).toMatch(/^(ok|api_error|no_response)$/);
      }),
      fuzzParameters(),
    );
  });

  it("the health check (no path) against any answer, with and without a key: exit 0, 1 or 4, a clean report", async () => {
    await fc.assert(
      fc.asyncProperty(answer, fc.boolean(), fc.boolean(), async (generated, json, withKey) => {
        next = generated;
        const args = ["probe", "--base-url", origin, "--timeout", "5000", ...(json ? ["--json"] : [])];
        const result = await withinBound(runInProcess(args, { env: withKey ? { MIOSA_API_KEY: SECRET_KEY } : {} }));
        expectCleanRun(result, { json, maxStderrLines: 3 });
        expect([0, 1, 4]).toContain(result.code);
      }),
      fuzzParameters(),
    );
  });
});
