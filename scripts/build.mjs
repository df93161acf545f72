// Builds dist/ with esbuild: the CLI, the library and its types. Every
// dependency is bundled, so a user installs the tarball alone, and nothing
// ships twice: the package stays under 1 MB unpacked (test/e2e/package.test.ts).
// - dist/core.cjs: src/core (the model and the logic) once, for the CLI and
//   the library both: it is the library's code, plus each core module the CLI
//   imports (under `cliModules`), so no core code ships twice.
// - dist/cli.cjs, the bin's target: the rest of our code, one CommonJS file
//   that requires ./core.cjs (a command's part is evaluated only when it
//   runs). CommonJS and two files, not ES modules and chunks, because Node 20
//   loads CommonJS faster: explain's start-up is a target (docs/performance.md).
// - dist/index.js: the library's ES module entry, its names read from core.cjs;
//   dist/types: its declarations.
// - dist/vendor/*.cjs: the large packages a command needs only when it runs
//   (undici for probe, cli-table3, chalk), each one file, required on use.
// - The catalog schema's validator is compiled here, by ajv's standalone code
//   generation (scripts/schema-validator.mjs): ajv itself does not ship.
// - dist/page/decoder.html: the browser page (`serve`, `page --out`), one
//   self-contained file (scripts/page.mjs).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { buildPage } from "./page.mjs";
import { schemaValidatorPlugin } from "./schema-validator.mjs";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

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

const CORE = resolve(ROOT, "src/core") + sep;
const coreName = (path) => relative(CORE, path).split(sep).join("/").replace(/\.ts$/, "");
// import.meta.dirname (where the built page is found) is the bundle's own folder.
const cliOptions = {
  ...common,
  format: "cjs",
  entryPoints: { cli: "src/cli/main.ts" },
  outExtension: { ".js": ".cjs" },
  define: { "import.meta.dirname": "__dirname" },
};

/**
 * The CLI's imports of src/core become reads of dist/core.cjs: a core module
 * the CLI imports is `require("./core.cjs").cliModules[name]` (`name`, its
 * path in src/core), its names bound once, when the CLI loads, as local
 * constants (a call is then a plain call, not a getter's). `names` gives each
 * module's names, read from the built core.cjs.
 */
function sharedCore(names) {
  return {
    name: "shared-core",
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.namespace !== "file" || args.pluginData === "shared-core" || args.importer.startsWith(CORE)) return undefined;
        const found = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: "shared-core" });
        return found.errors.length === 0 && found.path.startsWith(CORE) ? { path: coreName(found.path), namespace: "shared-core" } : undefined;
      });
      b.onResolve({ filter: /^\.\/core\.cjs$/ }, (args) => ({ path: args.path, external: true }));
      b.onLoad({ filter: /.*/, namespace: "shared-core" }, (args) => ({
        contents: `export const { ${names[args.path].join(", ")} } = require("./core.cjs").cliModules[${JSON.stringify(args.path)}];`,
        resolveDir: ROOT,
        loader: "js",
      }));
    },
  };
}

rmSync(resolve(ROOT, "dist"), { recursive: true, force: true });
// First, which core modules the CLI's own code imports: core.cjs offers those.
const { metafile } = await build({ ...cliOptions, write: false, metafile: true, plugins: [vendorOnUse, lazyChildProcess, schemaValidatorPlugin(ROOT)] });
const cliModules = new Set();
for (const [input, { imports }] of Object.entries(metafile.inputs)) {
  if (resolve(ROOT, input).startsWith(CORE)) continue;
  for (const { path } of imports) if (resolve(ROOT, path).startsWith(CORE)) cliModules.add(coreName(resolve(ROOT, path)));
}
const shared = [...cliModules].sort();
await build({
  ...common,
  format: "cjs",
  stdin: {
    contents: [
      'export * from "./src/index.ts";',
      ...shared.map((name, i) => `import * as m${i} from "./src/core/${name}.ts";`),
      `export const cliModules = { ${shared.map((name, i) => `${JSON.stringify(name)}: m${i}`).join(", ")} };`,
    ].join("\n"),
    resolveDir: ROOT,
    sourcefile: "core-entry.js",
    loader: "js",
  },
  outdir: undefined,
  outfile: "dist/core.cjs",
  plugins: [schemaValidatorPlugin(ROOT)],
});
// The names core.cjs exports (core is pure: loading it here runs nothing but definitions).
const core = createRequire(import.meta.url)(resolve(ROOT, "dist/core.cjs"));
const libraryNames = Object.keys(core).filter((name) => name !== "cliModules");
const moduleNames = Object.fromEntries(shared.map((name) => [name, Object.keys(core.cliModules[name])]));
// Node finds a CommonJS file's names by reading it (esbuild writes them out for that); a bundler, natively.
writeFileSync(
  resolve(ROOT, "dist/index.js"),
  `// miosa-err's library. Its code is in core.cjs, which the CLI shares.\nexport { ${libraryNames.join(", ")} } from "./core.cjs";\n`,
);
const library = await import(pathToFileURL(resolve(ROOT, "dist/index.js")).href);
for (const name of libraryNames) if (library[name] !== core[name]) throw new Error(`dist/index.js does not export ${name}`);
await build({ ...cliOptions, plugins: [sharedCore(moduleNames), vendorOnUse, lazyChildProcess] });
for (const [name, contents] of Object.entries(VENDOR)) {
  await build({ ...common, format: "cjs", stdin: { contents, resolveDir: ROOT, loader: "js" }, outdir: undefined, outfile: `dist/vendor/${name}.cjs` });
}

await buildPage(ROOT, pkg.version);

execFileSync(process.execPath, [resolve(ROOT, "node_modules/typescript/bin/tsc"), "-p", resolve(ROOT, "tsconfig.build.json")], { stdio: "inherit" });
