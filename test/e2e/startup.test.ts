// What the built CLI loads to start: explain, list and search need nothing
// from dist/chunks and none of Node's heavier modules; the lazily loaded
// parts share one copy of the CLI's modules, so typed errors thrown there keep
// their exit codes. (How long start-up takes is measured by `npm run bench`.)
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./run-cli.js";

const HOT_COMMANDS = [
  ["explain", "SANDBOX_LIMIT_REACHED"],
  ["explain", "SANDBOX_LIMIT_REACHED", "--json"],
  ["explain", "409"],
  ["list"],
  ["list", "--json", "--area", "billing"],
  ["search", "credits"],
  ["search", "credits", "--json"],
  ["--version"],
  ["decode", "--help"],
  ["probe", "--help"],
];

/** How dist/cli.js under root compiled its hot path: "used", "rejected" or "absent" (its code cache). */
function codeCache(root: string): string {
  const script = `import(${JSON.stringify(join(root, "dist/cli.js"))}).then((cli) => process.stdout.write(cli.__codeCache))`;
  return spawnSync(process.execPath, ["-e", script], { env: { PATH: process.env.PATH ?? "" }, encoding: "utf8" }).stdout;
}

/** How dist/cli.js under root compiled decode's part after a decode of `args`: its code cache, and the output. */
function decodePartCache(root: string, args: readonly string[]): { status: string[]; stdout: string } {
  const script = `import(${JSON.stringify(join(root, "dist/cli.js"))}).then(async (cli) => {
    const io = cli.testIO();
    await cli.main(${JSON.stringify(["decode", ...args])}, io);
    process.stdout.write(JSON.stringify({ status: [...cli.__parts.values()].map((part) => part.codeCache), stdout: io.output() }));
  })`;
  return JSON.parse(spawnSync(process.execPath, ["-e", script], { env: { PATH: process.env.PATH ?? "" }, encoding: "utf8" }).stdout);
}

/** A well-formed code cache, checksum and all, that V8 must refuse for dist's script. */
function sealedCacheOfAnotherScript(): Buffer {
  const script = `import(${JSON.stringify(join(ROOT, "dist/cli.js"))}).then((cli) => {
    const data = new (process.getBuiltinModule("node:vm").Script)("1 + 1").createCachedData();
    process.stdout.write(cli.__sealCodeCache(data).toString("base64"));
  })`;
  return Buffer.from(spawnSync(process.execPath, ["-e", script], { encoding: "utf8" }).stdout, "base64");
}

