// Builds dist/: the CLI, the library entry for `import "miosa-err"`, and its types.
//
// The CLI is laid out for start-up time (see README, Performance):
// - Everything `explain`, `list` and `search` need is one classic script,
//   dist/cli-core-<hash>.js, which dist/cli.js (the bin's target, an ES module)
//   compiles with V8's code cache, dist/cli-core-<hash>.cache (made by
//   scripts/code-cache.mjs; see src/cli/code-cache.ts). One file: each extra
//   ES module is a file read, a parse and a link step.
// - Whatever the CLI reaches only through import() (decode, probe, catalog
//   subcommands, completion, chalk, cli-table3, ajv validation, undici) is
//   bundled into dist/chunks/, loaded only when used. decode, run on big
//   logs, is a classic script with a code cache of its own too
//   (dist/chunks/decode-<hash>.cjs and .cache); the rest are ES modules.
// - A module both sides use exists once: the lazy chunks import it from
//   dist/cli.js instead of carrying a copy, so `instanceof UsageError` and
//   module state (the interrupt clean-ups in io.ts) hold across bundles.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { watEsbuildPlugin } from "./wat.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const abs = (file) => resolve(ROOT, file);

rmSync(abs("dist"), { recursive: true, force: true });

// Bundled CommonJS packages call require() for Node built-ins. An ESM bundle has
// no require; process.getBuiltinModule (Node >= 20.16) gives built-ins without
// loading node:module for createRequire. Unknown names throw like require does.
const requireShim =
  'const require=(id)=>{const m=process.getBuiltinModule(id);if(m===undefined)throw Object.assign(new Error(`Cannot find module \'${id}\'`),{code:"MODULE_NOT_FOUND"});return m};';

const common = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  legalComments: "none",
  banner: { js: requireShim },
  logLevel: "warning",
  absWorkingDir: ROOT,
};

/**
 * commander requires node:child_process at the top for executable subcommands,
 * which miosa-err does not have; loading it (with net, dgram and friends) costs
 * start-up time on every run. This hands commander a stand-in that loads the
 * real module on first use.
 */
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.importer.includes(`${join("node_modules", "commander")}`) ? { path: "child_process", namespace: "lazy-builtin" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, () => ({
      contents: 'module.exports = new Proxy({}, { get: (_, key) => process.getBuiltinModule("node:child_process")[key] });',
      loader: "js",
    }));
  },
};

/** A lazily loaded part's file name in dist/chunks: the package or the source file's name. */
function lazyName(path) {
  const inPackage = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(path);
  return inPackage ? inPackage[1].replace(/[\\/@]/g, "") : basename(path).replace(/\.[mc]?[jt]s$/, "");
}

/**
 * In the hot bundle, every import() of our own code or a package stays a
 * dynamic import of its lazy chunk (built separately); `names` maps a source
 * path to that chunk's file once it is known.
 */
function lazyImports(found, names = new Map()) {
  return {
    name: "lazy-imports",
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== "dynamic-import" || args.pluginData === "lazy-imports") return undefined;
        if (args.path.startsWith("node:")) return { path: `${LAZY}${args.path}`, external: true };
        const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: "lazy-imports" });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        found.add(resolved.path);
        return { path: `${LAZY}${names.get(resolved.path) ?? `./chunks/${lazyName(resolved.path)}.js`}`, external: true };
      });
    },
  };
}

/**
 * The hot path runs as a classic script (so V8 can take its compiled code
 * from a cache, below), where import() is not available without experimental
 * flags: each import() becomes a call to __load, which dist/cli.js hands in.
 */
