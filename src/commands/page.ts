// page --out FILE: the browser decoder as one self-contained HTML file, to
// open from disk, put on an intranet or send to a colleague.
import { Command } from "commander";
import { UsageError } from "../cli/exit.js";
import { examples, type Run, type Runner } from "./command.js";
import type { PageOptions } from "./page-run.js";

export interface PageFlags {
  out?: string;
}

const runPage: Run<PageOptions> = (options, ctx) => import("./runs.js").then((m) => m.runPage(options, ctx));

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
