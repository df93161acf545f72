// catalog import FILE.md: a MIOSA-docs-style error page as catalog JSON that
// --catalog accepts.
import { Command } from "commander";
import { parseAreaList, type Area } from "../core/catalog.js";
import { safeText } from "../core/sanitize.js";
import { UsageError } from "../cli/exit.js";
import type { CatalogImportOptions } from "./catalog-import-run.js";
import { examples, type Run, type Runner } from "./command.js";

export const AREAS_HELP =
  "one area per table, in order (comma-separated), when the page's headings do not name them; `reference` for the published reference's ten";

/** A docs page's flags (import and diff). */
export interface PageFlags {
  areas?: string;
}

/** `--areas`, checked: undefined when the page's headings are to name the areas. */
export function parseAreasFlag(flags: PageFlags): Area[] | undefined {
  if (flags.areas === undefined) return undefined;
  const parsed = parseAreaList(flags.areas);
  if ("error" in parsed) throw new UsageError(safeText(parsed.error, { singleLine: true }));
  return parsed.areas;
}

const runCatalogImport: Run<CatalogImportOptions> = (options, ctx) => import("./runs.js").then((m) => m.runCatalogImport(options, ctx));

export function parseCatalogImportOptions(file: string, flags: PageFlags): CatalogImportOptions {
  return { file, areas: parseAreasFlag(flags) };
}

export function catalogImportCommand(runner: Runner): Command {
  return new Command("import")
    .description("print a docs page's error tables as catalog JSON that --catalog accepts")
    .argument("<file>", "a Markdown page of | Code | HTTP | Meaning | What to do | tables (- for stdin)")
    .option("--areas <list>", AREAS_HELP)
    .addHelpText(
      "after",
      examples([
        "miosa-err catalog import errors.md > mine.json",
        "miosa-err catalog import reference.md --areas reference",
        "miosa-err catalog import page.md --areas auth,common,sandboxes",
      ]),
    )
    .action((file: string, flags: PageFlags, command: Command) => runner(command, parseCatalogImportOptions(file, flags), runCatalogImport));
}
