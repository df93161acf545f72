// catalog diff FILE.md: what a docs page adds, removes or changes against the
// built-in catalog's reference entries. Exit 0 when they agree, 1 when not,
// so a docs repository can run it in CI.
import { Command } from "commander";
import type { CatalogDiffOptions } from "./catalog-diff-run.js";
import { AREAS_HELP, parseAreasFlag, type PageFlags } from "./catalog-import.js";
import { examples, type Run, type Runner } from "./command.js";

export interface CatalogDiffFlags extends PageFlags {
  json?: boolean;
}

const runCatalogDiff: Run<CatalogDiffOptions> = (options, ctx) => import("./runs.js").then((m) => m.runCatalogDiff(options, ctx));

export function parseCatalogDiffOptions(file: string, flags: CatalogDiffFlags): CatalogDiffOptions {
  return { file, areas: parseAreasFlag(flags), json: flags.json === true };
}

export function catalogDiffCommand(runner: Runner): Command {
  return new Command("diff")
    .description("what a docs page adds, removes or changes against the built-in reference entries (exit 1 when they differ)")
    .argument("<file>", "a Markdown page of | Code | HTTP | Meaning | What to do | tables (- for stdin)")
    .option("--areas <list>", AREAS_HELP)
    .option("--json", "print one JSON document")
    .addHelpText(
      "after",
      examples([
        "miosa-err catalog diff errors.md",
        "miosa-err catalog diff reference.md --areas reference --json",
        "miosa-err catalog diff errors.md || echo 'the docs and miosa-err disagree'",
      ]),
    )
    .action((file: string, flags: CatalogDiffFlags, command: Command) => runner(command, parseCatalogDiffOptions(file, flags), runCatalogDiff));
}
