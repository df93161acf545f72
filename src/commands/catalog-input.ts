// The files the catalog subcommands' runs take (a docs page, a catalog JSON),
// and a docs page turned into entries or a list of problems.
import type { Area, CatalogEntry } from "../core/catalog.js";
import { importReference, type ImportResult } from "../core/reference-import.js";
import { safeText } from "../core/sanitize.js";
import { MAX_CATALOG_BYTES } from "../cli/catalog-source.js";
import { InputError } from "../cli/exit.js";
import { inputName } from "../cli/input/files.js";
import { readWholeText } from "../cli/input/whole.js";
import type { IO } from "../cli/io.js";

/** A docs page or catalog file (`-` is stdin), whole. */
export function readTextInput(io: IO, file: string): Promise<string> {
  return readWholeText(io, file, { what: "", limitBytes: MAX_CATALOG_BYTES });
}

/**
 * A docs page as catalog entries. Every problem in the page goes to stderr
 * with its line, then one InputError fails the run: a half-imported page
 * would look complete.
 */
export async function readDocsPage(io: IO, file: string, areas: Area[] | undefined, known: readonly CatalogEntry[]): Promise<ImportResult> {
  const text = await readTextInput(io, file);
  const result = importReference(text, { areas, known });
  if (result.problems.length > 0) {
    const name = inputName(file);
    for (const problem of result.problems) {
      io.stderr.write(`miosa-err: ${name}:${problem.line}: ${safeText(problem.message, { singleLine: true })}\n`);
    }
    const count = result.problems.length;
    throw new InputError(`${name}: ${count} problem${count === 1 ? "" : "s"} in the page; nothing was done`);
  }
  return result;
}
