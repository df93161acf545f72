// The body reader on its own: each Content-Encoding decoded, the cap counted
// after decompressing, and bodies that fail part way returned as far as they came.
import { Readable } from "node:stream";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { encodingOf, readBody } from "../../src/net/body-reader.js";

const TEXT = Buffer.from('{"error":{"code":"NOT_FOUND","message":"sandbox not found"}}');

function chunks(...parts: (Buffer | Error)[]): Readable {
  return Readable.from(
    (async function* () {
      for (const part of parts) {
        if (part instanceof Error) throw part;
        yield part;
      }
    })(),
  );
}

describe("encodingOf", () => {
  test.each([
    [undefined, null, null],
    ["identity", null, null],
    ["gzip", "gzip", null],
    ["X-Gzip", "gzip", null],
    [" br ", "br", null],
    ["deflate", "deflate", null],
    ["zstd", null, "zstd"],
    ["gzip, br", null, "gzip, br"],
  ])("%j → decode %j, undecoded %j", (header, decode, undecoded) => {
    expect(encodingOf(header)).toEqual({ decode, undecoded });
  });
});

describe("readBody", () => {
  test.each([
    ["gzip", gzipSync(TEXT)],
    ["deflate", deflateSync(TEXT)],
    ["deflate", deflateRawSync(TEXT)],
    ["br", brotliCompressSync(TEXT)],
  ])("%s is decoded (zlib-wrapped or raw deflate alike)", async (encoding, compressed) => {
    const read = await readBody(chunks(compressed.subarray(0, 5), compressed.subarray(5)), encoding, 1024);
    expect(read.body.toString()).toBe(TEXT.toString());
    expect(read).toMatchObject({ encoding, truncated: false, receivedBytes: compressed.length, decodeProblem: null, error: null });
  });

  test("the cap counts decompressed bytes: a small body that inflates far is cut at the cap", async () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
    const read = await readBody(chunks(bomb), "gzip", 4096);
    expect(read.body.length).toBe(4096);
    expect(read).toMatchObject({ truncated: true, encoding: "gzip", receivedBytes: bomb.length });
  });

  test("not compressed although labelled so: the raw bytes, with the reason", async () => {
    const read = await readBody(chunks(TEXT), "gzip", 1024);
    expect(read.body.toString()).toBe(TEXT.toString());
    expect(read.encoding).toBeNull();
    expect(read.decodeProblem).toMatch(/header/i);
    expect(read.error).toBeNull();
  });

  test("an encoding probe does not decode: kept as received and named", async () => {
    const read = await readBody(chunks(TEXT), "zstd", 1024);
    expect(read).toMatchObject({ encoding: null, undecodedEncoding: "zstd", decodeProblem: null });
    expect(read.body.equals(TEXT)).toBe(true);
  });

  test("a stream that fails part way: what came before, and the error", async () => {
    const reset = Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });
    const plain = await readBody(chunks(TEXT.subarray(0, 10), reset), undefined, 1024);
    expect(plain.body.toString()).toBe(TEXT.subarray(0, 10).toString());
    expect(plain.error).toBe(reset);
    const compressed = gzipSync(TEXT);
    const gz = await readBody(chunks(compressed.subarray(0, compressed.length - 8), reset), "gzip", 1024);
    expect(gz.error).toBe(reset);
    expect(gz.decodeProblem).toBeNull();
  });

  test("an empty body and an uncompressed body at the cap", async () => {
    expect((await readBody(chunks(), "gzip", 10)).body.length).toBe(0);
    const read = await readBody(chunks(Buffer.alloc(6), Buffer.alloc(6)), undefined, 10);
    expect(read).toMatchObject({ truncated: true, receivedBytes: 12 });
    expect(read.body.length).toBe(10);
  });
});
