// serve [--port N] [--open]: the browser decoder on http://127.0.0.1:PORT/,
// for this machine only, until Ctrl-C (exit 130, as every command).
import { Command } from "commander";
import { safeText } from "../core/sanitize.js";
import type { Context } from "../cli/context.js";
import { UsageError, type Outcome } from "../cli/exit.js";
import { examples, type Runner } from "./command.js";

export interface ServeFlags {
  port?: string;
  open?: boolean;
}

export interface ServeOptions {
  /** 0: a free port. */
  port: number;
  open: boolean;
}

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

/** The platform's "open this URL" program. */
function opener(platform: NodeJS.Platform): [string, string[]] {
  if (platform === "darwin") return ["open", []];
  if (platform === "win32") return ["cmd", ["/c", "start", ""]];
  return ["xdg-open", []];
}

function openInBrowser(ctx: Context, url: string): void {
  const [program, args] = opener(process.platform);
  const child = process.getBuiltinModule("node:child_process").spawn(program, [...args, url], { stdio: "ignore", detached: true });
  child.on("error", () => ctx.io.stderr.write(`miosa-err: could not start ${program} to open the page: open ${url} yourself\n`));
  child.unref();
}

export async function runServe({ port, open }: ServeOptions, ctx: Context): Promise<Outcome> {
  // Taken on use: other commands' start-up does not pay for node:http or the page.
  const { builtPage } = await import("../cli/page-files.js");
  const { startPageServer } = await import("../cli/page-server.js");
  const server = await startPageServer(builtPage(), port);
  ctx.io.stdout.write(`${server.url}\n`);
  ctx.io.stderr.write("miosa-err: serving the decoder to this machine only; press Ctrl-C to stop\n");
  if (open) openInBrowser(ctx, server.url);
  // Runs until a signal stops the process (io.ts: Ctrl-C exits 130).
  await new Promise<never>(() => undefined);
  return "ok";
}
