// Reads a response body as probe keeps it: decompressed when the server says
// Content-Encoding gzip, deflate or br, and never more than the cap, counted
// after decompression, so neither an endless body nor a decompression bomb
// can take more memory than --max-body. Never throws: a body that fails half
// way is returned as far as it came, with the reason.
import { Buffer } from "node:buffer";
import { pipeline, type Readable, type Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from "node:zlib";

export type BodyEncoding = "gzip" | "deflate" | "br";

export interface BodyRead {
  /** At most the cap: decompressed bytes when an encoding was decoded, else the bytes received. */
  body: Buffer;
  /** Bytes that came over the wire (compressed, when the body was). */
  receivedBytes: number;
  /** The cap was reached: the rest was not read. */
  truncated: boolean;
  /** The encoding decoded; null when the body was used as received. */
  encoding: BodyEncoding | null;
  /** A Content-Encoding probe does not decode (zstd, a chain of several): the body is as received. */
  undecodedEncoding: string | null;
  /** Why decompression failed part way (the body is then what came out before, or the raw bytes). */
  decodeProblem: string | null;
  /** The stream failed (connection closed, deadline): the body is what arrived before. */
  error: unknown;
}

const ENCODINGS: Record<string, BodyEncoding> = { gzip: "gzip", "x-gzip": "gzip", deflate: "deflate", br: "br" };

/** What to do with a Content-Encoding header: decode it, leave it, or nothing to do. */
export function encodingOf(header: string | undefined): { decode: BodyEncoding | null; undecoded: string | null } {
  const codings = (header ?? "")
    .split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "" && coding !== "identity");
  if (codings.length === 0) return { decode: null, undecoded: null };
  const only = codings.length === 1 ? ENCODINGS[codings[0]!] : undefined;
  return only ? { decode: only, undecoded: null } : { decode: null, undecoded: codings.join(", ") };
}

function decompressor(encoding: BodyEncoding, first: Buffer): Transform {
  if (encoding === "gzip") return createGunzip();
  if (encoding === "br") return createBrotliDecompress();
  // "deflate" should be zlib-wrapped (RFC 9110) but some servers send raw deflate: the header tells.
  const zlibWrapped = first.length >= 2 && (first[0]! & 0x0f) === 8 && ((first[0]! << 8) | first[1]!) % 31 === 0;
  return zlibWrapped ? createInflate() : createInflateRaw();
}

/** Collects chunks up to `cap` bytes; says when one more byte was offered. */
class CappedBuffer {
  private chunks: Buffer[] = [];
  length = 0;
  full = false;
  constructor(private readonly cap: number) {}
  add(chunk: Buffer): boolean {
    const room = this.cap - this.length;
    if (chunk.length > room) {
      if (room > 0) this.chunks.push(chunk.subarray(0, room));
      this.length = this.cap;
      this.full = true;
      return false;
    }
    this.chunks.push(chunk);
    this.length += chunk.length;
    return true;
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

export async function readBody(stream: Readable, contentEncoding: string | undefined, cap: number): Promise<BodyRead> {
  const { decode, undecoded } = encodingOf(contentEncoding);
  const raw = new CappedBuffer(cap);
  let receivedBytes = 0;
  let error: unknown = null;
  const iterator = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const first = await iterator.next().catch((reason: unknown) => {
    error = reason;
    return { done: true as const, value: undefined };
  });
  if (first.done) return { body: Buffer.alloc(0), receivedBytes, truncated: false, encoding: null, undecodedEncoding: undecoded, decodeProblem: null, error };
  receivedBytes += first.value.length;

  if (decode === null) {
    // Read as received, up to the cap.
    let more = raw.add(first.value);
    try {
      while (more) {
        const next = await iterator.next();
        if (next.done) break;
        receivedBytes += next.value.length;
        more = raw.add(next.value);
      }
    } catch (reason) {
      error = reason;
    } finally {
      if (raw.full) stream.destroy();
    }
    return { body: raw.bytes(), receivedBytes, truncated: raw.full, encoding: null, undecodedEncoding: undecoded, decodeProblem: null, error };
  }

  // Compressed: raw bytes go through the decompressor; the cap applies to what comes out.
  const inflater = decompressor(decode, first.value);
  const inflated = new CappedBuffer(cap);
  let streamError: unknown = null;
  let inflaterError: Error | null = null;
  inflater.on("error", (reason: Error) => (inflaterError ??= reason));
  const source = async function* () {
    raw.add(first.value);
    yield first.value;
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        receivedBytes += next.value.length;
        raw.add(next.value);
        yield next.value;
      }
    } catch (reason) {
      streamError = reason;
      throw reason;
    }
  };
  const output = pipeline(source, inflater, () => undefined) as unknown as Transform;
  try {
    for await (const chunk of output as AsyncIterable<Buffer>) if (!inflated.add(chunk)) break;
  } catch {
    // Told apart below: the connection failing, or the data not decompressing.
  } finally {
    output.destroy();
    if (inflated.full || inflaterError) stream.destroy();
  }
  if (streamError !== null) error = streamError;
  const problem = error === null && inflaterError !== null ? describeZlibError(inflaterError) : null;
  // Nothing came out of a body that does not decompress: show it as it came instead.
  if (problem !== null && inflated.length === 0) {
    return { body: raw.bytes(), receivedBytes, truncated: raw.full, encoding: null, undecodedEncoding: null, decodeProblem: problem, error };
  }
  return { body: inflated.bytes(), receivedBytes, truncated: inflated.full, encoding: decode, undecodedEncoding: null, decodeProblem: problem, error };
}

function describeZlibError(error: Error): string {
  const message = error.message.replace(/^Decompression failed$/, "not valid compressed data");
  return message || (error as NodeJS.ErrnoException).code || "not valid compressed data";
}