const LAZY = "lazy-import:";
function callLoader(code) {
  const out = code.replaceAll(/\bimport\(\s*"lazy-import:([^"]+)"\s*\)/g, (_, path) => `__load(${JSON.stringify(path)})`);
  if (out.includes(LAZY) || /\bimport\s*\(/.test(out)) throw new Error("build: an import() in the hot path was not turned into __load()");
  return out;
}

/**
 * A bundle as a script part (see src/cli/code-cache.ts): a function of
 * (module, exports, require, __load), written to dist/<dir>/<stem>-<hash><ext>.
 * Its file name, which changes with its contents.
 */
function writeScript(dir, stem, ext, code) {
  const script = `(function(module,exports,require,__load){${callLoader(code)}\n})`;
  const name = `${stem}-${createHash("sha256").update(script).digest("hex").slice(0, 12)}${ext}`;
  writeFileSync(abs(join("dist", dir, name)), script);
  return name;
}

// 1. What the hot path holds, and which parts are loaded on use.
const lazyEntries = new Set();
const hot = await build({ ...common, entryPoints: [abs("src/cli/main.ts")], write: false, metafile: true, outdir: abs("dist"), plugins: [lazyChildProcess, watEsbuildPlugin, lazyImports(lazyEntries)] });
const hotModules = new Set(
  Object.entries(hot.metafile.inputs)
    .filter(([, input]) => input.format === "esm")
    .map(([path]) => abs(path)),
);

// 2. The export names of each hot ESM module, so a lazy chunk can take them from dist/cli.js.
const named = await build({ ...common, entryPoints: [...hotModules], splitting: true, write: false, metafile: true, outdir: abs("dist/_names"), plugins: [lazyChildProcess, watEsbuildPlugin, lazyImports(new Set())] });
const exportsOf = new Map();
for (const output of Object.values(named.metafile.outputs)) {
  if (output.entryPoint) exportsOf.set(abs(output.entryPoint), output.exports);
}
const sharedId = new Map([...hotModules].map((path, index) => [path, `__hot${index}`]));

/** In a lazy chunk, a hot module is a view of dist/cli.js's copy. */
const hotFromCli = (used) => ({
  name: "hot-from-cli",
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind === "entry-point" || args.pluginData === "hot-from-cli" || args.namespace === "hot") return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: "hot-from-cli" });
      if (!hotModules.has(resolved.path)) return undefined;
      used.add(resolved.path);
      return { path: resolved.path, namespace: "hot" };
    });
    b.onLoad({ filter: /.*/, namespace: "hot" }, (args) => {
      const id = sharedId.get(args.path);
      const names = exportsOf.get(args.path) ?? [];
      const bindings = names.map((name, i) => `const e${i} = ${id}[${JSON.stringify(name)}];\nexport { e${i} as ${JSON.stringify(name)} };`).join("\n");
      return { contents: `import { ${id} } from "../cli.js";\n${bindings}\n`, loader: "js" };
    });
    b.onResolve({ filter: /^\.\.\/cli\.js$/ }, () => ({ path: "../cli.js", external: true }));
  },
});

// 3. The lazily loaded parts, sharing chunks among themselves; decode in one
// file of its own: each ES module Node loads is a step of its own, and decode
// as one file loads in about 5 ms instead of 10 (it was 7 files).
const used = new Set();
const ONE_FILE = new Set([abs("src/commands/decode.ts")]);
const entriesOf = (paths) => Object.fromEntries([...paths].map((path) => [lazyName(path), path]));
const lazyOutputs = { outdir: abs("dist/chunks"), entryNames: "[name]-[hash]", chunkNames: "[name]-[hash]", metafile: true };
const lazy = await build({
  ...common,
  ...lazyOutputs,
  entryPoints: entriesOf([...lazyEntries].filter((path) => !ONE_FILE.has(path))),
  splitting: true,
  plugins: [lazyChildProcess, watEsbuildPlugin, hotFromCli(used)],
});
// decode's file is a classic script, as the hot path is, so that it too is
// compiled from V8's code cache (scripts/code-cache.mjs): a function of
// (module, exports, require, __load) whose require("../cli.js") gives the hot
// path's shared modules. Named .cjs: never import()ed, only read and compiled.
const alone = await build({
  ...common,
  entryPoints: entriesOf([...lazyEntries].filter((path) => ONE_FILE.has(path))),
  outdir: abs("dist/chunks"),
  metafile: true,
  write: false,
  format: "cjs",
  banner: {},
  plugins: [lazyChildProcess, watEsbuildPlugin, hotFromCli(used)],
});
const chunkFor = new Map();
for (const [output, info] of Object.entries(lazy.metafile.outputs)) {
  if (info.entryPoint) chunkFor.set(abs(info.entryPoint), `./${relative(abs("dist"), abs(output)).split("\\").join("/")}`);
}
for (const [output, info] of Object.entries(alone.metafile.outputs)) {
  if (!info.entryPoint) continue;
  const text = alone.outputFiles.find((file) => file.path === abs(output)).text;
  chunkFor.set(abs(info.entryPoint), `./chunks/${writeScript("chunks", basename(output, ".js"), ".cjs", text)}`);
}

