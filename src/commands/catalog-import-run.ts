// catalog import's run: the page's rows as catalog JSON, and a note on the
// rows whose retry and fault were inferred (catalog-import.ts holds the command).
import type { Area, CatalogEntry } from "../core/catalog.js";
import { safeText } from "../core/sanitize.js";
import type { Context } from "../cli/context.js";
import type { Outcome } from "../cli/exit.js";
import { jsonDocument } from "../render/json.js";
import { readDocsPage } from "./catalog-input.js";

export interface CatalogImportOptions {
  file: string;
  areas: Area[] | undefined;
}

const NAMED_IN_NOTE = 10;

/** An entry with its fields in catalog.json's order, so imports diff cleanly against it. */
function catalogJsonEntry(entry: CatalogEntry): CatalogEntry {
  const { code, area, http_status, meaning, action, retry, fault, source } = entry;
  return { code, area, http_status, meaning, action, retry, fault, source };
}

export async function runCatalogImport({ file, areas }: CatalogImportOptions, ctx: Context): Promise<Outcome> {
  // Retry and fault already judged (built in, or in the user's catalog) are kept for the same rows.
  const known = (await ctx.catalog()).entries;
  const result = await readDocsPage(ctx.io, file, areas, known);
  ctx.io.stdout.write(jsonDocument({ entries: result.entries.map(catalogJsonEntry) }));
  if (result.inferred.length > 0) {
    const count = result.inferred.length;
    const shown = result.inferred.slice(0, NAMED_IN_NOTE).map((entry) => `${safeText(entry.code, { singleLine: true })} (${entry.area})`);
    const more = count > NAMED_IN_NOTE ? ` and ${count - NAMED_IN_NOTE} more` : "";
    ctx.io.stderr.write(
      `miosa-err: note: ${count} row${count === 1 ? " is" : "s are"} new to the catalog; retry and fault were inferred from status and wording, so review them: ${shown.join(", ")}${more}\n`,
    );
  }
  return "ok";
}
