// All I/O a command does goes through one IO object: the real one for the
// process, or an in-memory one in tests.
import type { Readable } from "node:stream";
import { EXIT } from "./exit.js";
import { fdOutput } from "./fd-output.js";
import { openSystemPager, type PagerStream } from "./pager.js";

export interface OutputStream {
  write(text: string): void;
  /** Only where bytes are written before it returns (a descriptor), so the caller may reuse their memory. */
  writeBytes?(bytes: Uint8Array): void;
  readonly isTTY: boolean;
  readonly columns: number;
}

export interface IO {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: Readable & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  /** Milliseconds since the epoch; tests pin it. */
  now(): number;
  /** Starts a pager (a command line) showing on the terminal; absent in tests, which never page. */
  openPager?(command: string): PagerStream | null;
}

function processStream(stream: NodeJS.WriteStream): OutputStream {
  return {
    write: (text) => {
      stream.write(text);
    },
    get isTTY() {
      return stream.isTTY === true;
    },
    get columns() {
      return stream.columns ?? 80;
    },
  };
}

/**
 * An output that fails leaves no one to tell, so end quietly rather than let
 * Node print a stack trace: a reader that went away (`| head`) took what it
 * wanted, so that keeps the run's status; anything else (full disk, closed
 * stderr) is a failure of its own.
 */
function exitOnWriteError(error: NodeJS.ErrnoException): never {
  const keep = typeof process.exitCode === "number" ? process.exitCode : EXIT.OK;
  process.exit(error.code === "EPIPE" ? keep : EXIT.OUTPUT_FAILED);
}

/** A pipe, file or /dev/null is written directly; a terminal through Node's stream. */
function systemOutput(fd: 1 | 2): OutputStream {
  const direct = fdOutput(fd, exitOnWriteError);
  if (direct) return direct;
  const stream = fd === 1 ? process.stdout : process.stderr;
  stream.on("error", exitOnWriteError);
  return processStream(stream);
}

const cleanups = new Set<() => void>();

/**
 * Registers what must be undone if a signal stops the run (a countdown line
 * on the terminal, a hidden cursor). Returns the function that unregisters it.
 */
export function onInterrupt(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Ctrl-C or SIGTERM: undo terminal changes, then stop at once with 130 or 143. */
function exitOnSignals(): void {
  const stop = (code: number) => () => {
    for (const cleanup of cleanups) {
      try {
        cleanup();
      } catch {
        // Stopping matters more than a tidy terminal.
      }
    }
    process.exit(code);
  };
  process.once("SIGINT", stop(EXIT.INTERRUPTED));
  process.once("SIGTERM", stop(EXIT.TERMINATED));
}

export function systemIO(): IO {
  exitOnSignals();
  return {
    stdout: systemOutput(1),
    stderr: systemOutput(2),
    // A getter: Node builds process.stdin (a stream, with its modules) on first
    // access, and only decode, probe -d @- and the catalog commands read it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    now: () => Date.now(),
    openPager: (command) => openSystemPager(command, process.stdout.columns ?? 80),
  };
}

export interface TestIO extends IO {
  output(): string;
  errors(): string;
}

export interface TestIOOptions {
  env?: Record<string, string | undefined>;
  stdin?: string | Buffer;
  tty?: boolean;
  stdinTTY?: boolean;
  columns?: number;
  now?: number;
}

export function testIO(options: TestIOOptions = {}): TestIO {
  let out = "";
  let err = "";
  // Taken on use: a static import of node:stream would load it on every run.
  const { PassThrough } = process.getBuiltinModule("node:stream");
  const stdin = new PassThrough() as InstanceType<typeof PassThrough> & { isTTY?: boolean };
  stdin.isTTY = options.stdinTTY ?? false;
  if (options.stdin !== undefined) stdin.end(options.stdin);
  else if (!options.stdinTTY) stdin.end();
  const tty = options.tty ?? false;
  const columns = options.columns ?? 100;
  return {
    stdout: { write: (text) => void (out += text), isTTY: tty, columns },
    stderr: { write: (text) => void (err += text), isTTY: tty, columns },
    stdin,
    env: options.env ?? {},
    now: () => options.now ?? Date.UTC(2026, 10, 28, 12, 0, 0),
    output: () => out,
    errors: () => err,
  };
}
