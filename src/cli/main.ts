// The CLI's entry: parses argv, runs one command, and maps its outcome or
// failure to an exit status. The only top-level catch in the tool.
import { CommanderError } from "commander";
import { safeText } from "../core/sanitize.js";
import { CatalogFileError, exitCodeFor, EXIT, UsageError, type Outcome } from "./exit.js";
import type { IO } from "./io.js";
import { buildProgram, commanderOutcome, runnerFor } from "./program.js";

export { systemIO, testIO } from "./io.js";

export async function main(argv: readonly string[], io: IO): Promise<number> {
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
      await program.parseAsync([...argv], { from: "user" });
    } catch (error) {
      if (error instanceof CommanderError) outcome = commanderOutcome(error);
      else throw error;
    }
    return exitCodeFor(outcome);
  } catch (error) {
    return reportFailure(io, error);
  }
}

function reportFailure(io: IO, error: unknown): number {
  const code = exitCodeFor(error);
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
