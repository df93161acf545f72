// Where decode reads from: -e texts, files, stdin. Streams only; a gzip
// file or stream is decompressed on the way, as `zcat` would. Damaged gzip
// costs no error found before the damage: what came out is decoded, with a
// warning, and data that only looks like gzip is read as it is.
import { Buffer } from "node:buffer";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { safeText } from "../core/sanitize.js";
import { InputError } from "../cli/errors.js";

export interface DecodeInput {
  /** As findings and messages name it: the file name, "(stdin)" or "(-e)". */
  name: string;
  /** The bytes; `warn` hears of damage that does not stop the read (a cut gzip stream). */
  chunks(warn?: (message: string) => void): AsyncIterable<Uint8Array>;
}

const CHUNK_BYTES = 1024 * 1024;

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
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError(`cannot read ${name}: it is a directory`);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read ${name}: ${describeFsError(error)}`);
  }
  return {
    name: path,
    chunks: (warn) => ungzip(createReadStream(path, { highWaterMark: CHUNK_BYTES }), name, warn),
  };
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return code ?? "read failed";
}

function isGzip(chunk: Uint8Array): boolean {
  return chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b;
}

/** Raw bytes kept while gunzip has given nothing yet, to read them as they are if it never does. */
const RAW_FALLBACK_BYTES = 1024 * 1024;

/** The stream's chunks, gunzipped when it starts with the gzip magic bytes. Read errors become InputError. */
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
    const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
    const raw: Uint8Array[] = [];
    let rawBytes = 0;
    let inflated = 0;
    const keep = (chunk: Uint8Array) => {
      if (inflated === 0 && rawBytes < RAW_FALLBACK_BYTES) {
        raw.push(chunk);
        rawBytes += chunk.length;
      }
    };
    let readError: unknown = null;
    const feed = (async () => {
      keep(first.value);
      gunzip.write(first.value);
      try {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
          keep(next.value);
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
      if (readError !== null || !code?.startsWith("Z_")) throw error;
      const why = (error as Error).message || "not valid gzip data";
      if (inflated > 0) {
        warn(`the gzip data is damaged or cut after ${inflated} bytes of text (${why}); decoded what came before`);
        return;
      }
      if (rawBytes >= RAW_FALLBACK_BYTES) throw new InputError(`cannot read ${name}: not valid gzip data (${why})`);
      // Gzip's two magic bytes and nothing after: read it as the text it may be.
      warn(`starts like gzip but is not valid gzip data (${why}); read as it is`);
      yield* raw;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read ${name}: ${describeFsError(error)}`);
  } finally {
    await iterator.return?.();
  }
}
