// completion bash|zsh|fish: prints a completion script with the catalog's
// codes embedded, so completing a code never has to start node.
import type { Command } from "commander";
import { safeText } from "../core/sanitize.js";
import { bashScript } from "../render/completion/bash.js";
import { fishScript } from "../render/completion/fish.js";
import { buildCompletionSpec, SHELLS, type Shell } from "../render/completion/spec.js";
import { zshScript } from "../render/completion/zsh.js";
import type { Context } from "../cli/context.js";
import { UsageError, type Outcome } from "../cli/exit.js";

const SCRIPTS: Record<Shell, typeof bashScript> = { bash: bashScript, zsh: zshScript, fish: fishScript };

export async function runCompletion(shell: string, program: Command, version: string, ctx: Context): Promise<Outcome> {
  const name = shell.trim().toLowerCase();
  if (!(SHELLS as readonly string[]).includes(name)) {
    throw new UsageError(`no completion for shell "${safeText(shell, { singleLine: true })}"; shells: ${SHELLS.join(", ")}`);
  }
  // The user's catalog (--catalog, MIOSA_ERR_CATALOG) counts: its codes are completed too.
  const spec = buildCompletionSpec(program, version, await ctx.catalog());
  ctx.io.stdout.write(SCRIPTS[name as Shell](spec));
  return "ok";
}
