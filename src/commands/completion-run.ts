// completion's run: the script for one shell, with the catalog's codes in it
// (completion.ts holds the command; this loads when it runs).
import type { Command } from "commander";
import { bashScript } from "../render/completion/bash.js";
import { fishScript } from "../render/completion/fish.js";
import { buildCompletionSpec, type Shell } from "../render/completion/spec.js";
import { zshScript } from "../render/completion/zsh.js";
import type { Context } from "../cli/context.js";
import type { Outcome } from "../cli/exit.js";

const SCRIPTS: Record<Shell, typeof bashScript> = { bash: bashScript, zsh: zshScript, fish: fishScript };

export interface CompletionOptions {
  shell: Shell;
  /** The whole program, whose commands and flags the script completes. */
  program: Command;
  version: string;
}

export async function runCompletion({ shell, program, version }: CompletionOptions, ctx: Context): Promise<Outcome> {
  // The user's catalog (--catalog, MIOSA_ERR_CATALOG) counts: its codes are completed too.
  const spec = buildCompletionSpec(program, version, await ctx.catalog());
  ctx.io.stdout.write(SCRIPTS[shell](spec));
  return "ok";
}
