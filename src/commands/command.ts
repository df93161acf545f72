// What every command file shares. A command file holds its definition (flags,
// help, examples), a parse function from what commander read to typed options,
// and its run function. The action hands both to a Runner: the program's runs
// the command; a parse-only test's keeps the options. Every program loads every
// definition, so a run lives in a module of its own (decode-run.ts beside
// decode.ts, with the options type it takes), which the command file loads,
// through runs.ts, when the command runs:
//   const runDecode: Run<DecodeOptions> = (options, ctx) => import("./runs.js").then((m) => m.runDecode(options, ctx));
// explain, help, list and search load theirs up front: explain's start-up is
// the one measured, and list's and search's runs are small and need little
// that explain does not load anyway (loaded on use, they cost explain a file).
import type { Command } from "commander";
import type { Context } from "../cli/context.js";
import type { Outcome } from "../cli/exit.js";

export type Run<O> = (options: O, ctx: Context) => Promise<Outcome>;

export type Runner = <O>(command: Command, options: O, run: Run<O>) => Promise<void>;

/** The "Examples:" block under a command's help. */
export function examples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join("\n")}\n`;
}

/** For repeatable flags: each use adds one value. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
