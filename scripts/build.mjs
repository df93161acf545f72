// Builds dist/ with esbuild: the CLI, the library and its types. Every
// dependency is bundled, so a user installs the tarball alone.
// - dist/cli.cjs, the bin's target: one CommonJS file with all of our code
//   (a command's part is evaluated only when it runs). One file, and
//   CommonJS, because Node 20 loads it faster than ES modules and chunks:
//   explain's start-up is a target (docs/performance.md).
// - dist/vendor/*.cjs: the large packages a command needs only when it runs
//   (undici for probe, cli-table3, chalk), each one file, required on use.
// - The catalog schema's validator is compiled here, by ajv's standalone code
//   generation (scripts/schema-validator.mjs): ajv itself does not ship.
// - dist/index.js: the library, one ES module; dist/types: its declarations.
// - dist/page/decoder.html: the browser page (`serve`, `page --out`), one
//   self-contained file (scripts/page.mjs).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { buildPage } from "./page.mjs";
import { schemaValidatorPlugin } from "./schema-validator.mjs";
import { readFileSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(resolve(ROOT, "package.json"), "utf8"));
// Each vendor file's entry: the package, or the part of it miosa-err uses
// (probe needs undici's Agent alone, half of undici's size).
const VENDOR = {
  // As undici's own index does: the request methods on every dispatcher, then the Agent.
  undici:
    'Object.assign(require("undici/lib/dispatcher/dispatcher.js").prototype, require("undici/lib/api/index.js")); module.exports = { Agent: require("undici/lib/dispatcher/agent.js") };',
  "cli-table3": 'module.exports = require("cli-table3");',
  chalk: 'export * from "chalk"; export { default } from "chalk";',
};

const common = {
  absWorkingDir: ROOT,
  outdir: "dist",
  bundle: true,
  platform: "node",
  target: "node20",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
};

/** The vendor packages stay out of the CLI's file: it requires their own files from dist/vendor on use. */
const vendorOnUse = {
  name: "vendor-on-use",
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${Object.keys(VENDOR).join("|")})$`) }, (args) => ({ path: `./vendor/${args.path}.cjs`, external: true }));
  },
};

// commander requires node:child_process at its top, for subcommands that are
// programs of their own (miosa-err has none); loading it pulls in net and
// dgram on every run. It gets a stand-in that loads the module on first use.
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: "child_process", namespace: "lazy-builtin" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, () => ({
      contents: 'module.exports = new Proxy({}, { get: (_, key) => require("node:child_process")[key] });',
      loader: "js",
    }));
  },
};

rmSync(resolve(ROOT, "dist"), { recursive: true, force: true });
// import.meta.dirname (where the built page is found) is the bundle's own folder.
await build({
  ...common,
  format: "cjs",
  entryPoints: { cli: "src/cli/main.ts" },
  outExtension: { ".js": ".cjs" },
  define: { "import.meta.dirname": "__dirname" },
  plugins: [vendorOnUse, lazyChildProcess, schemaValidatorPlugin(ROOT)],
});
for (const [name, contents] of Object.entries(VENDOR)) {
  await build({ ...common, format: "cjs", stdin: { contents, resolveDir: ROOT, loader: "js" }, outdir: undefined, outfile: `dist/vendor/${name}.cjs` });
}
await build({ ...common, format: "esm", entryPoints: { index: "src/index.ts" }, plugins: [vendorOnUse, schemaValidatorPlugin(ROOT)] });

await buildPage(ROOT, pkg.version);

execFileSync(process.execPath, [resolve(ROOT, "node_modules/typescript/bin/tsc"), "-p", resolve(ROOT, "tsconfig.build.json")], { stdio: "inherit" });
