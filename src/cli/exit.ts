// Typed failures and the exit-code table. exitCodeFor is the only place an
// exit status is decided; commands return an Outcome or throw one of these,
// and signals and failed output reach it as the abort reason of the run.

export const EXIT = {
  OK: 0,
  /** The check the command made failed: an HTTP error answer, a diff with differences, a catalog with problems. */
  CHECK_FAILED: 1,
  USAGE: 2,
  NOTHING_FOUND: 3,
  NO_RESPONSE: 4,
  INTERNAL: 70,
  OUTPUT_FAILED: 74,
  INTERRUPTED: 130,
  TERMINATED: 143,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What a command's run reports back; main maps it to an exit status. */
export type Outcome = "ok" | "api_error" | "nothing_found" | "no_response" | "differs" | "invalid";

export const EXIT_CODE_TABLE: readonly { code: ExitCode; meaning: string }[] = [
  { code: EXIT.OK, meaning: "success: the code was explained, the list printed, errors decoded, a 2xx answer or all health checks passed" },
  {
    code: EXIT.CHECK_FAILED,
    meaning: "probe got an HTTP error answer from the API (explained); catalog diff found differences; catalog validate found problems",
  },
  { code: EXIT.USAGE, meaning: "usage error: unknown flag or command, missing argument, unreadable file, bad catalog" },
  { code: EXIT.NOTHING_FOUND, meaning: "nothing found: unknown code, search or decode with no result" },
  { code: EXIT.NO_RESPONSE, meaning: "probe got no complete HTTP answer (DNS, connection, TLS, timeout, not HTTP, a success whose body broke off)" },
  { code: EXIT.INTERNAL, meaning: "internal error: a bug in miosa-err (MIOSA_ERR_DEBUG=1 shows the stack)" },
  { code: EXIT.OUTPUT_FAILED, meaning: "output could not be written (disk full, closed stdout or stderr); a reader that closes a pipe early is not a failure" },
  { code: EXIT.INTERRUPTED, meaning: "interrupted by Ctrl-C (SIGINT)" },
  { code: EXIT.TERMINATED, meaning: "terminated (SIGTERM)" },
];

/** The user asked for something that cannot be done as asked. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A user catalog that cannot be read or does not validate. */
export class CatalogFileError extends Error {
  override name = "CatalogFileError";
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** An input file that cannot be read. */
export class InputError extends Error {
  override name = "InputError";
}

/** Output could not be written: a full disk, a closed stderr (not a reader that left a pipe). */
export class OutputFailedError extends Error {
  override name = "OutputFailedError";
}

/**
 * A write that failed because the reader went away (`| head`): it took what
 * it wanted, so the run goes on without output and keeps its own status.
 */
export function isReaderGone(error: NodeJS.ErrnoException): boolean {
  return error.code === "EPIPE";
}

/** A signal stopped the run. */
export class InterruptedError extends Error {
  override name = "InterruptedError";
  constructor(readonly signal: "SIGINT" | "SIGTERM") {
    super(signal === "SIGINT" ? "interrupted" : "terminated");
  }
}

export function exitCodeFor(result: Outcome | unknown): ExitCode {
  switch (result) {
    case "ok":
      return EXIT.OK;
    case "api_error":
    case "differs":
    case "invalid":
      return EXIT.CHECK_FAILED;
    case "nothing_found":
      return EXIT.NOTHING_FOUND;
    case "no_response":
      return EXIT.NO_RESPONSE;
  }
  if (result instanceof UsageError || result instanceof CatalogFileError || result instanceof InputError) return EXIT.USAGE;
  if (result instanceof InterruptedError) return result.signal === "SIGINT" ? EXIT.INTERRUPTED : EXIT.TERMINATED;
  if (result instanceof OutputFailedError) return EXIT.OUTPUT_FAILED;
  return EXIT.INTERNAL;
}
