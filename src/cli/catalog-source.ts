// Reads a user catalog (--catalog FILE or MIOSA_ERR_CATALOG) and lays it over
// the built-in one. Reading and validation are imported only when there is a
// file, so the common run does not load them (start-up time is measured).
import { builtinCatalog, BUILTIN_ENTRIES } from "../core/builtin.js";
import { mergeCatalogs, type Catalog, type CatalogEntry } from "../core/catalog.js";
import { safeText } from "../core/sanitize.js";
import { CatalogFileError } from "./exit.js";
import type { IO } from "./io.js";

/** A catalog file larger than this is refused rather than parsed. */
export const MAX_CATALOG_BYTES = 16 * 1024 * 1024;

export async function loadCatalog(io: IO, file: string | undefined): Promise<Catalog> {
  if (file === undefined) return builtinCatalog();
  return mergeCatalogs(BUILTIN_ENTRIES, await readCatalogFile(io, file));
}

export async function readCatalogFile(io: IO, file: string): Promise<CatalogEntry[]> {
  const name = safeText(file, { singleLine: true });
  const { readWholeText } = await import("./input/whole.js");
  const text = await readWholeText(io, file, { what: "catalog", limitBytes: MAX_CATALOG_BYTES });
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new CatalogFileError(`catalog ${name}: not valid JSON (${safeText((error as Error).message, { singleLine: true })})`);
  }
  const { checkCatalogDocument, formatCatalogProblem } = await import("../core/validate.js");
  const check = checkCatalogDocument(document, "user");
  if (check.ok) return check.entries;
  const lines = check.problems.map((problem) => safeText(formatCatalogProblem(file, problem), { singleLine: true }));
  const more = lines.length > 1 ? ` (and ${lines.length - 1} more problem${lines.length > 2 ? "s" : ""})` : "";
  throw new CatalogFileError(`bad catalog ${lines[0]}${more}`, lines);
}
