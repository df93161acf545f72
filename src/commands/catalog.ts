// catalog: the group of import, diff and validate.
import { Command } from "commander";
import { catalogDiffCommand } from "./catalog-diff.js";
import { catalogImportCommand } from "./catalog-import.js";
import { catalogValidateCommand } from "./catalog-validate.js";
import { examples, type Runner } from "./command.js";

export function catalogCommand(runner: Runner): Command {
  return new Command("catalog")
    .description("import a MIOSA docs error page, diff it against the catalog, validate a catalog file")
    .helpCommand(false)
    .addHelpText(
      "after",
      examples(["miosa-err catalog import errors.md > mine.json", "miosa-err catalog diff errors.md", "miosa-err catalog validate mine.json"]),
    )
    .addCommand(catalogImportCommand(runner))
    .addCommand(catalogDiffCommand(runner))
    .addCommand(catalogValidateCommand(runner));
}
