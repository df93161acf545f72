// What the built CLI loads to start: explain, list and search need nothing
// from dist/vendor and none of Node's heavier modules. (How long start-up
// takes is measured by `npm run bench`.)
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
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
  ["serve", "--help"],
  ["page", "--help"],
];

function run(root: string, args: readonly string[], extra: string[] = [], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [...extra, join(root, "bin/miosa-err.js"), ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    stdio: ["pipe", "pipe", "pipe", "pipe"],
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, fd3: String(result.output[3] ?? "") };
}

// Lists every built-in module loaded, on fd 3, as the process exits.
const LIST_MODULES = `data:text/javascript,process.on("exit",()=>process.getBuiltinModule("node:fs").writeSync(3,JSON.stringify(process.moduleLoadList)))`;

/** A copy of the package as built, minus the files of dist/ that `left` names. */
function copyWithout(left: (path: string) => boolean): string {
  const dir = mkdtempSync(join(tmpdir(), "miosa-err-hot-"));
  cpSync(join(ROOT, "bin"), join(dir, "bin"), { recursive: true });
  cpSync(join(ROOT, "package.json"), join(dir, "package.json"));
  cpSync(join(ROOT, "dist"), join(dir, "dist"), { recursive: true, filter: (source) => !left(source) });
  return dir;
}

