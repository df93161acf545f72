// Writes V8's code cache for the CLI's hot path (dist/cli-core-*.js), both
// copies (see src/cli/code-cache.ts). Run by scripts/build.mjs in a child
// process without flags, since V8 only accepts a cache made under the same flags.
//
// dist/cli.js compiles the script (there is no cache yet), the commands that
// should start fast run once against an in-memory IO, and V8 then hands out
// the code of every function they compiled, not only the top level.
import { renameSync, writeFileSync } from "node:fs";

const WARM_UP = [
  ["explain", "SANDBOX_LIMIT_REACHED"],
  ["explain", "SANDBOX_LIMIT_REACHED", "--json"],
  ["explain", "409"],
  ["explain", "SANDBOX_LIMITS"],
  ["list"],
  ["list", "--json"],
  ["search", "credits"],
  ["search", "credits", "--json"],
];

const cli = await import(new URL("../dist/cli.js", import.meta.url).href);
if (cli.__codeCache !== "absent") throw new Error(`code cache: expected none before the warm-up, found one (${cli.__codeCache})`);
cli.systemIO(); // compiled too: every real run calls it; nothing is written.
for (const argv of WARM_UP) await cli.main(argv, cli.testIO());
const sealed = cli.__sealCodeCache(cli.__script.createCachedData());
// Each copy appears whole or not at all: a build stopped half-way leaves no cache to trust.
for (const file of cli.__codeCacheFiles) {
  writeFileSync(new URL(`${file.href}.tmp`), sealed);
  renameSync(new URL(`${file.href}.tmp`), file);
}