// 4. The hot bundle, as a script: main's exports, plus the shared modules the lazy chunks read.
const entryExports = [...(exportsOf.get(abs("src/cli/main.ts")) ?? []), ...[...used].map((path) => sharedId.get(path))];
const sharedExports = [...used].map((path) => `export * as ${sharedId.get(path)} from ${JSON.stringify(path)};`).join("\n");
const hotBundle = await build({
  ...common,
  stdin: { contents: `export * from ${JSON.stringify(abs("src/cli/main.ts"))};\n${sharedExports}\n`, resolveDir: ROOT, sourcefile: "cli-entry.js", loader: "js" },
  format: "cjs",
  banner: {},
  write: false,
  outfile: abs("dist/cli-core.js"),
  plugins: [lazyChildProcess, watEsbuildPlugin, lazyImports(new Set(), chunkFor)],
});
const coreName = writeScript(".", "cli-core", ".js", hotBundle.outputFiles[0].text);
// dist/cli.js, the bin's target: runs the hot path (src/cli/code-cache.ts) and exports what it exports.
await build({
  ...common,
  stdin: {
    contents: `import { codeCacheFiles, runScript, sealCodeCache } from ${JSON.stringify(abs("src/cli/code-cache.ts"))};
// Lazily loaded parts: ES modules, but for the .cjs scripts (decode), run as the hot path is, once each.
const parts = new Map();
const load = (specifier) => {
  if (!specifier.endsWith(".cjs")) return import(specifier.startsWith(".") ? new URL(specifier, import.meta.url).href : specifier);
  const file = new URL(specifier, import.meta.url);
  if (!parts.has(file.href)) parts.set(file.href, runScript(file, load, { "../cli.js": hot.exports }));
  return Promise.resolve(parts.get(file.href).exports);
};
const core = new URL("./${coreName}", import.meta.url);
const hot = runScript(core, load);
export const { ${entryExports.join(", ")} } = hot.exports;
// For scripts/code-cache.mjs and the tests: the hot path's script and cache, and the parts loaded so far.
export const __core = core, __script = hot.script, __codeCache = hot.codeCache, __codeCacheFiles = codeCacheFiles, __parts = parts, __sealCodeCache = sealCodeCache;
`,
    resolveDir: ROOT,
    sourcefile: "cli.js",
    loader: "js",
  },
  banner: {},
  outfile: abs("dist/cli.js"),
});
// V8's compiled code for the hot path, made by running it (scripts/code-cache.mjs).
// Without NODE_OPTIONS: V8 refuses a cache made under other flags.
const { NODE_OPTIONS: _ignored, ...env } = process.env;
execFileSync(process.execPath, [abs("scripts/code-cache.mjs")], { stdio: "inherit", env });

// The library entry: dependencies stay packages of their own.
await build({
  entryPoints: { index: abs("src/index.ts") },
  outdir: abs("dist"),
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  logLevel: "warning",
  absWorkingDir: ROOT,
});

execFileSync(process.execPath, [abs("node_modules/typescript/bin/tsc"), "-p", abs("tsconfig.build.json")], { stdio: "inherit" });
