// help [TOPIC]: the program's help, a command's, or the exit-code table.
import { Command } from "commander";
import type { Context } from "../cli/context.js";
import { EXIT_CODE_TABLE, UsageError, type Outcome } from "../cli/exit.js";
import { examples, type Runner } from "./command.js";

export interface HelpOptions {
  topic: string | undefined;
  program: Command;
}

export function exitCodesHelp(): string {
  const rows = EXIT_CODE_TABLE.map(({ code, meaning }) => `  ${String(code).padStart(3)}  ${meaning}`);
  return `Exit codes of miosa-err:\n${rows.join("\n")}\n`;
}

export function helpCommand(runner: Runner): Command {
  return new Command("help")
    .description("show help for a command, or a topic: exit-codes")
    .argument("[topic]", "a command name, or exit-codes")
    .addHelpText("after", examples(["miosa-err help explain", "miosa-err help exit-codes"]))
    .action((topic: string | undefined, _flags: object, command: Command) => runner(command, { topic, program: command.parent ?? command }, runHelp));
}

export async function runHelp({ topic, program }: HelpOptions, ctx: Context): Promise<Outcome> {
  if (topic === undefined) ctx.io.stdout.write(program.helpInformation());
  else if (topic === "exit-codes") ctx.io.stdout.write(exitCodesHelp());
  else {
    const command = program.commands.find((candidate) => candidate.name() === topic);
    if (!command) throw new UsageError(`no help topic "${topic.slice(0, 80)}"; try a command name or exit-codes`);
    ctx.io.stdout.write(command.helpInformation());
  }
  return "ok";
}
