// Standard output and error written straight to their file descriptors when
// they are a pipe, a file or /dev/null. Node builds process.stdout lazily, and
// building it loads a dozen stream modules: about a tenth of explain's own
// start-up cost. Writes to pipes and files are synchronous in Node on Linux
// anyway, so writeSync keeps the same order and back-pressure. A terminal (or
// anything else) still gets Node's own stream: it knows colours and columns.
import type { Stats } from "node:fs";

// Not `import ... from "node:fs"`: Node's ESM view of fs reads every export,
// which loads fs's stream classes too, the very cost this module avoids.
const { fstatSync, statSync, writeSync } = process.getBuiltinModule("node:fs");

export interface FdOutput {
  write(text: string): void;
  /** Bytes written before it returns: the caller may reuse their memory. */
  writeBytes(bytes: Uint8Array): void;
  readonly isTTY: false;
  readonly columns: number;
}

let devNull: Stats | null | undefined;
function isDevNull(info: Stats): boolean {
  if (devNull === undefined) {
    try {
      devNull = statSync("/dev/null");
    } catch {
      devNull = null;
    }
  }
  return devNull !== null && info.isCharacterDevice() && info.rdev === devNull.rdev;
}

/** Sleeps without spinning the CPU: only for a descriptor someone made non-blocking. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

type WriteBytes = (fd: number, bytes: Buffer, offset: number, length: number) => number;

// Text is encoded into this one buffer when it fits for sure (3 bytes per
// UTF-16 unit at most): a fresh buffer per write means an allocation and page
// faults for every batch decode writes.
// Made on first use: explain writes a few hundred bytes once.
const SCRATCH_BYTES = 256 * 1024;
let scratch: Buffer | undefined;

/** Writes all of text, going on after partial writes and EAGAIN; other errors are thrown. */
export function writeAll(fd: number, text: string, write: WriteBytes = writeSync): void {
  if (text.length === 0) return;
  const fits = text.length * 3 <= SCRATCH_BYTES;
  if (fits) scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES);
  const bytes = fits ? scratch! : Buffer.from(text, "utf8");
  const size = bytes === scratch ? scratch.write(text, 0, "utf8") : bytes.length;
  writeAllBytes(fd, bytes.subarray(0, size), write);
}

/** Writes all of bytes, going on after partial writes and EAGAIN; other errors are thrown. */
export function writeAllBytes(fd: number, bytes: Uint8Array, write: WriteBytes = writeSync): void {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += write(fd, buffer, offset, buffer.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      pause(1);
    }
  }
}

/**
 * An output on `fd` that bypasses process.stdout/stderr, or null when fd is a
 * terminal or anything this cannot tell apart from one. `onError` gets a
 * failed write (EPIPE from a reader that went away, a full disk).
 */
export function fdOutput(fd: 1 | 2, onError: (error: NodeJS.ErrnoException) => void): FdOutput | null {
  let info: Stats;
  try {
    info = fstatSync(fd);
  } catch {
    return null;
  }
  if (!(info.isFIFO() || info.isFile() || info.isSocket() || isDevNull(info))) return null;
  return {
    write: (text) => {
      try {
        writeAll(fd, text);
      } catch (error) {
        onError(error as NodeJS.ErrnoException);
      }
    },
    writeBytes: (bytes) => {
      try {
        writeAllBytes(fd, bytes);
      } catch (error) {
        onError(error as NodeJS.ErrnoException);
      }
    },
    isTTY: false,
    // What process.stdout.columns falls back to when it is not a terminal.
    columns: 80,
  };
}
