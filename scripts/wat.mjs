// WebAssembly text to bytes, for the build (esbuild) and the tests (vitest):
// `import bytes from "./x.wat"` gives the module's binary as a Uint8Array
// (a Buffer), compiled from the text when bundled. Nothing built is committed.
import { readFile } from "node:fs/promises";
import initWabt from "wabt";

let wabt;

/** The binary of the .wat file at `path`, checked by wabt's validator. */
export async function compileWat(path) {
  wabt ??= await initWabt();
  const module = wabt.parseWat(path, await readFile(path, "utf8"), { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

/** The ES module a .wat file becomes: its bytes, as base64 (a third bigger, read at native speed). */
async function watModule(path) {
  const base64 = Buffer.from(await compileWat(path)).toString("base64");
  return `export default Buffer.from(${JSON.stringify(base64)}, "base64");\n`;
}

export const watEsbuildPlugin = {
  name: "wat",
  setup(build) {
    build.onLoad({ filter: /\.wat$/ }, async (args) => ({ contents: await watModule(args.path), loader: "js" }));
  },
};

export const watVitePlugin = {
  name: "wat",
  async load(id) {
    return id.endsWith(".wat") ? await watModule(id) : null;
  },
};
