// catalog validate's run: every problem of a catalog file, or what loading it
// would replace and add (catalog-validate.ts holds the command).
import { builtinCatalog } from "../core/builtin.js";
import { entryIdentity } from "../core/catalog.js";
import { safeText } from "../core/sanitize.js";
import { checkCatalogDocument, formatCatalogProblem, type CatalogProblem } from "../core/validate.js";
import type { Context } from "../cli/context.js";
import type { Outcome } from "../cli/exit.js";
import { jsonDocument } from "../render/json.js";
import { inputName } from "../cli/input/files.js";
import { readTextInput } from "./catalog-input.js";

export interface CatalogValidateOptions {
  file: string;
  json: boolean;
}

function parseJson(text: string): { document: unknown } | { problem: CatalogProblem } {
  try {
    return { document: JSON.parse(text) };
  } catch (error) {
    return { problem: { entry: null, code: null, field: null, message: `not valid JSON (${(error as Error).message})` } };
  }
}

export async function runCatalogValidate({ file, json }: CatalogValidateOptions, ctx: Context): Promise<Outcome> {
  const name = inputName(file);
  const parsed = parseJson(await readTextInput(ctx.io, file));
  const check = "document" in parsed ? checkCatalogDocument(parsed.document, "user") : { ok: false as const, problems: [parsed.problem] };
  if (!check.ok) {
    if (json) {
      ctx.io.stdout.write(jsonDocument({ file, valid: false, problems: check.problems }));
    } else {
      for (const problem of check.problems) ctx.io.stdout.write(`${safeText(formatCatalogProblem(name, problem), { singleLine: true })}\n`);
      const count = check.problems.length;
      ctx.io.stderr.write(`miosa-err: ${name}: ${count} problem${count === 1 ? "" : "s"}; --catalog would refuse it\n`);
    }
    return "invalid";
  }
  // What loading it would do: same area, code and meaning replaces a built-in entry.
  const builtin = new Set(builtinCatalog().entries.map(entryIdentity));
  const replacing = check.entries.filter((entry) => builtin.has(entryIdentity(entry))).length;
  const adding = check.entries.length - replacing;
  if (json) {
    ctx.io.stdout.write(jsonDocument({ file, valid: true, entries: check.entries.length, replaces: replacing, adds: adding, problems: [] }));
  } else {
    ctx.io.stdout.write(
      `${name}: valid, ${check.entries.length} entr${check.entries.length === 1 ? "y" : "ies"} ` +
        `(${replacing} replac${replacing === 1 ? "es a" : "e"} built-in entr${replacing === 1 ? "y" : "ies"}, ${adding} new)\n`,
    );
  }
  return "ok";
}
