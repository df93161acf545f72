// catalog validate FILE: checks a user catalog and reports every problem with
// its entry and field, not just the first.
import { Command } from "commander";
import type { CatalogValidateOptions } from "./catalog-validate-run.js";
import { examples, type Run, type Runner } from "./command.js";

const runCatalogValidate: Run<CatalogValidateOptions> = (options, ctx) => import("./runs.js").then((m) => m.runCatalogValidate(options, ctx));

export function parseCatalogValidateOptions(file: string, flags: { json?: boolean }): CatalogValidateOptions {
  return { file, json: flags.json === true };
}

export function catalogValidateCommand(runner: Runner): Command {
  return new Command("validate")
    .description("check a catalog JSON file and report every problem with its entry and field (exit 1 when any)")
    .argument("<file>", "a catalog JSON file (- for stdin)")
    .option("--json", "print one JSON document")
    .addHelpText("after", examples(["miosa-err catalog validate mine.json", "miosa-err catalog validate mine.json --json"]))
    .action((file: string, flags: { json?: boolean }, command: Command) => runner(command, parseCatalogValidateOptions(file, flags), runCatalogValidate));
}
