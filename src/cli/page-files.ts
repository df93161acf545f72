// Where the built browser page is (dist/page, made by scripts/page.mjs), for
// `page --out` and `serve`: beside the CLI's bundle when installed, under the
// checkout's dist/ when the CLI runs from source (tests).
import { InputError } from "./exit.js";

// Not `import ... from "node:fs"`: Node's ESM view of fs reads every export, which loads fs's stream
// classes too (fd-output.ts); decode's run shares a module with page's, and loads this file.
const { existsSync, readFileSync } = process.getBuiltinModule("node:fs");
const { join } = process.getBuiltinModule("node:path");

export interface BuiltPage {
  path: string;
  html: Buffer;
  /** The page's Content-Security-Policy, as its meta tag carries it. */
  policy: string;
}

/** import.meta.dirname is dist/ in the bundle (the chunk's folder), src/cli from source. */
function candidates(): string[] {
  const here = import.meta.dirname;
  return [join(here, "page"), join(here, "..", "..", "dist", "page")];
}

export function builtPage(): BuiltPage {
  const dir = candidates().find((candidate) => existsSync(join(candidate, "decoder.html")));
  if (!dir) throw new InputError("the browser page is not built: run `npm run build` in the miosa-err checkout");
  const path = join(dir, "decoder.html");
  return { path, html: readFileSync(path), policy: readFileSync(join(dir, "policy.txt"), "utf8").trim() };
}
