// Builds dist/ with esbuild, in one pass: the CLI (dist/cli.js, the bin's
// target) and the library (dist/index.js) as ES modules that share chunks, so
// no code ships twice and the package stays under 1 MB unpacked
// (test/e2e/package.test.ts). Every dependency is bundled. What the code
// imports with import() is in files of its own, loaded on use: the commands'
// runs (src/commands/runs.ts), the user-catalog reader and validator, and
// chalk, cli-table3 and probe's undici client (named, in dist/vendor);
// explain's start-up is a target (docs/performance.md). The catalog schema's
// validator is compiled here by ajv (scripts/schema-validator.mjs), which does
// not ship; the browser page is dist/page/decoder.html (scripts/page.mjs).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildPage } from "./page.mjs";
import { schemaValidatorPlugin } from "./schema-validator.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(resolve(ROOT, "package.json"), "utf8"));

/** A module (imported by `importer`) replaced by a few lines of our own. */
const standIn = (name, filter, contents, importer = /./) => ({
  name,
  setup(b) {
    b.onResolve({ filter }, (args) => (importer.test(args.importer) ? { path: args.path, namespace: name } : undefined));
    b.onLoad({ filter: /.*/, namespace: name }, () => ({ contents, resolveDir: ROOT }));
  },
});

rmSync(resolve(ROOT, "dist"), { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: {
    cli: "src/cli/main.ts",
    index: "src/index.ts",
    "vendor/chalk": "chalk",
    "vendor/cli-table3": "cli-table3",
    "vendor/undici": "src/net/undici-client.ts",
  },
  outdir: "dist",
  bundle: true,
  format: "esm",
  splitting: true,
  platform: "node",
  target: "node20",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
  // The CommonJS packages (commander, undici, cli-table3) require Node's own modules,
  // all they require once bundled. Not createRequire: node:module would load on every run.
  // A module Node lacks throws, as require does (undici tries node:sqlite, new in Node 22).
  banner: {
    js: 'const require=(id)=>{const m=process.getBuiltinModule(id);if(m===undefined)throw new Error("Cannot find module "+id);return m};',
  },
  plugins: [
    schemaValidatorPlugin(ROOT),
    // probe uses undici's Agent alone, with the request methods undici's own index gives every dispatcher: half of undici.
    standIn(
      "undici-agent",
      /^undici$/,
      'Object.assign(require("undici/lib/dispatcher/dispatcher.js").prototype, require("undici/lib/api/index.js")); module.exports = { Agent: require("undici/lib/dispatcher/agent.js") };',
    ),
    // commander requires node:child_process at its top, for subcommands that are programs of their own (miosa-err has
    // none): it would pull in net and dgram on every run (explain's start-up: +4%). It loads on first use instead.
    standIn(
      "lazy-child-process",
      /^(node:)?child_process$/,
      'module.exports = new Proxy({}, { get: (_, key) => require("node:child_process")[key] });',
      /node_modules[\\/]commander[\\/]/,
    ),
  ],
});

await buildPage(ROOT, pkg.version);

execFileSync(process.execPath, [resolve(ROOT, "node_modules/typescript/bin/tsc"), "-p", resolve(ROOT, "tsconfig.build.json")], { stdio: "inherit" });
