// serve [--port N] [--open]: the browser decoder on http://127.0.0.1:PORT/,
// for this machine only, until Ctrl-C (exit 130, as every command).
import { Command } from "commander";
import { safeText } from "../core/sanitize.js";
import { UsageError } from "../cli/exit.js";
import { examples, type Run, type Runner } from "./command.js";
import type { ServeOptions } from "./serve-run.js";

export interface ServeFlags {
  port?: string;
  open?: boolean;
}

const runServe: Run<ServeOptions> = (options, ctx) => import("./runs.js").then((m) => m.runServe(options, ctx));

export function parseServeOptions(flags: ServeFlags): ServeOptions {
  const text = flags.port?.trim();
  const port = text === undefined ? 0 : Number(text);
  if (text !== undefined && (!/^\d+$/.test(text) || port < 1 || port > 65535)) {
    throw new UsageError(`--port takes a port from 1 to 65535, not "${safeText(flags.port ?? "", { singleLine: true })}"`);
  }
  return { port, open: flags.open === true };
}

export function serveCommand(runner: Runner): Command {
  return new Command("serve")
    .description("serve the browser decoder on 127.0.0.1 (this machine only) until Ctrl-C")
    .option("--port <n>", "the port to listen on (default: a free one)")
    .option("--open", "open the page in the default browser")
    .addHelpText("after", examples(["miosa-err serve", "miosa-err serve --port 8765 --open"]))
    .action((flags: ServeFlags, command: Command) => runner(command, parseServeOptions(flags), runServe));
}
