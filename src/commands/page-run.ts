// page's run: writes the built page to --out (page.ts holds the command; this loads when it runs).
import { safeText } from "../core/sanitize.js";
import type { Context } from "../cli/context.js";
import { InputError, type Outcome } from "../cli/exit.js";
import { describeFsError } from "../cli/input/files.js";
import { builtPage } from "../cli/page-files.js";

export interface PageOptions {
  out: string;
}

export async function runPage({ out }: PageOptions, ctx: Context): Promise<Outcome> {
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
