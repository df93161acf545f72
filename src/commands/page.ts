// page --out FILE: the browser decoder as one self-contained HTML file, to
// open from disk, put on an intranet or send to a colleague.
import { Command } from "commander";
import { safeText } from "../core/sanitize.js";
import type { Context } from "../cli/context.js";
import { InputError, UsageError, type Outcome } from "../cli/exit.js";
import { examples, type Runner } from "./command.js";

export interface PageFlags {
  out?: string;
}

export interface PageOptions {
  out: string;
}

export function parsePageOptions(flags: PageFlags): PageOptions {
  const out = flags.out?.trim() ?? "";
  if (out === "") throw new UsageError("page needs --out FILE: where to write the page (e.g. --out decoder.html)");
  return { out };
}

export function pageCommand(runner: Runner): Command {
  return new Command("page")
    .description("write the browser decoder as one offline HTML file (works opened from disk; sends nothing anywhere)")
    .requiredOption("-o, --out <file>", "the HTML file to write")
    .addHelpText("after", examples(["miosa-err page --out decoder.html", "miosa-err page -o /srv/intranet/miosa-decoder.html"]))
    .action((flags: PageFlags, command: Command) => runner(command, parsePageOptions(flags), runPage));
}

export async function runPage({ out }: PageOptions, ctx: Context): Promise<Outcome> {
  // Taken on use: other commands' start-up does not pay for the page.
  const { builtPage } = await import("../cli/page-files.js");
  const { describeFsError } = await import("../cli/input/files.js");
  const { writeFileSync } = process.getBuiltinModule("node:fs");
  const page = builtPage();
  const shown = safeText(out, { singleLine: true });
  try {
    writeFileSync(out, page.html);
  } catch (error) {
    throw new InputError(`cannot write ${shown}: ${describeFsError(error)}`);
  }
  ctx.io.stdout.write(`wrote ${shown} (${Math.round(page.html.length / 1024)} KB): open it in a browser; it decodes there and sends nothing anywhere\n`);
  return "ok";
}
