// Where decode reads from: -e texts, files, stdin. Streams only; a gzip
// file or stream is decompressed on the way, as `zcat` would. Gzip damaged
// part way costs no error found before the damage: what came out is
// decoded, with a warning.
import { Buffer } from "node:buffer";
import type { Readable } from "node:stream";
import { safeText } from "../../core/sanitize.js";
import { InputError } from "../exit.js";
import { describeFsError } from "./files.js";
import { pipeStream } from "./whole.js";

// Built-ins taken on use: Node's ES module view of node:fs loads fs's stream
// classes, and node:zlib is only for gzip input.
const fs = () => process.getBuiltinModule("node:fs");

export interface DecodeInput {
  /** As findings and messages name it: the file name, "(stdin)" or "(-e)". */
  name: string;
  /**
   * The bytes, in order; `warn` hears of damage that does not stop the read (a
   * cut gzip stream). A chunk is valid until the next is asked for: its memory may be reused.
   */
  chunks(warn?: (message: string) => void): AsyncIterable<Uint8Array>;
  /** A regular file's size on disk, for progress; absent for streams and texts. */
  size?: number;
}

/** How long a live stream may be quiet before what decode holds for a next line goes out (body-alone.ts). */
const QUIET_MS = 100;

/**
 * The chunks as they come, calling `onQuiet` whenever the next is slow to come:
 * a live stream (`tail -f`, a pipe from a running program) waiting on its
 * writer, when what was read so far should be shown rather than held.
 */
export async function* noticingPauses(chunks: AsyncIterable<Uint8Array>, onQuiet: () => void): AsyncGenerator<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = iterator.next();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const quiet = new Promise<null>((resolve) => {
        timer = setTimeout(resolve, QUIET_MS, null);
      });
      const first = await Promise.race([next, quiet]);
      clearTimeout(timer);
      if (first === null) onQuiet();
      const result = first ?? (await next);
      if (result.done) return;
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}

const CHUNK_BYTES = 1024 * 1024;
/** About 30 ms of decoding between two turns of the event loop. */
const CHUNKS_BETWEEN_TURNS = 4;

export function textInput(text: string): DecodeInput {
  return {
    name: "(-e)",
    async *chunks() {
      yield Buffer.from(text, "utf8");
    },
  };
}

export function streamInput(stream: Readable, name = "(stdin)"): DecodeInput {
  return { name, chunks: (warn) => ungzip(stream, name, warn) };
}

/** Checks a file can be read before anything is decoded, so a typo fails fast with exit 2. */
export async function fileInput(path: string): Promise<DecodeInput> {
  const name = safeText(path, { singleLine: true });
  let regular: boolean;
  let pipe: boolean;
  let size: number;
  try {
    const info = fs().statSync(path);
    if (info.isDirectory()) throw new InputError(`cannot read ${name}: it is a directory`);
    regular = info.isFile();
    pipe = info.isFIFO();
    size = info.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read ${name}: ${describeFsError(error)}`);
  }
  if (pipe) return { name: path, chunks: (warn) => ungzip(pipeStream(path), name, warn) };
  if (!regular) return { name: path, chunks: (warn) => ungzip(fs().createReadStream(path, { highWaterMark: CHUNK_BYTES }), name, warn) };
  return { name: path, size, chunks: (warn) => fileChunks(path, name, warn, Buffer.allocUnsafe(CHUNK_BYTES)) };
}

/**
 * A regular file's bytes, read synchronously into one reused buffer: no new memory
 * per chunk (fresh 1 MiB buffers cost a page fault per 4 KB: about half of
 * a plain stream's read time), and no hand-off to libuv's thread pool,
 * whose thread, on a busy two-core machine, kept decode waiting for reads
 * that take a fraction of a millisecond here. A gzip file goes through
 * ungzip instead.
 */
async function* fileChunks(path: string, name: string, warn: ((message: string) => void) | undefined, buffer: Buffer): AsyncGenerator<Uint8Array> {
  const { openSync, readSync, closeSync } = fs();
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw new InputError(`cannot read ${name}: ${describeFsError(error)}`);
  }
  let reads = 0;
  try {
    for (let first = true; ; first = false) {
      let size: number;
      try {
        size = readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        throw new InputError(`cannot read ${name}: ${describeFsError(error)}`);
      }
      if (size === 0) return;
      const chunk = buffer.subarray(0, size);
      if (first && isGzip(chunk)) {
        yield* ungzip(fs().createReadStream(path, { highWaterMark: CHUNK_BYTES }), name, warn);
        return;
      }
      yield chunk;
      // Synchronous reads never hand the event loop a turn, and signals are
      // delivered there: without this pause, Ctrl-C would wait for the end of the file.
      if (++reads % CHUNKS_BETWEEN_TURNS === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    closeSync(fd);
  }
}

/** A gzip member header: the magic bytes and deflate, the only method gzip defines (two bytes alone can start text). */
function isGzip(chunk: Uint8Array): boolean {
  return chunk.length >= 3 && chunk[0] === 0x1f && chunk[1] === 0x8b && chunk[2] === 0x08;
}

/** The stream's chunks, gunzipped when it starts with a gzip header. Read errors become InputError. */
async function* ungzip(stream: Readable, name: string, warn: (message: string) => void = () => undefined): AsyncGenerator<Uint8Array> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  try {
    const first = await iterator.next();
    if (first.done) return;
    if (!isGzip(first.value)) {
      yield first.value;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      return;
    }
    const gunzip = process.getBuiltinModule("node:zlib").createGunzip({ chunkSize: CHUNK_BYTES });
    let inflated = 0;
    let readError: unknown = null;
    const feed = (async () => {
      gunzip.write(first.value);
      try {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
          if (!gunzip.write(next.value)) await new Promise((resolve) => gunzip.once("drain", resolve));
        }
      } catch (error) {
        readError = error;
        throw error;
      }
      gunzip.end();
    })();
    feed.catch((error: unknown) => gunzip.destroy(error as Error));
    try {
      for await (const chunk of gunzip) {
        inflated += (chunk as Uint8Array).length;
        yield chunk as Uint8Array;
      }
      await feed;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (readError !== null || !code?.startsWith("Z_") || inflated === 0) throw error;
      // A cut or damaged archive: the errors before the damage are still worth reporting.
      warn(`the gzip data is damaged or cut after ${inflated} bytes of text (${(error as Error).message}); decoded what came before`);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code?.startsWith("Z_")) throw new InputError(`cannot read ${name}: not valid gzip data`);
    throw new InputError(`cannot read ${name}: ${describeFsError(error)}`);
  } finally {
    await iterator.return?.();
  }
}

/**
 * A body a HAR stores compressed (gzip, deflate, br), decompressed up to
 * `maxBytes`: null when it does not decompress so, or would be larger.
 */
export function decompressBody(encoding: string, bytes: Uint8Array, maxBytes: number): Uint8Array | null {
  const zlib = process.getBuiltinModule("node:zlib");
  const options = { maxOutputLength: maxBytes };
  try {
    if (encoding === "gzip") return zlib.gunzipSync(bytes, options);
    if (encoding === "deflate") return (bytes[0]! & 0x0f) === 8 ? zlib.inflateSync(bytes, options) : zlib.inflateRawSync(bytes, options);
    if (encoding === "br") return zlib.brotliDecompressSync(bytes, options);
  } catch {
    // Damaged, or larger than allowed: shown as it is, with a note.
  }
  return null;
}
