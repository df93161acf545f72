// completion bash|zsh|fish: prints a completion script with the catalog's
// codes embedded, so completing a code never has to start node.
import { Command } from "commander";
import { safeText } from "../core/sanitize.js";
import { SHELLS, type Shell } from "../render/completion/spec.js";
import { UsageError } from "../cli/exit.js";
import { examples, type Run, type Runner } from "./command.js";
import type { CompletionOptions } from "./completion-run.js";

const runCompletion: Run<CompletionOptions> = (options, ctx) => import("./runs.js").then((m) => m.runCompletion(options, ctx));

export function parseShell(shell: string): Shell {
  const name = shell.trim().toLowerCase();
  if (!(SHELLS as readonly string[]).includes(name)) {
    throw new UsageError(`no completion for shell "${safeText(shell, { singleLine: true })}"; shells: ${SHELLS.join(", ")}`);
  }
  return name as Shell;
}

export function completionCommand(runner: Runner, version: string): Command {
  return new Command("completion")
    .description("print a shell completion script (commands, flags, areas, and every catalog code)")
    .argument("<shell>", "bash, zsh or fish")
    .addHelpText(
      "after",
      examples([
        "miosa-err completion bash > ~/.local/share/bash-completion/completions/miosa-err",
        `miosa-err completion zsh > "\${fpath[1]}/_miosa-err"`,
        "miosa-err completion fish > ~/.config/fish/completions/miosa-err.fish",
      ]),
    )
    .action((shell: string, _flags: object, command: Command) => {
      const program = command.parent ?? command;
      return runner(command, { shell: parseShell(shell), program, version }, runCompletion);
    });
}