describe("start-up", () => {
  let withoutVendor: string;
  beforeAll(() => {
    // The packages loaded on use.
    withoutVendor = copyWithout((source) => source.includes(join("dist", "vendor")));
    expect(readdirSync(join(withoutVendor, "dist"))).not.toContain("vendor");
  });

  it.each(HOT_COMMANDS)("%s %s %s runs from dist without dist/vendor, exactly as with it", (...args) => {
    const hot = run(withoutVendor, args);
    const full = run(ROOT, args);
    expect(full.status).toBe(0);
    expect(hot).toEqual(full);
  });

  it("a command that needs a vendor package fails without dist/vendor (the check above is not vacuous)", () => {
    // Colour loads chalk from dist/vendor.
    const colour = { FORCE_COLOR: "1" };
    expect(run(withoutVendor, ["explain", "EMPTY_ARTIFACT"], [], colour).status).toBe(70);
    expect(run(ROOT, ["explain", "EMPTY_ARTIFACT"], [], colour).status).toBe(0);
  });

  it("a user catalog is checked without dist/vendor: the schema's validator is compiled into the CLI", () => {
    const dir = mkdtempSync(join(tmpdir(), "miosa-err-catalog-"));
    const catalog = join(dir, "mine.json");
    writeFileSync(catalog, JSON.stringify({ entries: [{ code: "X" }] }));
    try {
      const hot = run(withoutVendor, ["catalog", "validate", catalog]);
      expect(hot.status).toBe(1);
      expect(hot.stdout).toContain(`${catalog}: entry 0 (X), field area: is missing\n`);
      expect(hot).toEqual(run(ROOT, ["catalog", "validate", catalog]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("explain, list and search load neither child_process (commander requires it at the top), node:module, nor Node's stream modules when their output is a pipe", () => {
    for (const args of [
      ["explain", "SANDBOX_LIMIT_REACHED"],
      ["list", "--json"],
      ["search", "credits"],
    ]) {
      const result = run(ROOT, args, ["--import", LIST_MODULES]);
      expect(result.status).toBe(0);
      const loaded: string[] = JSON.parse(result.fd3);
      expect(loaded).toContain("NativeModule fs");
      for (const heavy of ["child_process", "dgram", "module", "net", "tty", "stream", "internal/streams/readable"]) {
        expect(loaded).not.toContain(`NativeModule ${heavy}`);
      }
    }
  });

  it("decode of a short file loads neither fs/promises nor Node's stream modules", () => {
    const dir = mkdtempSync(join(tmpdir(), "miosa-err-short-"));
    const file = join(dir, "answer.json");
    writeFileSync(file, '{"error":{"code":"SANDBOX_NOT_RUNNING","message":"x","request_id":"req_01JDZQ5YQ8N4W3V2B1C0XKMHTA"}}\n');
    try {
      const result = run(ROOT, ["decode", "--json", file], ["--import", LIST_MODULES]);
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

  it("explain, list and search run without the commands' runs (dist/runs-*.js, loaded on use); decode, whose run is there, says so in one line", () => {
    const isRuns = (source: string) => /[\\/]runs-\w+\.js$/.test(source);
    expect(readdirSync(join(ROOT, "dist")).filter((file) => isRuns(`/${file}`))).toHaveLength(1);
    const withoutRuns = copyWithout(isRuns);
    try {
      for (const args of [
        ["explain", "SANDBOX_LIMIT_REACHED"],
        ["list", "--json"],
        ["search", "credits"],
        ["decode", "--help"],
      ]) {
        const full = run(ROOT, args);
        expect(full.status).toBe(0);
        expect(run(withoutRuns, args)).toEqual(full);
      }
      // A file of the package gone is the tool's fault: one line, exit 70, no stack trace.
      const decoded = run(withoutRuns, ["decode", "-e", '{"error":{"code":"X"}}']);
      expect(decoded.status).toBe(70);
      expect(decoded.stderr).toMatch(/^miosa-err: internal error: [^\n]*runs-\w+\.js[^\n]*\n$/);
    } finally {
      rmSync(withoutRuns, { recursive: true, force: true });
    }
  });

  it("the library (dist/index.js) loads none of Node's modules and none of the CLI's: it is core, for Node and browsers alike", () => {
    const loadedBy = (source: string) => {
      const result = spawnSync(process.execPath, ["--import", LIST_MODULES, "--input-type=module", "-e", source], {
        encoding: "utf8",
        stdio: ["pipe", "pipe", "pipe", "pipe"],
      });
      expect(result.stderr).toBe("");
      return JSON.parse(String(result.output[3])) as string[];
    };
    const library = pathToFileURL(join(ROOT, "dist", "index.js")).href;
    const withLibrary = loadedBy(`const lib = await import(${JSON.stringify(library)}); if (typeof lib.decodeText !== "function") process.exit(3);`);
    // What loading any file as an ES module loads (the loader reads it with fs/promises).
    const dir = mkdtempSync(join(tmpdir(), "miosa-err-empty-"));
    const empty = join(dir, "empty.mjs");
    writeFileSync(empty, "export {};\n");
    const without = new Set(loadedBy(`await import(${JSON.stringify(pathToFileURL(empty).href)});`));
    rmSync(dir, { recursive: true, force: true });
    expect(withLibrary.filter((name) => !without.has(name))).toEqual([]);
    // Not vacuous: the CLI's entry does load some.
    const withCli = loadedBy(`await import(${JSON.stringify(pathToFileURL(join(ROOT, "dist", "cli.js")).href)});`);
    expect(withCli.filter((name) => !without.has(name)).length).toBeGreaterThan(0);
  });

  it("the bundle's require (for the CommonJS packages in it) gives Node's modules and throws for one Node lacks, as require does", () => {
    const shim = readFileSync(join(ROOT, "dist", "cli.js"), "utf8").split("\n")[0]!;
    expect(shim).toMatch(/^const require=/);
    const check = `${shim}\nif (require("node:path").join("a","b") !== "a/b") process.exit(3);\ntry { require("node:no-such-module"); process.exit(4); } catch (error) { if (!/Cannot find module/.test(error.message)) process.exit(5); }`;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", check], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("the bin turns on Node's compile cache where Node has one (22.1+), and not on Node 20", () => {
    // Stands in for node:module's enableCompileCache (and for Node's version, on 22.1): says on fd 3 that it was called.
    const stub = (version: string) =>
      `data:text/javascript,const m = process.getBuiltinModule("node:module"); ${version ? `Object.defineProperty(process.versions, "node", { value: "${version}" });` : ""} m.enableCompileCache = () => process.getBuiltinModule("node:fs").writeSync(3, "called"); m.syncBuiltinESMExports();`;
    const onNode22 = run(ROOT, ["explain", "SANDBOX_LIMIT_REACHED"], ["--import", stub("22.1.0")]);
    expect(onNode22.status).toBe(0);
    expect(onNode22.fd3).toBe("called");
    const onNode20 = run(ROOT, ["explain", "SANDBOX_LIMIT_REACHED"], ["--import", stub("")]);
    expect(process.versions.node.startsWith("20.")).toBe(true);
    expect(onNode20.status).toBe(0);
    expect(onNode20.fd3).toBe("");
  });

  it("keeps exit codes for typed errors thrown by a command's parse (completion) and by a run loaded on use (decode)", () => {
    const completion = run(ROOT, ["completion", "tcsh"]);
    expect(completion.status).toBe(2);
    expect(completion.stderr).toBe('miosa-err: no completion for shell "tcsh"; shells: bash, zsh, fish\n');
    const missing = join(withoutVendor, "absent.log");
    const decoded = run(ROOT, ["decode", missing]);
    expect(decoded.status).toBe(2);
    expect(decoded.stderr).toBe(`miosa-err: cannot read ${missing}: no such file\n`);
  });
});
