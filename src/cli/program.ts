// The root program: global flags, output wiring, and each command's own
// definition (from its file in commands/). The commands' heavy parts (the
// network, the schema validator, colours, tables) load when a command needs
// them, so start-up stays small (it is measured).
import { Command, type CommanderError } from "commander";
import pkg from "../../package.json" with { type: "json" };
import { catalogCommand } from "../commands/catalog.js";
import { examples, type Runner } from "../commands/command.js";
import { completionCommand } from "../commands/completion.js";
import { decodeCommand } from "../commands/decode.js";
import { explainCommand } from "../commands/explain.js";
import { helpCommand } from "../commands/help.js";
import { listCommand } from "../commands/list.js";
import { pageCommand } from "../commands/page.js";
import { probeCommand } from "../commands/probe.js";
import { searchCommand } from "../commands/search.js";
import { serveCommand } from "../commands/serve.js";
import { createContext, type GlobalOptions } from "./context.js";
import { UsageError, type Outcome } from "./exit.js";
import type { IO } from "./io.js";

export const VERSION: string = pkg.version;

/** The runner that runs: a context from the global options, then the command's run, whose outcome goes to `report`. */
export function runnerFor(io: IO, report: (outcome: Outcome) => void): Runner {
  return async (command, options, run) => report(await run(options, await createContext(io, command.optsWithGlobals<GlobalOptions>())));
}

/** Builds the program; each command's action hands its parsed options and run function to `runner`. */
export function buildProgram(io: IO, runner: Runner): Command {
  const program = new Command("miosa-err")
    .description("Explain MIOSA API errors: what a code means, what to do about it, and when to retry.")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .option("--catalog <file>", "add entries from a catalog JSON file (or env MIOSA_ERR_CATALOG)")
    .option("--no-color", "no colour, even on a terminal (NO_COLOR and FORCE_COLOR are honoured too)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`miosa-err: ${text.replace(/^error: /, "")}`),
      getOutHelpWidth: () => io.stdout.columns,
      getErrHelpWidth: () => io.stderr.columns,
    })
    .showSuggestionAfterError(true)
    .helpCommand(false)
    .addHelpText(
      "after",
      examples([
        "miosa-err explain SANDBOX_LIMIT_REACHED",
        "curl -si https://api.miosa.ai/api/v1/sandboxes | miosa-err decode",
        "miosa-err search credits",
        "miosa-err help exit-codes",
      ]),
    );
  const commands = [
    explainCommand(runner),
    listCommand(runner),
    searchCommand(runner),
    catalogCommand(runner),
    completionCommand(runner, VERSION),
    decodeCommand(runner),
    probeCommand(runner),
    serveCommand(runner),
    pageCommand(runner),
    helpCommand(runner),
  ];
  // Subcommands take the root's output settings and error handling.
  for (const command of commands) program.addCommand(inheritSettings(program, command));
  return program;
}

function inheritSettings(program: Command, command: Command): Command {
  command.copyInheritedSettings(program);
  for (const sub of command.commands) inheritSettings(command, sub);
  return command;
}

/** Commander's own exits: help and version are success, the rest usage errors it has already printed. */
export function commanderOutcome(error: CommanderError): Outcome {
  if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return "ok";
  throw new UsageError(error.message, { cause: error });
}
