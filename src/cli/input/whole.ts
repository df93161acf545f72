// Reading a whole file into memory, for what must be whole to be used (a
// catalog, a docs page, a CA certificate, a request body): the size is known
// to be under the limit before reading, or the read stops at the limit. A
// named pipe is read without blocking a thread, so Ctrl-C still stops the run.
import { Buffer } from "node:buffer";
import type { Readable } from "node:stream";
import { UsageError } from "../exit.js";
import type { IO } from "../io.js";
import { cannotRead, describeFsError } from "./files.js";

const fs = () => process.getBuiltinModule("node:fs");

export interface WholeRead {
  /** The flag or role, as messages name it: "catalog", "--ca", "-d"; "" for none. */
  what: string;
  limitBytes: number;
}

function limitText(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`;
}

/** The bytes of `file` (`-` is stdin), or an InputError (UsageError for a terminal) saying why not. */
export async function readWhole(io: IO, file: string, { what, limitBytes }: WholeRead): Promise<Buffer> {
  const overLimit = (size?: number) => cannotRead(what, file, `${size === undefined ? "more than" : `${size} bytes, over`} the ${limitText(limitBytes)} limit`);
  if (file === "-") {
    if (io.stdin.isTTY) throw new UsageError(`${what ? `${what}: ` : ""}reading from stdin, but stdin is a terminal; pipe a file in or name one`);
    return readLimited(io.stdin, limitBytes, overLimit, (error) => cannotRead(what, file, describeFsError(error)));
  }
  let info: import("node:fs").Stats;
  try {
    info = fs().statSync(file);
  } catch (error) {
    throw cannotRead(what, file, describeFsError(error));
  }
  if (info.isDirectory()) throw cannotRead(what, file, "it is a directory");
  if (info.isFile() && info.size > limitBytes) throw overLimit(info.size);
  if (!info.isFile() && !info.isFIFO() && !info.isCharacterDevice()) throw cannotRead(what, file, "not a file");
  const stream = info.isFIFO() ? pipeStream(file, what) : fs().createReadStream(file);
  return readLimited(stream, limitBytes, overLimit, (error) => cannotRead(what, file, describeFsError(error)));
}

export async function readWholeText(io: IO, file: string, read: WholeRead): Promise<string> {
  return (await readWhole(io, file, read)).toString("utf8");
}

async function readLimited(stream: Readable, limitBytes: number, overLimit: () => Error, failed: (error: unknown) => Error): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
      size += bytes.length;
      if (size > limitBytes) {
        stream.destroy();
        throw overLimit();
      }
      chunks.push(bytes);
    }
  } catch (error) {
    if (error instanceof Error && error.name === "InputError") throw error;
    throw failed(error);
  }
  return Buffer.concat(chunks);
}

/**
 * A named pipe, read the way Node reads a piped stdin: non-blocking, through
 * the event loop. A blocking read on libuv's thread pool holds up the
 * process's exit until a writer comes, so Ctrl-C could not stop the run.
 */
export function pipeStream(file: string, what = ""): Readable {
  const { openSync, constants } = fs();
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw cannotRead(what, file, describeFsError(error));
  }
  const { Socket } = process.getBuiltinModule("node:net");
  return new Socket({ fd, readable: true, writable: false });
}
