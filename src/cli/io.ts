// All I/O a command does goes through one IO object: the real one for the
// process, or an in-memory one in tests.
import type { Readable } from "node:stream";
import { exitCodeFor, InterruptedError, isReaderGone, OutputFailedError } from "./exit.js";
import { fdOutput } from "./fd-output.js";
import { openSystemPager, type PagerStream } from "./pager.js";

export interface OutputStream {
  write(text: string): void;
  /** Only where bytes are written before it returns (a descriptor), so the caller may reuse their memory. */
  writeBytes?(bytes: Uint8Array): void;
  readonly isTTY: boolean;
  readonly columns: number;
  /** True once the reader went away (`| head`): writes are dropped from then on. */
  readonly closed?: boolean;
}

export interface IO {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: Readable & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  /** Milliseconds since the epoch; tests pin it. */
  now(): number;
  /**
   * Aborted when the run must stop: a signal (reason InterruptedError) or
   * output that cannot be written (OutputFailedError). main ends the run with
   * the reason's exit status; long loops check it to stop promptly.
   */
  signal: AbortSignal;
  /** Starts a pager (a command line) showing on the terminal; absent in tests, which never page. */
  openPager?(command: string): PagerStream | null;
}

/**
 * An output whose failures stop the run through the exit mapper rather than
 * a stack trace: a reader that went away closes it quietly (the run keeps its
 * own status), anything else (a full disk, a closed stderr) aborts the run.
 */
function systemOutput(fd: 1 | 2, stop: AbortController): OutputStream {
  let closed = false;
  const failed = (error: NodeJS.ErrnoException) => {
    closed = true;
    if (!isReaderGone(error)) stop.abort(new OutputFailedError(`cannot write to ${fd === 1 ? "stdout" : "stderr"}: ${error.code ?? error.message}`));
  };
  // A pipe, file or /dev/null is written directly; a terminal through Node's stream.
  const direct = fdOutput(fd, failed);
  const stream = direct ? null : fd === 1 ? process.stdout : process.stderr;
  stream?.on("error", failed);
  return {
    write: (text) => {
      if (closed) return;
      if (direct) direct.write(text);
      else stream!.write(text);
    },
    ...(direct
      ? {
          writeBytes: (bytes: Uint8Array) => {
            if (!closed) direct.writeBytes(bytes);
          },
        }
      : {}),
    get isTTY() {
      return stream?.isTTY === true;
    },
    get columns() {
      return direct ? direct.columns : (stream!.columns ?? 80);
    },
    get closed() {
      return closed;
    },
  };
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

/**
 * Ctrl-C or SIGTERM: undo terminal changes, then abort the run, which main
 * maps to 130 or 143. A second signal does not wait for the run to notice.
 */
function abortOnSignals(stop: AbortController): void {
  const onSignal = (signal: "SIGINT" | "SIGTERM") => () => {
    const reason = new InterruptedError(signal);
    if (stop.signal.aborted) process.exit(exitCodeFor(reason));
    for (const cleanup of cleanups) {
      try {
        cleanup();
      } catch {
        // Stopping matters more than a tidy terminal.
      }
    }
    stop.abort(reason);
  };
  process.on("SIGINT", onSignal("SIGINT"));
  process.on("SIGTERM", onSignal("SIGTERM"));
}

export function systemIO(): IO {
  const stop = new AbortController();
  abortOnSignals(stop);
  return {
    stdout: systemOutput(1, stop),
    stderr: systemOutput(2, stop),
    // A getter: Node builds process.stdin (a stream, with its modules) on first
    // access, and only decode, probe -d @- and the catalog commands read it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    now: () => Date.now(),
    signal: stop.signal,
    openPager: (command) => openSystemPager(command, process.stdout.columns ?? 80),
  };
}

export interface TestIO extends IO {
  output(): string;
  errors(): string;
  /** What a signal does to a real run. */
  interrupt(signal: "SIGINT" | "SIGTERM"): void;
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
  const stop = new AbortController();
  const columns = options.columns ?? 100;
  return {
    stdout: { write: (text) => void (out += text), isTTY: tty, columns },
    stderr: { write: (text) => void (err += text), isTTY: tty, columns },
    stdin,
    env: options.env ?? {},
    now: () => options.now ?? Date.UTC(2026, 10, 28, 12, 0, 0),
    signal: stop.signal,
    output: () => out,
    errors: () => err,
    interrupt: (signal) => stop.abort(new InterruptedError(signal)),
  };
}
