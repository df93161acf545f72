// The package as a user gets it: the tarball `npm pack` makes, installed
// globally into a temporary prefix with no network. It must bring nothing
// else (every dependency is bundled), stay small, hold no path of the
// machine that packed it, and work: the CLI and the library import.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./run-cli.js";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("the packed package, installed", () => {
  let work: string;
  let prefix: string;
  let installed: string;
  let unpackedSize: number;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "miosa-err-pack-"));
    prefix = join(work, "prefix");
    // dist/ is built by `npm test` before the tests run; packing must not build it again.
    const packed = JSON.parse(execFileSync(NPM, ["pack", "--json", "--ignore-scripts", "--pack-destination", work], { cwd: ROOT, encoding: "utf8" })) as {
      filename: string;
      unpackedSize: number;
    }[];
    unpackedSize = packed[0]!.unpackedSize;
    const tarball = join(work, packed[0]!.filename);
    execFileSync(NPM, ["install", "--global", "--prefix", prefix, "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], {
      cwd: work,
      encoding: "utf8",
      env: { ...process.env, npm_config_registry: "http://127.0.0.1:9/" },
    });
    installed = join(prefix, "lib", "node_modules", "miosa-err");
  }, 120_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  // Under 1 MB (issue 13; it had grown to 1.2 MB): the core code ships once (in chunks the CLI and the
  // library share) and the catalog schema's validator is compiled at build time (no ajv).
  // The browser page (dist/page, about 140 KB) is a self-contained copy of the decoder and the
  // catalog, so that it works opened from disk.
  it("brings no other package and stays under 1 MB unpacked", () => {
    expect(readdirSync(join(prefix, "lib", "node_modules"))).toEqual(["miosa-err"]);
    expect(readdirSync(installed)).not.toContain("node_modules");
    expect(unpackedSize).toBeLessThan(1_000_000);
    const bytes = filesUnder(installed).reduce((sum, file) => sum + statSync(file).size, 0);
    expect(bytes).toBeLessThan(1_000_000);
    expect(readdirSync(installed).sort()).toEqual(["LICENSE", "README.md", "bin", "catalog", "dist", "package.json"]);
  });

  it("holds no path of the machine that packed it", () => {
    for (const file of filesUnder(installed)) {
      const text = readFileSync(file, "latin1");
      expect([file, text.includes(ROOT)]).toEqual([file, false]);
      expect([file, text.includes(tmpdir())]).toEqual([file, false]);
    }
  });

  it("runs explain and decode from the installed bin", () => {
    const bin = join(prefix, "bin", "miosa-err");
    const explained = spawnSync(bin, ["explain", "EMPTY_ARTIFACT"], { encoding: "utf8" });
    expect(explained.status).toBe(0);
    expect(explained.stdout).toContain("Publish output contained no files");
    const decoded = spawnSync(bin, ["decode", "--json", "-e", '{"error":{"code":"SANDBOX_NOT_RUNNING","message":"x","request_id":"req_1"}}'], {
      encoding: "utf8",
    });
    expect(decoded.status).toBe(0);
    expect(JSON.parse(decoded.stdout).findings[0]).toMatchObject({ code: "SANDBOX_NOT_RUNNING", request_id: "req_1" });
  });

  it("writes the browser page from its install (the page is found beside the bundle)", () => {
    const out = join(work, "decoder.html");
    const result = spawnSync(join(prefix, "bin", "miosa-err"), ["page", "--out", out], { encoding: "utf8" });
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(readFileSync(out).equals(readFileSync(join(ROOT, "dist/page/decoder.html")))).toBe(true);
  });

  it("imports as a library, by name, from its install", () => {
    const script =
      'import { explain, search, checkCatalogDocument } from "miosa-err"; process.stdout.write(JSON.stringify([explain("sandbox_limit_reached", { area: "billing" }).matches[0].action, search("credits").length > 0, checkCatalogDocument({ entries: [] }).ok]));';
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: join(prefix, "lib"), encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual(["Destroy idle sandboxes or upgrade plan", true, true]);
  });

  it("decodes text and streams as a library: decodeText, decodeStream", () => {
    const envelope = '{"error":{"code":"SANDBOX_NOT_RUNNING","message":"x","request_id":"req_1"}}';
    const script = `import { decodeText, decodeStream } from "miosa-err"; import { Readable } from "node:stream";
      const text = decodeText(${JSON.stringify(envelope)});
      const stream = await decodeStream(Readable.from([Buffer.from(${JSON.stringify(envelope.slice(0, 20))}), Buffer.from(${JSON.stringify(envelope.slice(20))})]));
      process.stdout.write(JSON.stringify([text.findings[0].code, text.findings[0].request_id, text.summary.counts(), stream.findings[0].code]));`;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: join(prefix, "lib"), encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual(["SANDBOX_NOT_RUNNING", "req_1", { SANDBOX_NOT_RUNNING: 1 }, "SANDBOX_NOT_RUNNING"]);
  });
});
