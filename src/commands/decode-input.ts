// Where decode reads from: -e texts, files, stdin. Streams only; a gzip
// file or stream is decompressed on the way, as `zcat` would.
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
  chunks(): AsyncIterable<Uint8Array>;
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
  return { name, chunks: () => ungzip(stream, name) };
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
    chunks: () => ungzip(createReadStream(path, { highWaterMark: CHUNK_BYTES }), name),
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

/** The stream's chunks, gunzipped when it starts with the gzip magic bytes. Read errors become InputError. */
async function* ungzip(stream: Readable, name: string): AsyncGenerator<Uint8Array> {
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
    const feed = (async () => {
      gunzip.write(first.value);
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (!gunzip.write(next.value)) await new Promise((resolve) => gunzip.once("drain", resolve));
      }
      gunzip.end();
    })();
    feed.catch((error: unknown) => gunzip.destroy(error as Error));
    for await (const chunk of gunzip) yield chunk as Uint8Array;
    await feed;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code?.startsWith("Z_")) throw new InputError(`cannot read ${name}: not valid gzip data`);
    throw new InputError(`cannot read ${name}: ${describeFsError(error)}`);
  } finally {
    await iterator.return?.();
  }
}
