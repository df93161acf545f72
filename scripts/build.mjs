// Builds dist/: the CLI as one minified ESM bundle (lazily loaded parts in
// dist/chunks), the library entry for `import "miosa-err"`, and its types.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });

// CommonJS dependencies bundled into ESM still call require() for Node built-ins.
const requireShim = 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);';

await build({
  entryPoints: { cli: "src/cli/main.ts" },
  outdir: "dist",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  legalComments: "none",
  banner: { js: requireShim },
  logLevel: "warning",
});

await build({
  entryPoints: { index: "src/index.ts" },
  outdir: "dist",
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});

execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
