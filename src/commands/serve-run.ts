// serve's run: the page on a loopback port until a signal stops the process
// (serve.ts holds the command; this, with node:http, loads when it runs).
import type { Context } from "../cli/context.js";
import type { Outcome } from "../cli/exit.js";
import { builtPage } from "../cli/page-files.js";
import { startPageServer } from "../cli/page-server.js";

export interface ServeOptions {
  /** 0: a free port. */
  port: number;
  open: boolean;
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
  const server = await startPageServer(builtPage(), port);
  ctx.io.stdout.write(`${server.url}\n`);
  ctx.io.stderr.write("miosa-err: serving the decoder to this machine only; press Ctrl-C to stop\n");
  if (open) openInBrowser(ctx, server.url);
  // Runs until a signal stops the process (io.ts: Ctrl-C exits 130).
  await new Promise<never>(() => undefined);
  return "ok";
}
