// The CLI's entry: parses argv, runs one command, and maps its outcome or
// failure to an exit status. The only top-level catch in the tool.
import { CommanderError } from "commander";
import { safeText } from "../core/sanitize.js";
import { CatalogFileError, EXIT, exitCodeFor, InterruptedError, UsageError, type Outcome } from "./exit.js";
import type { IO } from "./io.js";
import { buildProgram, commanderOutcome, runnerFor } from "./program.js";

export { systemIO, testIO } from "./io.js";

export async function main(argv: readonly string[], io: IO): Promise<number> {
  const code = await run(argv, io);
  // A stream reports a failed write a tick later: let it, before the status is settled.
  await new Promise((resolve) => setImmediate(resolve));
  // Output that could not be written, or a signal, outranks what the run itself said.
  return io.signal.aborted ? exitCodeFor(io.signal.reason) : code;
}

async function run(argv: readonly string[], io: IO): Promise<number> {
  let outcome: Outcome = "ok";
  try {
    const program = buildProgram(
      io,
      runnerFor(io, (result) => {
        outcome = result;
      }),
    );
    if (argv.length === 0) {
      io.stderr.write(program.helpInformation());
      return EXIT.USAGE;
    }
    try {
      await untilAborted(program.parseAsync([...argv], { from: "user" }), io.signal);
    } catch (error) {
      if (error instanceof CommanderError) outcome = commanderOutcome(error);
      else throw error;
    }
    return exitCodeFor(outcome);
  } catch (error) {
    return reportFailure(io, error);
  }
}

/** The run, or its abort reason as soon as the signal fires: a stuck read or request must not hold up Ctrl-C. */
function untilAborted<T>(run: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    run.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

function reportFailure(io: IO, error: unknown): number {
  const code = exitCodeFor(error);
  // The shell shows ^C; a line saying so would only be noise.
  if (error instanceof InterruptedError) return code;
  const debug = io.env.MIOSA_ERR_DEBUG === "1";
  // commander has already printed its own usage errors.
  const alreadyPrinted = error instanceof UsageError && error.cause instanceof CommanderError;
  if (!alreadyPrinted) {
    const message = error instanceof Error ? error.message : String(error);
    const line = safeText(message, { singleLine: true });
    if (code === EXIT.INTERNAL) {
      io.stderr.write(`miosa-err: internal error: ${line}${debug ? "" : " (set MIOSA_ERR_DEBUG=1 for details)"}\n`);
    } else {
      io.stderr.write(`miosa-err: ${line}\n`);
    }
    if (debug && error instanceof CatalogFileError) {
      for (const detail of error.details.slice(1)) io.stderr.write(`  ${detail}\n`);
    }
  }
  if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return code;
}
