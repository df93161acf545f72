// Runs the CLI's hot path, dist/cli-core-*.js, and decode's part,
// dist/chunks/decode-*.cjs, with V8's code cache.
//
// Node 20 has no code cache for ES modules (module.enableCompileCache came in
// Node 22), so these are bundled as classic scripts and compiled with
// vm.Script, whose cachedData skips parsing and compiling what the build's
// warm-up run compiled (scripts/code-cache.mjs). V8 refuses a cache made by
// another V8 version, under other flags or for a source of another length,
// and then compiles the script as usual.
//
// V8 does not checksum a cache's body in release builds, and a corrupt body
// can crash it. A checksum costs more than the cache saves (node:zlib's crc32
// loads the stream modules; a JavaScript loop over 150 KB runs interpreted;
// WebAssembly takes ~4 ms to start), so the build writes the cache twice and
// it is used only when both copies agree byte for byte: one memcmp.
export type CodeCacheStatus = "used" | "rejected" | "corrupt" | "absent";

/** "MEC1", then the length of V8's data, then the data. */
const MAGIC = 0x3143454d;
const HEADER = 8;

/** The two files the build writes for a script `name.js` or `name.cjs`. */
export function codeCacheFiles(script: URL): [URL, URL] {
  if (!/\.c?js$/.test(script.pathname)) throw new Error(`not a script: ${script.href}`);
  return [new URL(script.href.replace(/\.c?js$/, ".cache")), new URL(script.href.replace(/\.c?js$/, ".cache-copy"))];
}

/** V8's cache data with the header openCodeCache checks. */
export function sealCodeCache(data: Uint8Array): Buffer {
  const sealed = Buffer.alloc(HEADER + data.length);
  sealed.writeUInt32LE(MAGIC, 0);
  sealed.writeUInt32LE(data.length, 4);
  sealed.set(data, HEADER);
  return sealed;
}

/** V8's data from the two sealed copies, or why there is none to use. */
export function openCodeCache(sealed: Buffer | undefined, copy: Buffer | undefined): { data: Buffer } | { status: "absent" | "corrupt" } {
  if (sealed === undefined && copy === undefined) return { status: "absent" };
  if (sealed === undefined || copy === undefined || !sealed.equals(copy)) return { status: "corrupt" };
  if (sealed.length < HEADER || sealed.readUInt32LE(0) !== MAGIC || sealed.readUInt32LE(4) !== sealed.length - HEADER) {
    return { status: "corrupt" };
  }
  return { data: sealed.subarray(HEADER) };
}

export interface ScriptPart {
  exports: Record<string, unknown>;
  script: import("node:vm").Script;
  codeCache: CodeCacheStatus;
}

/**
 * Compiles and runs a script part. It is a function of (module, exports,
 * require, load): require gives `modules` by name and Node's built-ins,
 * load stands in for import(), which a vm.Script cannot use without
 * experimental flags.
 */
export function runScript(file: URL, load: (specifier: string) => Promise<unknown>, modules: Record<string, unknown> = {}): ScriptPart {
  const { readFileSync } = process.getBuiltinModule("node:fs");
  const { Script } = process.getBuiltinModule("node:vm");
  const { fileURLToPath } = process.getBuiltinModule("node:url");
  const filename = fileURLToPath(file);
  const read = (cache: URL) => {
    try {
      return readFileSync(cache);
    } catch {
      return undefined;
    }
  };
  const opened = openCodeCache(...(codeCacheFiles(file).map(read) as [Buffer | undefined, Buffer | undefined]));
  const cachedData = "data" in opened ? opened.data : undefined;
  const script = new Script(readFileSync(filename, "utf8"), { filename, cachedData });
  const codeCache: CodeCacheStatus = "status" in opened ? opened.status : script.cachedDataRejected ? "rejected" : "used";
  const require = (id: string) => {
    if (Object.hasOwn(modules, id)) return modules[id];
    const found = process.getBuiltinModule(id);
    if (found === undefined) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: "MODULE_NOT_FOUND" });
    return found;
  };
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (...args: unknown[]) => void)(module, module.exports, require, load);
  return { exports: module.exports, script, codeCache };
}
