// completion bash|zsh|fish: prints a completion script with the catalog's
// codes embedded, so completing a code never has to start node.
import { Command } from "commander";
import { safeText } from "../core/sanitize.js";
import { bashScript } from "../render/completion/bash.js";
import { fishScript } from "../render/completion/fish.js";
import { buildCompletionSpec, SHELLS, type Shell } from "../render/completion/spec.js";
import { zshScript } from "../render/completion/zsh.js";
import type { Context } from "../cli/context.js";
import { UsageError, type Outcome } from "../cli/exit.js";
import { examples, type Runner } from "./command.js";

const SCRIPTS: Record<Shell, typeof bashScript> = { bash: bashScript, zsh: zshScript, fish: fishScript };

export interface CompletionOptions {
  shell: Shell;
  /** The whole program, whose commands and flags the script completes. */
  program: Command;
  version: string;
}

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

export async function runCompletion({ shell, program, version }: CompletionOptions, ctx: Context): Promise<Outcome> {
  // The user's catalog (--catalog, MIOSA_ERR_CATALOG) counts: its codes are completed too.
  const spec = buildCompletionSpec(program, version, await ctx.catalog());
  ctx.io.stdout.write(SCRIPTS[shell](spec));
  return "ok";
}
