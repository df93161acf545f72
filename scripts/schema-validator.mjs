// The validator of catalog/schema.json, compiled ahead of time with ajv's
// standalone code generation, so that the package ships no ajv (its runtime
// was 124 KB; this code is about 15 KB). src/core/validate.ts imports it as
// ./catalog-schema.compiled.js, a module no file holds: the build (esbuild,
// scripts/build.mjs) and the tests (vite, vitest.config.ts) make it here from
// the schema, so it cannot fall behind the schema. Its type is in
// src/core/catalog-schema.compiled.d.ts.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const require = createRequire(import.meta.url);
const Ajv = require("ajv").default;
const standaloneCode = require("ajv/dist/standalone").default;

/** The module's name as validate.ts imports it. */
export const SCHEMA_VALIDATOR_MODULE = /(^|[\\/])catalog-schema\.compiled\.js$/;

/** The options validate.ts was written against: every problem, not the first; the schema's own keywords as they are. */
const OPTIONS = { allErrors: true, strict: false };

/**
 * The validator as an ES module: `export default validate`. The helpers ajv's
 * code calls (ucs2length, for minLength and maxLength) are written into it:
 * each is one function with no closure, so its source is all it needs.
 */
export function schemaValidatorSource(root) {
  const schema = JSON.parse(readFileSync(resolve(root, "catalog/schema.json"), "utf8"));
  const ajv = new Ajv({ ...OPTIONS, code: { source: true, esm: true } });
  const code = standaloneCode(ajv, ajv.compile(schema));
  const inlined = code.replace(/require\("(ajv\/dist\/runtime\/[\w-]+)"\)\.default/g, (call, path) => {
    const helper = require(path).default;
    const source = typeof helper === "function" ? helper.toString() : "";
    if (!/^function\b/.test(source)) throw new Error(`schema-validator: ${call} is not a plain function to write in`);
    return `(${source})`;
  });
  if (/\brequire\(/.test(inlined)) throw new Error("schema-validator: the compiled schema still requires a module");
  return inlined;
}

/** For esbuild: the module from the schema. */
export function schemaValidatorPlugin(root) {
  return {
    name: "schema-validator",
    setup(b) {
      b.onResolve({ filter: SCHEMA_VALIDATOR_MODULE }, (args) => ({ path: resolve(args.resolveDir, args.path), namespace: "schema-validator" }));
      b.onLoad({ filter: /.*/, namespace: "schema-validator" }, () => ({ contents: schemaValidatorSource(root), loader: "js" }));
    },
  };
}

/** For vite (vitest): the same module. */
export function schemaValidatorVitePlugin(root) {
  const id = "\0catalog-schema.compiled.js";
  return {
    name: "schema-validator",
    resolveId: (source) => (SCHEMA_VALIDATOR_MODULE.test(source) ? id : null),
    load(loaded) {
      if (loaded !== id) return null;
      this.addWatchFile(resolve(root, "catalog/schema.json"));
      return schemaValidatorSource(root);
    },
  };
}