function run(root: string, args: readonly string[], extra: string[] = []) {
  const result = spawnSync(process.execPath, [...extra, join(root, "bin/miosa-err.js"), ...args], {
    env: { PATH: process.env.PATH ?? "" },
    encoding: "utf8",
    stdio: ["pipe", "pipe", "pipe", "pipe"],
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, fd3: String(result.output[3] ?? "") };
}

describe("start-up", () => {
  let withoutChunks: string;
  beforeAll(() => {
    // The package as built, minus every lazily loaded part.
    withoutChunks = mkdtempSync(join(tmpdir(), "miosa-err-hot-"));
    cpSync(join(ROOT, "bin"), join(withoutChunks, "bin"), { recursive: true });
    cpSync(join(ROOT, "package.json"), join(withoutChunks, "package.json"));
    cpSync(join(ROOT, "dist"), join(withoutChunks, "dist"), { recursive: true, filter: (source) => !source.includes(join("dist", "chunks")) });
    expect(readdirSync(join(withoutChunks, "dist"))).not.toContain("chunks");
  });

  it.each(HOT_COMMANDS)("%s %s %s runs from dist without dist/chunks, exactly as with it", (...args) => {
    const hot = run(withoutChunks, args);
    const full = run(ROOT, args);
    expect(full.status).toBe(0);
    expect(hot).toEqual(full);
  });

  it("a command that needs a lazy part fails without dist/chunks (the check above is not vacuous)", () => {
    const decoded = run(withoutChunks, ["decode", "-e", '{"error":{"code":"SANDBOX_NOT_RUNNING","message":"x"}}']);
    expect(decoded.status).toBe(70);
    expect(run(ROOT, ["decode", "-e", '{"error":{"code":"SANDBOX_NOT_RUNNING","message":"x"}}']).status).toBe(0);
  });

  it("explain, list and search load neither child_process (commander requires it at the top), node:module, nor Node's stream modules when their output is a pipe", () => {
    // Lists every built-in module loaded, on fd 3, as the process exits.
    const listModules = `data:text/javascript,process.on("exit",()=>process.getBuiltinModule("node:fs").writeSync(3,JSON.stringify(process.moduleLoadList)))`;
    for (const args of [["explain", "SANDBOX_LIMIT_REACHED"], ["list", "--json"], ["search", "credits"]]) {
      const result = run(ROOT, args, ["--import", listModules]);
      expect(result.status).toBe(0);
      const loaded: string[] = JSON.parse(result.fd3);
      expect(loaded).toContain("NativeModule fs");
      for (const heavy of ["child_process", "dgram", "module", "net", "tty", "stream", "internal/streams/readable"]) {
        expect(loaded).not.toContain(`NativeModule ${heavy}`);
      }
    }
  });

  it("decode of a short file loads neither node:v8 (the heap tuning is for long inputs), fs/promises, nor Node's stream modules", () => {
    const listModules = `data:text/javascript,process.on("exit",()=>process.getBuiltinModule("node:fs").writeSync(3,JSON.stringify(process.moduleLoadList)))`;
    const dir = mkdtempSync(join(tmpdir(), "miosa-err-short-"));
    const file = join(dir, "answer.json");
    writeFileSync(file, '{"error":{"code":"SANDBOX_NOT_RUNNING","message":"x","request_id":"req_01JDZQ5YQ8N4W3V2B1C0XKMHTA"}}\n');
    try {
      const result = run(ROOT, ["decode", "--json", file], ["--import", listModules]);
      expect(result.status).toBe(0);
      const loaded: string[] = JSON.parse(result.fd3);
      expect(loaded).toContain("NativeModule fs");
      for (const heavy of ["v8", "fs/promises", "net", "stream", "internal/streams/readable"]) {
        expect(loaded).not.toContain(`NativeModule ${heavy}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("tunes the heap (node:v8) past 2 MB of input for the text formats, which keep strings, and never for --json", () => {
    const listModules = `data:text/javascript,process.on("exit",()=>process.getBuiltinModule("node:fs").writeSync(3,JSON.stringify(process.moduleLoadList)))`;
    const dir = mkdtempSync(join(tmpdir(), "miosa-err-large-"));
    const file = join(dir, "app.log");
    const record = '{"level":"info","msg":"request completed","path":"/api/v1/sandboxes","status":200}\n';
    writeFileSync(file, `${record.repeat(Math.ceil((3 * 1024 * 1024) / record.length))}{"status":409,"error":{"code":"SANDBOX_NOT_RUNNING","message":"x"}}\n`);
    try {
      for (const [format, tuned] of [[["--json"], false], [[], true], [["--format", "markdown"], true]] as const) {
        const result = run(ROOT, ["decode", ...format, file], ["--import", listModules]);
        expect(result.status).toBe(0);
        const loaded: string[] = JSON.parse(result.fd3);
        expect([format, loaded.includes("NativeModule v8")]).toEqual([format, tuned]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps exit codes for typed errors thrown inside lazily loaded parts (one copy of each error class)", () => {
    const completion = run(ROOT, ["completion", "tcsh"]);
    expect(completion.status).toBe(2);
    expect(completion.stderr).toBe('miosa-err: no completion for shell "tcsh"; shells: bash, zsh, fish\n');
    const missing = join(withoutChunks, "absent.log");
    const decoded = run(ROOT, ["decode", missing]);
    expect(decoded.status).toBe(2);
    expect(decoded.stderr).toBe(`miosa-err: cannot read ${missing}: no such file\n`);
  });

  it("compiles the hot path from V8's code cache, made by the build for this Node", () => {
    const caches = readdirSync(join(ROOT, "dist")).filter((name) => /\.cache(-copy)?$/.test(name));
    expect(caches).toHaveLength(2);
    expect(codeCache(ROOT)).toBe("used");
  });

  // What becomes of dist's two cache files: each spoiler gets the real cache and returns the
  // new contents of [cache, copy] (undefined: the file is removed).
  it.each<[string, string, (cache: Buffer) => [Buffer | undefined, Buffer | undefined]]>([
    ["missing", "absent", () => [undefined, undefined]],
    ["missing one copy", "corrupt", (cache) => [cache, undefined]],
    ["garbage", "corrupt", () => [Buffer.from("not a V8 code cache".repeat(50)), Buffer.from("not a V8 code cache".repeat(50))]],
    ["cut in half, both copies", "corrupt", (cache) => [cache.subarray(0, cache.length >> 1), cache.subarray(0, cache.length >> 1)]],
    // A whole header and a spoiled body: V8 would crash on it, not refuse it.
    ["spoiled after its header in one copy", "corrupt", (cache) => [Buffer.concat([cache.subarray(0, 64), Buffer.alloc(cache.length - 64, 7)]), cache]],
    ["sealed but made for another script", "rejected", () => {
      const other = sealedCacheOfAnotherScript();
      return [other, other];
    }],
  ])("a code cache that is %s is not used (%s): the same output, compiled from source", (_what, status, spoil) => {
    const root = mkdtempSync(join(tmpdir(), "miosa-err-cache-"));
    cpSync(withoutChunks, root, { recursive: true });
    const names = readdirSync(join(root, "dist")).filter((file) => /\.cache(-copy)?$/.test(file)).sort();
    const spoiled = spoil(readFileSync(join(root, "dist", names[0]!)));
    names.forEach((name, index) => {
      const contents = spoiled[index];
      if (contents === undefined) rmSync(join(root, "dist", name));
      else writeFileSync(join(root, "dist", name), contents);
    });
    expect(codeCache(root)).toBe(status);
    for (const args of [["explain", "SANDBOX_LIMIT_REACHED"], ["list", "--json"], ["search", "credits"]]) {
      expect(run(root, args)).toEqual(run(ROOT, args));
    }
  });

  describe("decode's part, a script of its own with its own code cache", () => {
    const ENVELOPE = '{"error":{"code":"SANDBOX_NOT_RUNNING","message":"x","request_id":"req_01JDZQ5YQ8N4W3V2B1C0XKMHTA"}}';

    it("is compiled from the cache the build made", () => {
      const names = readdirSync(join(ROOT, "dist", "chunks")).filter((name) => name.startsWith("decode-"));
      expect(names.map((name) => name.replace(/^decode-[0-9a-f]+/, "decode"))).toEqual(["decode.cache", "decode.cache-copy", "decode.cjs"]);
      const run = decodePartCache(ROOT, ["--json", "-e", ENVELOPE]);
      expect(run.status).toEqual(["used"]);
      expect(JSON.parse(run.stdout).findings[0].code).toBe("SANDBOX_NOT_RUNNING");
    });

    it("is compiled from source, with the same output, when its cache is spoiled", () => {
      const root = mkdtempSync(join(tmpdir(), "miosa-err-decode-cache-"));
      cpSync(join(ROOT, "bin"), join(root, "bin"), { recursive: true });
      cpSync(join(ROOT, "package.json"), join(root, "package.json"));
      cpSync(join(ROOT, "dist"), join(root, "dist"), { recursive: true });
      const copy = readdirSync(join(root, "dist", "chunks")).find((name) => /^decode-.*\.cache-copy$/.test(name))!;
      const spoiled = readFileSync(join(root, "dist", "chunks", copy));
      spoiled[spoiled.length >> 1]! ^= 0xff;
      writeFileSync(join(root, "dist", "chunks", copy), spoiled);
      const fromSource = decodePartCache(root, ["--json", "-e", ENVELOPE]);
      expect(fromSource.status).toEqual(["corrupt"]);
      expect(fromSource.stdout).toBe(decodePartCache(ROOT, ["--json", "-e", ENVELOPE]).stdout);
      rmSync(root, { recursive: true, force: true });
    });
  });
});
